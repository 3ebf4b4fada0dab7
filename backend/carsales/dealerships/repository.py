from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.errors import NotFound
from carsales.models import Dealership, User


class UserCounts(NamedTuple):
    total: int
    active: int


class DealershipRepository:
    """The caller's own dealership: the tenant row itself, so there is nothing else to reach."""

    def __init__(self, session: AsyncSession, dealership_id: str) -> None:
        self.session = session
        self.dealership_id = dealership_id

    async def get(self) -> Dealership:
        dealership = await self.session.get(Dealership, self.dealership_id)
        if dealership is None:  # only if deleted while this request ran
            raise NotFound("No such dealership.")
        return dealership

    async def user_counts(self) -> UserCounts:
        row = (
            await self.session.execute(
                select(func.count(), func.count().filter(User.is_active)).where(
                    User.dealership_id == self.dealership_id
                )
            )
        ).one()
        return UserCounts(total=row[0], active=row[1])
