"""The SQL that the parts of content share beyond projects: the vehicles content refers to,
scoped to one dealership."""

from collections.abc import Collection, Sequence

from carsales.kit.repository import TenantRepository
from carsales.models import Vehicle, VehicleStatus


class VehicleIds(TenantRepository[Vehicle]):
    """The vehicles that content refers to, many at once (a batch, an export)."""

    model = Vehicle

    async def by_ids(self, vehicle_ids: Collection[str]) -> Sequence[Vehicle]:
        if not vehicle_ids:
            return []
        statement = self._select().where(Vehicle.id.in_(vehicle_ids))
        return (await self.session.scalars(statement)).all()

    async def newest_in_stock(self, limit: int) -> Sequence[Vehicle]:
        """The vehicles in stock, most recently added first (a batch of the newest)."""
        statement = (
            self._select()
            .where(Vehicle.status == VehicleStatus.in_stock)
            .order_by(Vehicle.created_at.desc(), Vehicle.id)
            .limit(limit)
        )
        return (await self.session.scalars(statement)).all()
