"""The base of every repository of tenant-owned rows.

A repository is built for one dealership and every statement it issues starts from `_select`
or `_update`, which already carry the dealership condition: a query that forgets the tenant
has to go out of its way to do so.
"""

from collections.abc import Sequence
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import Select, Update, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped

from carsales.kit.pagination import PageParams

# What every primary key looks like (see kit.ids.new_id): for path and query parameters.
ID_PATTERN = r"^[0-9a-f]{32}$"


class TenantOwned(Protocol):
    id: Mapped[str]
    # Any: some tables allow NULL here (platform-wide audit events), which this never reads.
    dealership_id: Mapped[Any]


ModelT = TypeVar("ModelT", bound=TenantOwned)


class TenantRepository(Generic[ModelT]):
    model: type[ModelT]

    def __init__(self, session: AsyncSession, dealership_id: str) -> None:
        self.session = session
        self.dealership_id = dealership_id

    def _select(self) -> Select[ModelT]:
        return select(self.model).where(self.model.dealership_id == self.dealership_id)

    def _update(self) -> Update:
        return update(self.model).where(self.model.dealership_id == self.dealership_id)

    async def get(self, object_id: str) -> ModelT | None:
        return await self.session.scalar(self._select().where(self.model.id == object_id))

    async def _page(
        self, statement: Select[ModelT], page: PageParams
    ) -> tuple[Sequence[ModelT], int]:
        """One page of `statement` (which must already be ordered) and the total of all pages.

        The total rides on the page's rows as a window count (one query instead of two: a list
        read is a handful of round trips, and this was one of them); a page past the end has no
        row to carry it, and only then is it counted apart."""
        paged = statement.add_columns(func.count().over()).offset(page.offset).limit(page.limit)
        rows = (await self.session.execute(paged)).all()
        if rows:
            return [row[0] for row in rows], rows[0][1]
        if page.offset == 0:
            return [], 0
        counted = select(func.count()).select_from(statement.order_by(None).subquery())
        return [], await self.session.scalar(counted) or 0
