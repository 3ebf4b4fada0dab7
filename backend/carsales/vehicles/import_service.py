"""The CSV import of an inventory export: valid rows create vehicles or update the one with the
same VIN or stock number, invalid rows are reported by line. Reading the file is csv_import.py
(pure); this writes the rows, with the rules of a single edit (service.py)."""

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic.alias_generators import to_camel

from carsales.audit.service import record
from carsales.errors import BadRequest, PayloadTooLarge
from carsales.kit.uploads import Upload, read_at_most
from carsales.models import Vehicle
from carsales.vehicles import csv_import, vin
from carsales.vehicles.fields import (
    DECODED_FIELDS,
    REQUIRED_FIELDS,
    assign,
    facts_of,
    fill_blanks,
    missing_fields,
)
from carsales.vehicles.schemas import ColumnMapping, ImportOut, RowError, VehicleCreate
from carsales.vehicles.service import VehicleAudit, VehicleService


class UnreadableCsv(BadRequest):
    title = "The file cannot be imported"
    code = "unreadable_csv"


class TooManyRows(BadRequest):
    title = "Too many rows"
    code = "too_many_rows"


@dataclass
class _Candidate:
    """A row of an import on its way in."""

    line: int
    body: VehicleCreate
    cells: set[str]  # the fields the row has a value for
    target: Vehicle | None = None  # the vehicle it updates
    decoded: set[str] = field(default_factory=set)  # the fields its VIN's decoding fills

    def values_after(self) -> dict[str, Any]:
        """The vehicle's fields once the row is written."""
        row = self.body.model_dump(by_alias=False)
        if self.target is None:
            return row
        return {
            **facts_of(self.target).model_dump(by_alias=False),
            **{name: row[name] for name in self.cells},
        }


def _decode_all(vins: Iterable[str]) -> dict[str, vin.DecodedVin | vin.VinError]:
    results: dict[str, vin.DecodedVin | vin.VinError] = {}
    for each in vins:
        try:
            results[each] = vin.decode(each)
        except vin.VinError as exc:
            results[each] = exc
    return results


def _validation_message(exc: ValidationError, parsed: csv_import.ParsedCsv) -> str:
    messages = []
    for error in exc.errors():
        target = str(error["loc"][0]) if error["loc"] else ""
        header = parsed.header_of(target)
        if error["type"] == "string_pattern_mismatch" and target == "vin":
            messages.append(f"{header}: not a 17-character VIN (no I, O or Q)")
        elif error["type"] == "string_pattern_mismatch" and target == "stock_number":
            messages.append(f"{header}: only letters, digits and dashes (up to 40)")
        else:
            messages.append(f"{header}: {error['msg']}")
    return "; ".join(messages)


