"""Reading a dealer's inventory export (CSV). Pure: bytes in, field values and problems out.

Exports from dealer management systems differ in everything: header names ("Stock #",
"StockNo", "Stock Number"), delimiter (comma, or semicolon where the comma is the decimal
mark), encoding (UTF-8 with or without a BOM, or Windows-1252), prices with "$" and thousands
separators. Headers are matched case-insensitively against synonyms; each cell is converted to
the field's type, and a cell that cannot be is a row error, never a guess.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# An inventory export of a few thousand cars is well under these.
CSV_MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000

# Field -> header synonyms, normalised (lower case, letters, digits and "#" only), best first:
# when a file has several (Internet Price and MSRP), the first listed fills the field.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "stock_number": ("stock#", "stockno", "stocknumber", "stocknum", "stock", "stk#", "stk"),
    "vin": ("vin", "vinnumber", "vin#", "vehicleidentificationnumber"),
    "condition": ("condition", "newused", "type", "vehicletype", "inventorytype"),
    "year": ("year", "modelyear", "yr"),
    "make": ("make", "brand"),
    "model": ("model", "modelname"),
    "trim": ("trim", "series", "trimlevel"),
    "body_style": ("bodystyle", "body", "bodytype"),
    "mileage": ("mileage", "miles", "odometer", "odo"),
    "price": (
        "price",
        "internetprice",
        "sellingprice",
        "saleprice",
        "askingprice",
        "listprice",
        "msrp",
    ),
    "exterior_color": (
        "extcolor",
        "exteriorcolor",
        "extcolour",
        "exteriorcolour",
        "exterior",
        "color",
        "colour",
    ),
    "interior_color": ("intcolor", "interiorcolor", "intcolour", "interiorcolour", "interior"),
    "drivetrain": ("drivetrain", "drive", "drivetype", "drivesystem"),
    "transmission": ("transmission", "trans"),
    "fuel_type": ("fueltype", "fuel"),
    "mpg_city": ("citympg", "mpgcity", "city"),
    "mpg_highway": ("hwympg", "highwaympg", "mpghwy", "mpghighway", "hwy", "highway"),
    "features": ("features", "options", "equipment"),
    "status": ("status",),
    "notes": ("notes", "comments"),
}
_DELIMITERS = ",;\t|"
_CONDITIONS = {
    "n": "new",
    "new": "new",
    "u": "used",
    "used": "used",
    "preowned": "used",
    "c": "certified",
    "cpo": "certified",
    "certified": "certified",
    "certifiedpreowned": "certified",
}
_STATUSES = {
    "instock": "in-stock",
    "available": "in-stock",
    "active": "in-stock",
    "sold": "sold",
}


class UnreadableCsv(ValueError):
    """The file as a whole cannot be imported (not CSV, no header, too many rows)."""


class TooManyRows(UnreadableCsv):
    pass


@dataclass(frozen=True)
class ParsedRow:
    line: int  # the row's first line in the file; the header is line 1
    values: dict[str, Any]  # field -> converted value; empty cells left out


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str


@dataclass
class ParsedCsv:
    columns: list[tuple[str, str | None]]  # (header, field or None), in file order
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def unmapped(self) -> list[str]:
        return [header for header, target in self.columns if target is None]

    def header_of(self, target: str) -> str:
        return next((header for header, mapped in self.columns if mapped == target), target)


def normalise_header(header: str) -> str:
    return re.sub(r"[^a-z0-9#]", "", header.strip().lower())


def map_headers(headers: list[str]) -> list[tuple[str, str | None]]:
    """Each header with the field it fills; a field goes to its best-ranked synonym only."""
    keys = [normalise_header(header) for header in headers]
    chosen: dict[int, str] = {}
    for target, synonyms in SYNONYMS.items():
        ranked = [
            (synonyms.index(key), index)
            for index, key in enumerate(keys)
            if key in synonyms and index not in chosen
        ]
        if ranked:
            chosen[min(ranked)[1]] = target
    return [(header, chosen.get(index)) for index, header in enumerate(headers)]


def decode_text(data: bytes) -> str:
    """UTF-8 (a BOM dropped), else Windows-1252, which older DMS exports still use."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def detect_delimiter(header_line: str) -> str:
    """The candidate found most often in the header line. The header, not the data: data rows
    carry commas in prices ("$12,995") and pipes in feature lists, which fool csv.Sniffer."""
    counts = {candidate: header_line.count(candidate) for candidate in _DELIMITERS}
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


