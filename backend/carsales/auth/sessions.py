"""Login sessions are families of refresh tokens; revoking a family ends that session.

An access token names its session (`sid`): every request and socket event checks that the
session is still live, so a logout, a password change or reset and a deactivation take effect
at once, not when the access token expires. Whoever holds open connections (the Socket.IO
server) is told after the commit that ended them (`listen_for_ended_sessions`).
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy import ColumnElement, exists, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.db import after_commit, attach_to_sessions
from carsales.kit.time import utcnow
from carsales.models import RefreshToken

_LISTENER_KEY = "ended_sessions_listener"


@dataclass(frozen=True)
class EndedSessions:
    """Sessions of `user_id` that ended: all of them, or only `family_id`, or all but
    `except_family`."""

    user_id: str
    family_id: str | None = None
    except_family: str | None = None

    def includes(self, family_id: str) -> bool:
        if self.family_id is not None:
            return family_id == self.family_id
        return family_id != self.except_family


Listener = Callable[[EndedSessions], Awaitable[None]]


def listen_for_ended_sessions(
    sessionmaker: async_sessionmaker[AsyncSession], listener: Listener
) -> None:
    """Call `listener` after each commit that ended sessions in a session of this factory."""
    attach_to_sessions(sessionmaker, _LISTENER_KEY, listener)


def announce_ended(session: AsyncSession, ended: EndedSessions) -> None:
    listener: Listener | None = session.info.get(_LISTENER_KEY)
    if listener is not None:
        after_commit(session, partial(listener, ended))


def is_live(user_id: str, family_id: str, now: datetime) -> ColumnElement[bool]:
    """The session has a token that was neither revoked nor outlived its absolute end."""
    return exists().where(
        RefreshToken.family_id == family_id,
        RefreshToken.user_id == user_id,
        RefreshToken.revoked_at.is_(None),
        RefreshToken.absolute_expires_at > now,
    )


async def revoke_user_sessions(
    session: AsyncSession, user_id: str, *, except_family: str | None = None
) -> int:
    """Revoke every live refresh token of a user (deactivation, password change, reset)."""
    statement = (
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    if except_family is not None:
        statement = statement.where(RefreshToken.family_id != except_family)
    result = await session.execute(statement)
    announce_ended(session, EndedSessions(user_id, except_family=except_family))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
