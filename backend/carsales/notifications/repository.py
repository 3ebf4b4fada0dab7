from collections.abc import Collection, Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.kit.pagination import PageParams
from carsales.kit.repository import TenantRepository
from carsales.kit.time import utcnow
from carsales.models import Notification, Role, User


class NotificationRepository(TenantRepository[Notification]):
    """One user's notifications: nobody reads or marks another's, whatever their role."""

    model = Notification

    async def list_own(self, user_id: str, page: PageParams) -> tuple[Sequence[Notification], int]:
        statement = (
            self._select()
            .where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
        )
        return await self._page(statement, page)

    async def unread_count(self, user_id: str) -> int:
        statement = select(func.count()).where(
            Notification.dealership_id == self.dealership_id,
            Notification.user_id == user_id,
            Notification.read_at.is_(None),
        )
        return await self.session.scalar(statement) or 0

    async def mark_all_read(self, user_id: str) -> int:
        result = await self.session.execute(
            self._update()
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
            .values(read_at=utcnow())
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def active_with_roles(
    session: AsyncSession, dealership_id: str, roles: Collection[Role]
) -> Sequence[str]:
    """The ids of the dealership's active users who hold one of `roles`."""
    statement = select(User.id).where(
        User.dealership_id == dealership_id, User.is_active, User.role.in_(roles)
    )
    return (await session.scalars(statement)).all()
