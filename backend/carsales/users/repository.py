from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true

from carsales.kit.pagination import PageParams
from carsales.kit.repository import TenantRepository
from carsales.models import ActionPurpose, ActionToken, LoginFailure, Role, User
from carsales.users.schemas import UserListQuery, UserSort

# Names sort case-insensitively; e-mails are stored lower-case already.
_SORT_KEYS: dict[str, ColumnElement[Any]] = {
    "email": User.email.expression,
    "lastName": func.lower(User.last_name),
    "createdAt": User.created_at.expression,
    "role": User.role.expression,
}


def _visible_to(viewer: User) -> ColumnElement[bool]:
    """An admin sees the whole dealership, a manager themself and the salespeople reporting to
    them, anyone else only themself."""
    if viewer.role is Role.admin:
        return true()
    if viewer.role is Role.manager:
        team = and_(User.manager_id == viewer.id, User.role == Role.salesperson)
        return or_(User.id == viewer.id, team)
    return User.id == viewer.id


def _order_by(sort: UserSort) -> list[ColumnElement[Any]]:
    key = _SORT_KEYS[sort.value.removeprefix("-")]
    primary = key.desc() if sort.value.startswith("-") else key.asc()
    # E-mails are unique: the tie-breaker keeps pages stable.
    return [primary, func.lower(User.first_name).asc(), User.email.asc()]


class UserRepository(TenantRepository[User]):
    model = User

    async def get_visible(self, user_id: str, viewer: User) -> User | None:
        return await self.session.scalar(
            self._select().where(User.id == user_id, _visible_to(viewer))
        )

    async def list_visible(
        self, viewer: User, query: UserListQuery, page: PageParams
    ) -> tuple[Sequence[User], int]:
        statement = self._select().where(_visible_to(viewer)).order_by(*_order_by(query.sort))
        if query.role is not None:
            statement = statement.where(User.role == query.role)
        if query.active is not None:
            statement = statement.where(User.is_active == query.active)
        if query.q:
            statement = statement.where(
                or_(
                    User.email.icontains(query.q, autoescape=True),
                    User.first_name.icontains(query.q, autoescape=True),
                    User.last_name.icontains(query.q, autoescape=True),
                )
            )
        return await self._page(statement, page)

    async def lock_active_admins(self) -> Sequence[User]:
        """The dealership's active admins, locked until the transaction ends, so that two admins
        demoting or deactivating each other at the same time cannot leave none."""
        statement = self._select().where(User.role == Role.admin, User.is_active).with_for_update()
        return (await self.session.scalars(statement)).all()

    async def locked_out(self, since: datetime, max_failures: int) -> Sequence[User]:
        """The dealership's users whose account has failed to sign in `max_failures` times or
        more since `since`: sign-in is refused for them until the window passes (auth/service.py
        `_count_attempt`) or an admin unlocks them."""
        failing = (
            select(LoginFailure.email)
            .where(LoginFailure.created_at > since)
            .group_by(LoginFailure.email)
            .having(func.count() >= max_failures)
        )
        rows = await self.session.scalars(
            self._select().where(User.email.in_(failing)).order_by(User.email)
        )
        return rows.all()

    async def unassign_reports(self, manager_id: str) -> int:
        result = await self.session.execute(
            self._update().where(User.manager_id == manager_id).values(manager_id=None)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


class InvitationRepository(TenantRepository[ActionToken]):
    """Invitations of one dealership; an unused invitation is pending until it expires."""

    model = ActionToken

    def _unused(self) -> Select[ActionToken]:
        return self._select().where(
            ActionToken.purpose == ActionPurpose.invitation, ActionToken.used_at.is_(None)
        )

    async def pending(self, now: datetime) -> Sequence[ActionToken]:
        rows = await self.session.scalars(
            self._unused()
            .where(ActionToken.expires_at > now)
            .order_by(ActionToken.created_at.desc())
        )
        return rows.all()

    async def unused(self, invitation_id: str) -> ActionToken | None:
        return await self.session.scalar(self._unused().where(ActionToken.id == invitation_id))

    async def delete(self, invitation: ActionToken) -> None:
        await self.session.delete(invitation)
        await self.session.flush()

    async def delete_unused_for(self, email: str) -> None:
        for invitation in await self.session.scalars(
            self._unused().where(ActionToken.email == email)
        ):
            await self.session.delete(invitation)
        await self.session.flush()
