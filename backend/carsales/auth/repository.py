"""All SQL of authentication: users by e-mail, login failures, refresh tokens, recovery codes,
e-mailed action tokens (invitations are users/repository.py's).

Single-use things (a rotated refresh token, a used code or link, a TOTP step) are claimed with
a conditional UPDATE and its row count, so two concurrent requests cannot both use them.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Update, delete, func, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.db import hold_until_commit
from carsales.models import (
    ActionPurpose,
    ActionToken,
    Base,
    Dealership,
    LoginFailure,
    RecoveryCode,
    RefreshToken,
    Role,
    User,
)


async def add(session: AsyncSession, row: Base) -> None:
    session.add(row)
    await session.flush()


async def _count_changed(session: AsyncSession, statement: Update) -> int:
    result: CursorResult[Any] = await session.execute(statement)  # type: ignore[assignment]
    return result.rowcount


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(select(User).where(User.email == email))


async def user_by_id(session: AsyncSession, user_id: str) -> User | None:
    return await session.get(User, user_id)


async def active_manager(session: AsyncSession, dealership_id: str, user_id: str) -> User | None:
    return await session.scalar(
        select(User).where(
            User.id == user_id,
            User.dealership_id == dealership_id,
            User.role == Role.manager,
            User.is_active.is_(True),
        )
    )


async def dealership_by_id(session: AsyncSession, dealership_id: str) -> Dealership | None:
    return await session.get(Dealership, dealership_id)


async def claim_totp_step(session: AsyncSession, user_id: str, step: int) -> bool:
    """Record `step` as the user's last TOTP step, unless that step or a later one was used."""
    statement = (
        update(User)
        .where(
            User.id == user_id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
    )
    return await _count_changed(session, statement) == 1


# Login failures


async def add_login_failure(session: AsyncSession, email: str, ip: str) -> str:
    failure = LoginFailure(email=email, ip=ip)
    await add(session, failure)
    return failure.id


async def delete_login_failure(session: AsyncSession, failure_id: str) -> None:
    await session.execute(delete(LoginFailure).where(LoginFailure.id == failure_id))


async def serialize_attempts(session: AsyncSession, email: str, ip: str, before: datetime) -> None:
    """Start the transaction that counts a sign-in attempt so that no other attempt at the same
    account or from the same address counts at the same time: the count read next and the
    attempt recorded after it cannot interleave with another's.

    SQLite: the prune is a write, which takes the database's single write lock at once (the
    transaction has read nothing yet, so waiting for it is safe). PostgreSQL: transaction-scoped
    advisory locks on the account and the address, always taken in that order (no deadlock).
    """
    await prune_login_failures(session, before)
    for name in (f"login-email:{email}", f"login-ip:{ip}"):
        await hold_until_commit(session, name)


async def prune_login_failures(session: AsyncSession, before: datetime) -> None:
    """Failures that left the window count for nothing; dropping them keeps the table small."""
    await session.execute(delete(LoginFailure).where(LoginFailure.created_at < before))


async def _nth_recent_failure(
    session: AsyncSession, condition: ColumnElement[bool], since: datetime, n: int
) -> datetime | None:
    return await session.scalar(
        select(LoginFailure.created_at)
        .where(condition, LoginFailure.created_at > since)
        .order_by(LoginFailure.created_at.desc())
        .offset(n - 1)
        .limit(1)
    )


async def nth_recent_failure_of_email(
    session: AsyncSession, email: str, since: datetime, n: int
) -> datetime | None:
    """The n-th most recent failure since `since`: while it exists, there were n or more."""
    return await _nth_recent_failure(session, LoginFailure.email == email, since, n)


async def nth_recent_failure_of_ip(
    session: AsyncSession, ip: str, since: datetime, n: int
) -> datetime | None:
    return await _nth_recent_failure(session, LoginFailure.ip == ip, since, n)


async def clear_login_failures(session: AsyncSession, email: str) -> None:
    await session.execute(delete(LoginFailure).where(LoginFailure.email == email))


# Refresh tokens


async def refresh_token_by_digest(session: AsyncSession, digest: str) -> RefreshToken | None:
    return await session.scalar(select(RefreshToken).where(RefreshToken.token_hash == digest))


async def mark_rotated(session: AsyncSession, token_id: str, at: datetime) -> bool:
    statement = (
        update(RefreshToken)
        .where(
            RefreshToken.id == token_id,
            RefreshToken.rotated_at.is_(None),
            RefreshToken.revoked_at.is_(None),
        )
        .values(rotated_at=at)
    )
    return await _count_changed(session, statement) == 1


async def revoke_family(session: AsyncSession, family_id: str, at: datetime) -> int:
    statement = (
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=at)
    )
    return await _count_changed(session, statement)


# Recovery codes


async def replace_recovery_codes(
    session: AsyncSession, user_id: str, digests: Sequence[str]
) -> None:
    await delete_recovery_codes(session, user_id)
    session.add_all(RecoveryCode(user_id=user_id, code_hash=digest) for digest in digests)
    await session.flush()


async def delete_recovery_codes(session: AsyncSession, user_id: str) -> None:
    await session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))


async def use_recovery_code(session: AsyncSession, user_id: str, digest: str, at: datetime) -> bool:
    statement = (
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user_id,
            RecoveryCode.code_hash == digest,
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=at)
    )
    return await _count_changed(session, statement) == 1


# E-mailed action tokens


def _live(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return ActionToken.used_at.is_(None), ActionToken.expires_at > now


async def live_action_token(
    session: AsyncSession, digest: str, purpose: ActionPurpose, now: datetime
) -> ActionToken | None:
    return await session.scalar(
        select(ActionToken).where(
            ActionToken.token_hash == digest, ActionToken.purpose == purpose, *_live(now)
        )
    )


async def count_live_action_tokens(
    session: AsyncSession, user_id: str, purpose: ActionPurpose, now: datetime
) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(ActionToken)
        .where(ActionToken.user_id == user_id, ActionToken.purpose == purpose, *_live(now))
    )
    return count or 0


async def use_action_token(session: AsyncSession, token_id: str, at: datetime) -> bool:
    statement = (
        update(ActionToken)
        .where(ActionToken.id == token_id, ActionToken.used_at.is_(None))
        .values(used_at=at)
    )
    return await _count_changed(session, statement) == 1


async def retire_action_tokens(
    session: AsyncSession, user_id: str, purpose: ActionPurpose, at: datetime
) -> None:
    await session.execute(
        update(ActionToken)
        .where(
            ActionToken.user_id == user_id,
            ActionToken.purpose == purpose,
            ActionToken.used_at.is_(None),
        )
        .values(used_at=at)
    )
