"""Rules of the inventory: vehicles and VIN decoding. The CSV import is import_service.py, the
photos that attach photos.py, the fields both share fields.py."""

import asyncio
from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.audit.service import AuditContext, record
from carsales.errors import BadRequest, Conflict, NotFound
from carsales.kit.pagination import PageParams
from carsales.models import User, Vehicle
from carsales.vehicles import vin
from carsales.vehicles.fields import (
    DECODED_FIELDS,
    assign,
    facts_of,
    fill_blanks,
    missing_fields,
)
from carsales.vehicles.photos import PhotoLinks, photos_by_vehicle
from carsales.vehicles.repository import VehicleRepository
from carsales.vehicles.schemas import (
    VehicleCreate,
    VehicleListQuery,
    VehicleOut,
    VehicleUpdate,
)


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
        assign(vehicle, values)
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
        assign(vehicle, values)
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
                if missing_fields(values):
                    raise VinRejected(exc) from None
            except vin.VinError as exc:
                raise VinRejected(exc) from None
            else:
                fill_blanks(values, decoded)
        if missing := missing_fields(values):
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

    # Responses

    async def to_out(self, vehicles: Sequence[Vehicle], links: PhotoLinks) -> list[VehicleOut]:
        photos = await photos_by_vehicle(self.db, self.actor.dealership_id, vehicles, links)
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
                    "photos": photos[vehicle.id],
                }
            )
            for vehicle in vehicles
        ]
