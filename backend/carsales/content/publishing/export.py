"""Copy as text to paste into each platform, and a CSV of many items. Pure."""

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clipboard_text(
    channel: str,
    text: str,
    *,
    subject: str | None = None,
    preheader: str | None = None,
    hashtags: Sequence[str] = (),
) -> str:
    """What to paste: the copy, with its hashtags where the platform takes them and they are
    not in the text already; for an e-mail the subject and preheader first."""
    parts: list[str] = []
    if channel == "email":
        if subject:
            parts.append(f"Subject: {subject}")
        if preheader:
            parts.append(f"Preheader: {preheader}")
        if parts:
            parts.append("")
    parts.append(text.strip())
    if channel in ("instagram", "facebook", "x"):
        missing = [
            tag if tag.startswith("#") else f"#{tag}"
            for tag in hashtags
            if (tag if tag.startswith("#") else f"#{tag}").lower() not in text.lower()
        ]
        if missing:
            parts.extend(["", " ".join(missing)])
    return "\n".join(parts) + "\n"


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def to_csv(columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    """RFC 4180 CSV with a header row; cells that a spreadsheet would run as formulas are
    prefixed with an apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return out.getvalue()