def parse(data: bytes, max_rows: int = MAX_ROWS) -> ParsedCsv:
    text = decode_text(data)
    if "\x00" in text:
        raise UnreadableCsv("This is not a CSV file (it holds binary data).")
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    if not header_line:
        raise UnreadableCsv("The file is empty.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(header_line))
    try:
        headers = next(row for row in reader if any(cell.strip() for cell in row))
    except StopIteration:
        raise UnreadableCsv("The file is empty.") from None
    except csv.Error as exc:
        raise UnreadableCsv(f"The header line cannot be read: {exc}.") from None
    parsed = ParsedCsv(columns=map_headers([header.strip() for header in headers]))
    mapped = {target for _, target in parsed.columns if target}
    if not mapped & {"vin", "stock_number", "make", "model"}:
        raise UnreadableCsv(
            "No column looks like a VIN, stock number, make or model: is the first line the "
            f"header? Read: {', '.join(headers[:8])}"
        )
    start = reader.line_num + 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(parsed.rows) + len(parsed.problems) >= max_rows:
                raise TooManyRows(f"The file has more than {max_rows} rows: split it.")
            _read_row(parsed, line, cells)
    except csv.Error as exc:
        raise UnreadableCsv(f"Line {start} cannot be read: {exc}.") from None
    return parsed


def _read_row(parsed: ParsedCsv, line: int, cells: list[str]) -> None:
    values: dict[str, Any] = {}
    problems: list[str] = []
    for (header, target), cell in zip(parsed.columns, cells, strict=False):
        text = cell.strip()
        if target is None or not text:
            continue
        try:
            values[target] = CONVERTERS.get(target, _text)(text)
        except ValueError as exc:
            problems.append(f"{header}: {exc}")
    if problems:
        parsed.problems.append(RowProblem(line, "; ".join(problems)))
    else:
        parsed.rows.append(ParsedRow(line, values))


def _text(text: str) -> str:
    return text


def parse_number(text: str) -> float:
    """ "$12,995.00", "12995", "USD 12,995" -> 12995.0."""
    cleaned = re.sub(r"(?i)usd|[$\s,]", "", text)
    if not re.fullmatch(r"\d+(\.\d+)?", cleaned):
        raise ValueError(f"{text!r} is not a number")
    return float(cleaned)


def _whole(text: str) -> int:
    """Mileage and mpg: "45,120 mi" -> 45120."""
    cleaned = re.sub(r"(?i)\s*(mi|miles|mpg|km)$", "", text)
    number = parse_number(cleaned)
    if number != int(number):
        raise ValueError(f"{text!r} is not a whole number")
    return int(number)


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(f"{text!r} is not a four-digit year")
    return int(text)


def _condition(text: str) -> str:
    key = re.sub(r"[^a-z]", "", text.lower())
    if key not in _CONDITIONS:
        raise ValueError(f"{text!r} is not new, used or certified (N, U, CPO)")
    return _CONDITIONS[key]


def _status(text: str) -> str:
    key = re.sub(r"[^a-z]", "", text.lower())
    if key not in _STATUSES:
        raise ValueError(f"{text!r} is not in stock or sold")
    return _STATUSES[key]


def split_features(text: str) -> list[str]:
    """Split on the first of "|", ";" and "," that the cell uses: a list separated by pipes
    may hold commas inside a feature ("Seats, heated")."""
    separator = next((mark for mark in "|;," if mark in text), None)
    parts = text.split(separator) if separator else [text]
    return [part.strip() for part in parts if part.strip()]


CONVERTERS: dict[str, Callable[[str], Any]] = {
    "year": _year,
    "mileage": _whole,
    "price": parse_number,
    "mpg_city": _whole,
    "mpg_highway": _whole,
    "features": split_features,
    "condition": _condition,
    "status": _status,
}
