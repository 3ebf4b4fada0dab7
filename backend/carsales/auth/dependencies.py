"""Authorisation as dependencies. An endpoint without one of these is public, deliberately."""

import time
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.auth.sessions import EndedSessions, is_live
from carsales.auth.tokens import AccessClaims, decode_access_token
from carsales.config import Settings
from carsales.db import DbSession
from carsales.errors import Forbidden, Unauthorized
from carsales.events import SocketIdentity
from carsales.kit.time import utcnow
from carsales.models import Role, User

# How long a socket's session counts as checked: events such as audio chunks arrive several
# times a second, and a database query for each would cost more than the event. A session
# ended in this process, or in another one that told it through Redis, is forgotten at once
# (`SocketAuthenticator.forget`).
SOCKET_RECHECK_SECONDS = 5.0
MAX_CACHED_SESSIONS = 10_000

bearer = HTTPBearer(auto_error=False, description="Access token from /api/v1/auth/login")


async def current_claims(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> AccessClaims:
    if credentials is None:
        raise Unauthorized("Sign in to continue.")
    return decode_access_token(request.app.state.settings, credentials.credentials)


async def _active_user(
    db: AsyncSession, user_id: str, dealership_id: str, session_id: str
) -> User | None:
    # Re-reading the row makes deactivation and role changes take effect at once; the session
    # check (one query with it) does the same for logout, password changes and resets.
    user = await db.scalar(
        select(User).where(User.id == user_id, is_live(user_id, session_id, utcnow()))
    )
    if user is None or not user.is_active or user.dealership_id != dealership_id:
        return None
    return user


async def current_user(
    request: Request,
    db: DbSession,
    claims: Annotated[AccessClaims, Depends(current_claims)],
) -> User:
    user = await _active_user(db, claims.user_id, claims.dealership_id, claims.session_id)
    if user is None:
        raise Unauthorized("This session has ended or the account is not active.")
    request.state.user = user
    return user


class SocketAuthenticator:
    """The checks of `current_user` for Socket.IO: the bare access token of a connection, and
    the same checks again (briefly cached) before each of its events."""

    def __init__(self, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.settings = settings
        self.sessionmaker = sessionmaker
        self._checked: dict[str, tuple[str, float]] = {}  # session id -> (user id, when live)

    async def _check(self, user_id: str, dealership_id: str, session_id: str) -> User | None:
        async with self.sessionmaker() as db:
            user = await _active_user(db, user_id, dealership_id, session_id)
        now = time.monotonic()
        if len(self._checked) > MAX_CACHED_SESSIONS:
            self._checked = {
                key: value
                for key, value in self._checked.items()
                if now - value[1] < SOCKET_RECHECK_SECONDS
            }
        if user is None:
            self._checked.pop(session_id, None)
        else:
            self._checked[session_id] = (user_id, now)
        return user

    async def authenticate(self, token: str) -> SocketIdentity | None:
        try:
            claims = decode_access_token(self.settings, token)
        except Unauthorized:
            return None
        user = await self._check(claims.user_id, claims.dealership_id, claims.session_id)
        if user is None:
            return None
        return SocketIdentity(user.id, user.dealership_id, claims.session_id)

    async def still_valid(self, identity: SocketIdentity) -> bool:
        checked = self._checked.get(identity.session_id)
        if checked is not None and time.monotonic() - checked[1] < SOCKET_RECHECK_SECONDS:
            return True
        user_id, dealership_id = identity.user_id, identity.dealership_id
        return await self._check(user_id, dealership_id, identity.session_id) is not None

    def forget(self, ended: EndedSessions) -> None:
        """Sessions ended (here, or in another process through Redis): checked again at their
        next event."""
        self._checked = {
            session_id: value
            for session_id, value in self._checked.items()
            if not (value[0] == ended.user_id and ended.includes(session_id))
        }


def require_roles(*roles: Role) -> Callable[[User], Coroutine[Any, Any, User]]:
    async def dependency(user: Annotated[User, Depends(current_user)]) -> User:
        if user.role not in roles:
            raise Forbidden("Your role does not allow this action.")
        return user

    return dependency


# The claims of the presented access token; `session_id` names the login session (refresh family).
CurrentClaims = Annotated[AccessClaims, Depends(current_claims)]
CurrentUser = Annotated[User, Depends(current_user)]
ManagerUser = Annotated[User, Depends(require_roles(Role.manager, Role.admin))]
AdminUser = Annotated[User, Depends(require_roles(Role.admin))]
