"""Login sessions are families of refresh tokens; revoking a family ends that session."""

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.kit.time import utcnow
from carsales.models import RefreshToken


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
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