class VehicleImport(VehicleService):
    """A VehicleService that writes many rows at once (its flush and duplicate rules are the
    same as for one vehicle)."""

    async def import_csv(self, upload: Upload, *, preview: bool) -> ImportOut:
        """Valid rows create a vehicle, or update the one with the same VIN or stock number
        (with the row's non-empty cells); invalid rows are reported and left out whole."""
        data = await read_at_most(upload, csv_import.CSV_MAX_BYTES)
        if data is None:
            megabytes = csv_import.CSV_MAX_BYTES // (1024 * 1024)
            raise PayloadTooLarge(f"The file is larger than {megabytes} MB: split it.")
        try:
            parsed = csv_import.parse(data)
        except csv_import.TooManyRows as exc:
            raise TooManyRows(str(exc)) from None
        except csv_import.UnreadableCsv as exc:
            raise UnreadableCsv(str(exc)) from None
        errors = [
            RowError(line=problem.line, message=problem.message) for problem in parsed.problems
        ]
        candidates = self._validated_rows(parsed, errors)
        candidates = await self._matched_rows(candidates, errors)
        candidates = await self._decoded_rows(candidates, errors)
        if not preview:
            for candidate in candidates:
                self._write_row(candidate)
            await self._flush()
            await record(
                self.db,
                self.origin,
                VehicleAudit.imported,
                dealership_id=self.actor.dealership_id,
                actor=self.actor,
                target_type="vehicle",
                filename=upload.filename,
                rows=len(parsed.rows) + len(parsed.problems),
                created=sum(1 for each in candidates if each.target is None),
                updated=sum(1 for each in candidates if each.target is not None),
                errors=len(errors),
            )
        return ImportOut(
            preview=preview,
            columns=[
                ColumnMapping(header=header, field=to_camel(target) if target else None)
                for header, target in parsed.columns
            ],
            unmapped=parsed.unmapped,
            rows=len(parsed.rows) + len(parsed.problems),
            created=sum(1 for each in candidates if each.target is None),
            updated=sum(1 for each in candidates if each.target is not None),
            errors=sorted(errors, key=lambda error: error.line),
        )

    def _validated_rows(
        self, parsed: csv_import.ParsedCsv, errors: list[RowError]
    ) -> list[_Candidate]:
        """Rows whose cells make a valid vehicle, with a VIN or stock number to match them by
        next time, and no VIN or stock number that an earlier row of the file has."""
        candidates: list[_Candidate] = []
        seen: dict[tuple[str, str], int] = {}
        for row in parsed.rows:
            try:
                body = VehicleCreate.model_validate(row.values)
                if body.vin:
                    vin.check(body.vin)
            except ValidationError as exc:
                errors.append(RowError(line=row.line, message=_validation_message(exc, parsed)))
                continue
            except vin.VinError as exc:
                errors.append(RowError(line=row.line, message=f"{parsed.header_of('vin')}: {exc}"))
                continue
            keys = [
                (name, value) for name in ("vin", "stock_number") if (value := getattr(body, name))
            ]
            if not keys:
                errors.append(
                    RowError(line=row.line, message="A row needs a VIN or a stock number.")
                )
                continue
            repeated = next((seen[key] for key in keys if key in seen), None)
            if repeated is not None:
                errors.append(
                    RowError(
                        line=row.line,
                        message=f"The same VIN or stock number is on line {repeated}.",
                    )
                )
                continue
            seen.update({key: row.line for key in keys})
            candidates.append(_Candidate(row.line, body, set(row.values)))
        return candidates

    async def _matched_rows(
        self, candidates: list[_Candidate], errors: list[RowError]
    ) -> list[_Candidate]:
        """Each row with the vehicle it updates: the one with its VIN or its stock number."""
        existing = await self.vehicles.matching(
            {each.body.vin for each in candidates if each.body.vin},
            {each.body.stock_number for each in candidates if each.body.stock_number},
        )
        by_vin = {vehicle.vin: vehicle for vehicle in existing if vehicle.vin}
        by_stock = {vehicle.stock_number: vehicle for vehicle in existing if vehicle.stock_number}
        kept: list[_Candidate] = []
        for each in candidates:
            same_vin = by_vin.get(each.body.vin) if each.body.vin else None
            same_stock = by_stock.get(each.body.stock_number) if each.body.stock_number else None
            if same_vin is not None and same_stock is not None and same_vin is not same_stock:
                errors.append(
                    RowError(
                        line=each.line,
                        message=f"The VIN is that of vehicle {same_vin.stock_number or same_vin.id}"
                        ", the stock number another vehicle's.",
                    )
                )
                continue
            each.target = same_vin or same_stock
            kept.append(each)
        return kept

    async def _decoded_rows(
        self, candidates: list[_Candidate], errors: list[RowError]
    ) -> list[_Candidate]:
        """Vehicles still without a year, make or model get them from the VIN, decoded in one
        go off the event loop (most exports carry them, so few rows need it). Only blanks are
        filled: the row's cells and the updated vehicle's own values win."""
        current = {id(each): each.values_after() for each in candidates}
        wanting = {
            each.body.vin
            for each in candidates
            if each.body.vin
            and any(current[id(each)].get(name) is None for name in ("year", *REQUIRED_FIELDS))
        }
        decoded = await asyncio.to_thread(_decode_all, wanting) if wanting else {}
        kept: list[_Candidate] = []
        for each in candidates:
            values = current[id(each)]
            result = decoded.get(each.body.vin or "")
            if isinstance(result, vin.DecodedVin):
                before = dict(values)
                fill_blanks(values, result)
                each.decoded = {name for name in DECODED_FIELDS if values[name] != before[name]}
                each.body = each.body.model_copy(
                    update={name: values[name] for name in each.decoded}
                )
            if missing := missing_fields(values):
                reason = f" ({result})" if isinstance(result, vin.VinError) else ""
                errors.append(
                    RowError(
                        line=each.line,
                        message=f"No {' or '.join(missing)}, and the VIN does not give it{reason}.",
                    )
                )
                continue
            kept.append(each)
        return kept

    def _write_row(self, candidate: _Candidate) -> None:
        values = candidate.body.model_dump(by_alias=False)
        if candidate.target is None:
            vehicle = Vehicle(dealership_id=self.actor.dealership_id, created_by_id=self.actor.id)
            assign(vehicle, values)
            self.db.add(vehicle)
        else:
            # An export without a column (or with an empty cell) leaves what is there.
            changed = candidate.cells | candidate.decoded
            assign(candidate.target, {name: values[name] for name in changed})
