"""Who may see and change which user, and the rules that keep a dealership manageable."""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from carsales.audit.service import AuditAction, AuditContext, record
from carsales.auth.errors import InvalidManager
from carsales.auth.repository import clear_login_failures
from carsales.auth.sessions import revoke_user_sessions
from carsales.errors import Conflict, NotFound
from carsales.kit.pagination import PageParams
from carsales.kit.schema import ApiModel
from carsales.kit.time import utcnow
from carsales.models import Role, User
from carsales.users.repository import UserRepository
from carsales.users.schemas import SelfUpdate, UserListQuery, UserUpdate


class LastAdmin(Conflict):
    title = "The dealership needs an admin"
    code = "last_admin"


class CannotDeactivateSelf(Conflict):
    title = "You cannot deactivate yourself"
    code = "cannot_deactivate_self"


def _apply(user: User, changes: ApiModel | None) -> list[str]:
    """Copies the fields the client sent onto the user; returns the names of those that changed.

    The update schemas use the model's attribute names, so no mapping is needed here.
    """
    if changes is None:
        return []
    changed: list[str] = []
    for name, value in changes.model_dump(exclude_unset=True, by_alias=False).items():
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    return changed


class UserService:
    """Acts on behalf of `actor`, inside the actor's dealership only."""

    def __init__(self, session: AsyncSession, origin: AuditContext, actor: User) -> None:
        self.session = session
        self.origin = origin
        self.actor = actor
        self.users = UserRepository(session, actor.dealership_id)

    async def get(self, user_id: str) -> User:
        # Users the actor may not see are reported missing, not forbidden: whether an id
        # exists is itself information.
        user = await self.users.get_visible(user_id, self.actor)
        if user is None:
            raise NotFound("No such user.")
        return user

    async def list_users(
        self, query: UserListQuery, page: PageParams
    ) -> tuple[Sequence[User], int]:
        return await self.users.list_visible(self.actor, query, page)

    async def update_self(self, changes: SelfUpdate) -> User:
        _apply(self.actor, changes.profile)
        _apply(self.actor, changes.preferences)
        await self.session.flush()
        return self.actor

    async def update(self, user_id: str, changes: UserUpdate) -> User:
        user = await self.get(user_id)
        if changes.role is not None and changes.role is not user.role:
            await self._change_role(user, changes.role)
        if "manager_id" in changes.model_fields_set:
            await self._assign_manager(user, changes.manager_id)
        changed_fields = _apply(user, changes.profile)
        if changed_fields:
            await self._audit(AuditAction.profile_updated, user, fields=changed_fields)
        await self.session.flush()
        return user

    async def deactivate(self, user_id: str) -> User:
        user = await self.get(user_id)
        if not user.is_active:
            return user
        if user.id == self.actor.id:
            raise CannotDeactivateSelf("Ask another admin to deactivate your account.")
        # Looks redundant next to the check above, but two admins deactivating each other at
        # the same moment both pass it; the lock taken here lets only one of them through.
        await self._ensure_another_admin(user)
        user.is_active = False
        revoked = await revoke_user_sessions(self.session, user.id)
        await self._audit(AuditAction.user_deactivated, user, sessions_revoked=revoked)
        await self.session.flush()
        return user

    async def reactivate(self, user_id: str) -> User:
        user = await self.get(user_id)
        if user.is_active:
            return user
        user.is_active = True
        await self._audit(AuditAction.user_reactivated, user)
        await self.session.flush()
        return user

    async def locked_out(self, max_failures: int, window_seconds: int) -> Sequence[User]:
        since = utcnow() - timedelta(seconds=window_seconds)
        return await self.users.locked_out(since, max_failures)

    async def unlock(self, user_id: str) -> User:
        """Lets the user try to sign in again at once: their account's failed attempts are
        forgotten. The count per address stays (it guards against guessing many accounts)."""
        user = await self.get(user_id)
        await clear_login_failures(self.session, user.email)
        await self._audit(AuditAction.user_unlocked, user)
        await self.session.flush()
        return user

    async def _change_role(self, user: User, role: Role) -> None:
        old_role = user.role
        await self._ensure_another_admin(user)
        details: dict[str, Any] = {"old_role": old_role.value, "new_role": role.value}
        if old_role is Role.manager:
            # Otherwise a later promotion back to manager would silently restore the old team.
            details["reports_unassigned"] = await self.users.unassign_reports(user.id)
        if role is not Role.salesperson and user.manager_id is not None:
            details["manager_cleared"] = user.manager_id
            user.manager_id = None  # only salespeople report to a manager
        user.role = role
        await self._audit(AuditAction.role_changed, user, **details)

    async def _assign_manager(self, user: User, manager_id: str | None) -> None:
        if manager_id is not None:
            if user.role is not Role.salesperson:
                raise InvalidManager("Only salespeople report to a manager.")
            manager = await self.users.get(manager_id)
            if manager is None or manager.role is not Role.manager or not manager.is_active:
                raise InvalidManager("managerId must be an active manager of this dealership.")
        if user.manager_id != manager_id:
            await self._audit(
                AuditAction.manager_changed,
                user,
                old_manager_id=user.manager_id,
                new_manager_id=manager_id,
            )
            user.manager_id = manager_id

    async def _ensure_another_admin(self, user: User) -> None:
        """Refuses to take away the last active admin of the dealership."""
        if user.role is not Role.admin or not user.is_active:
            return
        admins = await self.users.lock_active_admins()
        if all(admin.id == user.id for admin in admins):
            raise LastAdmin("Make another user an admin first.")

    async def _audit(self, action: str, target: User, **details: Any) -> None:
        await record(
            self.session,
            self.origin,
            action,
            dealership_id=self.actor.dealership_id,
            actor=self.actor,
            target_type="user",
            target_id=target.id,
            **details,
        )
