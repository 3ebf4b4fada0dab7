"""All SQL of the vehicles domain, scoped to one dealership."""

from collections.abc import Collection, Sequence

from sqlalchemy import ColumnElement, String, cast, or_

from carsales.kit.pagination import PageParams
from carsales.kit.repository import TenantRepository
from carsales.models import JobType, ProcessingJob, Vehicle
from carsales.vehicles.schemas import VehicleListQuery

# Bound parameters per IN list: well under every database's limit.
_CHUNK = 500
_SEARCHED = (Vehicle.vin, Vehicle.stock_number, Vehicle.make, Vehicle.model, Vehicle.trim)


def _matches(word: str) -> ColumnElement[bool]:
    columns = [column.icontains(word, autoescape=True) for column in _SEARCHED]
    if word.isdigit() and len(word) == 4:
        columns.append(cast(Vehicle.year, String) == word)
    return or_(*columns)


def _chunks(values: Collection[str]) -> list[list[str]]:
    ordered = sorted(values)
    return [ordered[start : start + _CHUNK] for start in range(0, len(ordered), _CHUNK)]


class VehicleRepository(TenantRepository[Vehicle]):
    model = Vehicle

    async def search(
        self, query: VehicleListQuery, page: PageParams
    ) -> tuple[Sequence[Vehicle], int]:
        """Newest first; every word of `q` must match somewhere."""
        statement = self._select().order_by(Vehicle.created_at.desc(), Vehicle.id)
        for word in (query.q or "").split():
            statement = statement.where(_matches(word))
        if query.status is not None:
            statement = statement.where(Vehicle.status == query.status)
        return await self._page(statement, page)

    async def by_vin(self, vin: str) -> Vehicle | None:
        return await self.session.scalar(self._select().where(Vehicle.vin == vin))

    async def by_stock_number(self, stock_number: str) -> Vehicle | None:
        return await self.session.scalar(self._select().where(Vehicle.stock_number == stock_number))

    async def matching(
        self, vins: Collection[str], stock_numbers: Collection[str]
    ) -> list[Vehicle]:
        """The vehicles that have one of these VINs or stock numbers (an import's matches)."""
        found: dict[str, Vehicle] = {}
        for column, values in ((Vehicle.vin, vins), (Vehicle.stock_number, stock_numbers)):
            for chunk in _chunks(values):
                for row in await self.session.scalars(self._select().where(column.in_(chunk))):
                    found[row.id] = row
        return list(found.values())


class PhotoJobRepository(TenantRepository[ProcessingJob]):
    """Image jobs as a vehicle's photos: the whole dealership's, since the inventory is
    shared (the jobs API shows a salesperson only their own uploads)."""

    model = ProcessingJob

    async def for_refs(
        self, refs: Collection[str], job_types: Collection[JobType]
    ) -> Sequence[ProcessingJob]:
        """Newest first."""
        if not refs or not job_types:
            return []
        found: list[ProcessingJob] = []
        for chunk in _chunks(refs):
            statement = self._select().where(
                ProcessingJob.vehicle_ref.in_(chunk), ProcessingJob.job_type.in_(job_types)
            )
            found.extend(await self.session.scalars(statement))
        return sorted(found, key=lambda job: (job.created_at, job.id), reverse=True)
