"""Rules of the inventory: vehicles, VIN decoding, CSV import, and the photos that attach."""

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic.alias_generators import to_camel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.audit.service import AuditContext, record
from carsales.errors import BadRequest, Conflict, NotFound, PayloadTooLarge
from carsales.jobs.service import JobService
from carsales.kit.pagination import PageParams
from carsales.kit.uploads import Upload, read_at_most
from carsales.models import ItemStatus, JobType, ProcessingJob, User, Vehicle
from carsales.vehicles import csv_import, vin
from carsales.vehicles.facts import VehicleFacts
from carsales.vehicles.repository import PhotoJobRepository, VehicleRepository
from carsales.vehicles.schemas import (
    ColumnMapping,
    ImportOut,
    PhotoJobOut,
    PhotoOut,
    RowError,
    VehicleCreate,
    VehicleListQuery,
    VehicleOut,
    VehicleUpdate,
)

# What a VIN's decoding may fill; anything typed wins.
DECODED_FIELDS = ("year", "make", "model", "trim", "body_style", "drivetrain", "fuel_type")
# Copy about a vehicle needs at least these, typed or decoded.
REQUIRED_FIELDS = ("make", "model")


class VehicleAudit:
    created = "vehicle.created"
    updated = "vehicle.updated"
    deleted = "vehicle.deleted"
    imported = "vehicle.imported"


class VinRejected(BadRequest):
    """`invalid_vin`, `vin_check_digit` or `unknown_vin` (see vehicles/vin.py)."""

    title = "The VIN cannot be used"
    code = "invalid_vin"

    def __init__(self, error: vin.VinError) -> None:
        super().__init__(str(error))
        self.code = error.code


class VehicleDetailsMissing(BadRequest):
    title = "Vehicle details missing"
    code = "vehicle_details_missing"


class DuplicateVehicle(Conflict):
    title = "The vehicle is already in the inventory"
    code = "duplicate_vehicle"


class UnreadableCsv(BadRequest):
    title = "The file cannot be imported"
    code = "unreadable_csv"


class TooManyRows(BadRequest):
    title = "Too many rows"
    code = "too_many_rows"


@dataclass(frozen=True)
class PhotoLinks:
    """Where a vehicle's photos come from: image jobs of these kinds, with download links signed
    the way the jobs API signs them."""

    jobs: JobService
    job_types: Sequence[JobType]


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


def facts_of(vehicle: Vehicle) -> VehicleFacts:
    """The vehicle as marketing copy may describe it."""
    return VehicleFacts(
        vin=vehicle.vin,
        stock_number=vehicle.stock_number,
        condition=vehicle.condition.value if vehicle.condition else None,
        year=vehicle.year,
        make=vehicle.make,
        model=vehicle.model,
        trim=vehicle.trim,
        body_style=vehicle.body_style,
        mileage=vehicle.mileage,
        price=vehicle.price,
        exterior_color=vehicle.exterior_color,
        interior_color=vehicle.interior_color,
        drivetrain=vehicle.drivetrain,
        transmission=vehicle.transmission,
        fuel_type=vehicle.fuel_type,
        mpg_city=vehicle.mpg_city,
        mpg_highway=vehicle.mpg_highway,
        features=list(vehicle.features),
    )


