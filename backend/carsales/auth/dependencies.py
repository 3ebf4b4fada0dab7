"""Authorisation as dependencies. An endpoint without one of these is public, deliberately."""

from collections.abc import Awaitable, Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.auth.tokens import AccessClaims, decode_access_token
from carsales.config import Settings
from carsales.db import DbSession
from carsales.errors import Forbidden, Unauthorized
from carsales.models import Role, User

bearer = HTTPBearer(auto_error=False, description="Access token from /api/v1/auth/login")


async def current_claims(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> AccessClaims:
    if credentials is None:
        raise Unauthorized("Sign in to continue.")
    return decode_access_token(request.app.state.settings, credentials.credentials)


async def _active_user(session: AsyncSession, claims: AccessClaims) -> User | None:
    # Re-reading the row makes deactivation and role changes take effect at once.
    user = await session.scalar(select(User).where(User.id == claims.user_id))
    if user is None or not user.is_active or user.dealership_id != claims.dealership_id:
        return None
    return user


async def current_user(
    request: Request,
    session: DbSession,
    claims: Annotated[AccessClaims, Depends(current_claims)],
) -> User:
    user = await _active_user(session, claims)
    if user is None:
        raise Unauthorized("This account is not active.")
    request.state.user = user
    return user


def token_authenticator(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> Callable[[str], Awaitable[User | None]]:
    """The check of `current_user` for a bare access token (a Socket.IO connection): the
    active user it belongs to, or None."""

    async def authenticate(token: str) -> User | None:
        try:
            claims = decode_access_token(settings, token)
        except Unauthorized:
            return None
        async with sessionmaker() as session:
            return await _active_user(session, claims)

    return authenticate


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