def _assign(vehicle: Vehicle, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if name == "price":
            vehicle.price_cents = None if value is None else round(value * 100)
        else:
            setattr(vehicle, name, value)


def _fill_blanks(values: dict[str, Any], decoded: vin.DecodedVin) -> None:
    for name in DECODED_FIELDS:
        if values.get(name) is None and getattr(decoded, name) is not None:
            values[name] = getattr(decoded, name)


def _missing(values: dict[str, Any]) -> list[str]:
    return [name for name in REQUIRED_FIELDS if not values.get(name)]


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


class VehicleService:
    def __init__(self, db: AsyncSession, actor: User, origin: AuditContext | None = None) -> None:
        self.db = db
        self.actor = actor
        self.origin = origin  # where the request came from, for the audit trail
        self.vehicles = VehicleRepository(db, actor.dealership_id)

    facts_of = staticmethod(facts_of)

    async def get(self, vehicle_id: str) -> Vehicle:
        vehicle = await self.vehicles.get(vehicle_id)
        if vehicle is None:
            raise NotFound("No such vehicle.")
        return vehicle

    async def search(
        self, query: VehicleListQuery, page: PageParams
    ) -> tuple[Sequence[Vehicle], int]:
        return await self.vehicles.search(query, page)

    async def decode_vin(self, value: str) -> vin.DecodedVin:
        try:
            # SQLite reads: off the event loop.
            return await asyncio.to_thread(vin.decode, value)
        except vin.VinError as exc:
            raise VinRejected(exc) from None

    async def create(self, body: VehicleCreate) -> Vehicle:
        values = body.model_dump(by_alias=False)
        await self._complete(values, decode=body.vin is not None)
        await self._refuse_duplicates(values.get("vin"), values.get("stock_number"), None)
        vehicle = Vehicle(dealership_id=self.actor.dealership_id, created_by_id=self.actor.id)
        _assign(vehicle, values)
        self.db.add(vehicle)
        await self._flush()
        await self._audit(VehicleAudit.created, vehicle)
        return vehicle

    async def update(self, vehicle_id: str, changes: VehicleUpdate) -> Vehicle:
        vehicle = await self.get(vehicle_id)
        values = changes.model_dump(exclude_unset=True, by_alias=False)
        merged = {**facts_of(vehicle).model_dump(by_alias=False), **values}
        new_vin = values.get("vin")
        await self._complete(merged, decode=bool(new_vin) and new_vin != vehicle.vin)
        # The decoding fills what is blank once the changes apply: those fields change too.
        values.update({name: merged[name] for name in DECODED_FIELDS if name not in values})
        await self._refuse_duplicates(merged.get("vin"), merged.get("stock_number"), vehicle)
        changed = sorted(name for name in values if getattr(vehicle, name) != values[name])
        _assign(vehicle, values)
        await self._flush()
        if changed:
            await self._audit(VehicleAudit.updated, vehicle, fields=changed)
        return vehicle

    async def delete(self, vehicle_id: str) -> None:
        vehicle = await self.get(vehicle_id)
        await self._audit(VehicleAudit.deleted, vehicle)
        await self.db.delete(vehicle)
        await self.db.flush()

    async def _complete(self, values: dict[str, Any], *, decode: bool) -> None:
        """Fills the blanks from the VIN; refuses a VIN that fails its check digit, and an
        unknown one when the details it should have given were not typed either."""
        if decode and values.get("vin"):
            try:
                decoded = await asyncio.to_thread(vin.decode, values["vin"])
            except vin.UnknownVinError as exc:
                if _missing(values):
                    raise VinRejected(exc) from None
            except vin.VinError as exc:
                raise VinRejected(exc) from None
            else:
                _fill_blanks(values, decoded)
        if missing := _missing(values):
            raise VehicleDetailsMissing(
                f"Give the vehicle's {' and '.join(missing)}, or a VIN that decodes to them."
            )

    async def _refuse_duplicates(
        self, vin_value: str | None, stock_number: str | None, itself: Vehicle | None
    ) -> None:
        found = await self.vehicles.matching(
            [vin_value] if vin_value else [], [stock_number] if stock_number else []
        )
        other = next((each for each in found if each is not itself), None)
        if other is None:
            return
        if vin_value and other.vin == vin_value:
            raise DuplicateVehicle(f"A vehicle with VIN {vin_value} is already in the inventory.")
        raise DuplicateVehicle(f"Stock number {stock_number} is already in use.")

    async def _flush(self) -> None:
        try:
            await self.db.flush()
        except IntegrityError:  # another request took the VIN or stock number meanwhile
            raise DuplicateVehicle("This VIN or stock number is already in use.") from None

    async def _audit(self, action: str, vehicle: Vehicle, **details: Any) -> None:
        await record(
            self.db,
            self.origin,
            action,
            dealership_id=self.actor.dealership_id,
            actor=self.actor,
            target_type="vehicle",
            target_id=vehicle.id,
            vin=vehicle.vin,
            stock_number=vehicle.stock_number,
            **details,
        )

    # CSV import

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
                _fill_blanks(values, result)
                each.decoded = {name for name in DECODED_FIELDS if values[name] != before[name]}
                each.body = each.body.model_copy(
                    update={name: values[name] for name in each.decoded}
                )
            if missing := _missing(values):
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
            _assign(vehicle, values)
            self.db.add(vehicle)
        else:
            # An export without a column (or with an empty cell) leaves what is there.
            changed = candidate.cells | candidate.decoded
            _assign(candidate.target, {name: values[name] for name in changed})

    # Responses

    async def to_out(self, vehicles: Sequence[Vehicle], links: PhotoLinks) -> list[VehicleOut]:
        refs = {ref for vehicle in vehicles for ref in _refs(vehicle)}
        jobs = await PhotoJobRepository(self.db, self.actor.dealership_id).for_refs(
            refs, links.job_types
        )
        return [
            VehicleOut.model_validate(
                {
                    **facts_of(vehicle).model_dump(by_alias=False),
                    "id": vehicle.id,
                    "condition": vehicle.condition,
                    "status": vehicle.status,
                    "notes": vehicle.notes,
                    "created_at": vehicle.created_at,
                    "updated_at": vehicle.updated_at,
                    "photos": [
                        _photo_job(job, links.jobs)
                        for job in jobs
                        if job.vehicle_ref in _refs(vehicle)
                    ],
                }
            )
            for vehicle in vehicles
        ]


def _refs(vehicle: Vehicle) -> set[str]:
    """What an image job's vehicleRef holds for this vehicle (upper case, as the jobs API
    stores it)."""
    return {ref.upper() for ref in (vehicle.vin, vehicle.stock_number) if ref}


def _photo_job(job: ProcessingJob, jobs: JobService) -> PhotoJobOut:
    out = jobs.to_out(job)
    return PhotoJobOut(
        job_id=job.id,
        job_type=job.job_type,
        status=job.status,
        vehicle_ref=job.vehicle_ref or "",
        created_at=job.created_at,
        items=[
            PhotoOut(item_id=item.id, name=item.output_name, url=item.output_url)
            for item in out.items
            if item.status is ItemStatus.completed and item.output_url
        ],
        archive_url=out.archive_url,
    )
