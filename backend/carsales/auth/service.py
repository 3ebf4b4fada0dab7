"""Signing in and sessions: password login, the second factor, refresh-token rotation, logout.

A session is a family of refresh tokens. Each refresh replaces the presented token with a new
one; a replaced token presented again means two parties hold the session, so the family ends.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil
from typing import NoReturn

from carsales.analytics import UsageKind, record_usage
from carsales.audit.service import AuditAction
from carsales.auth import repository
from carsales.auth.context import AuthContext
from carsales.auth.errors import (
    InvalidCredentials,
    InvalidLoginCode,
    RecordedRefusal,
    RefreshTokenReused,
    SessionExpired,
    TooManyAttempts,
)
from carsales.auth.passwords import (
    hash_password_off_loop,
    needs_rehash,
    verify_password_off_loop,
)
from carsales.auth.sessions import EndedSessions, announce_ended
from carsales.auth.tokens import (
    CHALLENGE_MINUTES,
    AccessClaims,
    Challenge,
    InvalidChallenge,
    decode_challenge_token,
    issue_access_token,
    issue_challenge_token,
    new_opaque_token,
    token_digest,
)
from carsales.auth.two_factor_service import verify_second_factor
from carsales.db import transaction
from carsales.errors import AppError, Unauthorized
from carsales.kit.ids import new_id
from carsales.kit.time import as_utc, utcnow
from carsales.models import ActionPurpose, ActionToken, RefreshToken, User


@dataclass(frozen=True)
class IssuedSession:
    user: User
    access_token: str
    expires_in: int
    refresh_token: str
    ends_at: datetime  # the absolute end of the session, whatever the activity


@dataclass(frozen=True)
class TwoFactorRequired:
    challenge_token: str


def normalize_email(email: str) -> str:
    return email.strip().lower()


async def login(ctx: AuthContext, email: str, password: str) -> IssuedSession | TwoFactorRequired:
    email = normalize_email(email)
    attempt = await _count_attempt(ctx, email)
    user = await repository.user_by_email(ctx.session, email)
    if isinstance(attempt, _Throttled):
        await _throttled(ctx, email, user, attempt)
    # The connection goes back to the pool while the password is checked (seconds, under a
    # burst of sign-ins waiting for a core): kept, fifty sign-ins at once held every pooled
    # connection and other requests waited for one. Nothing is written yet; `user` stays loaded.
    await ctx.session.commit()
    # Verified even for an unknown e-mail (against a dummy hash): every miss costs the same time.
    password_ok = await verify_password_off_loop(user.password_hash if user else None, password)
    if user is None or not password_ok or not user.is_active:
        if user is None:
            reason = "unknown_email"
        else:
            reason = "inactive" if password_ok else "wrong_password"
        await _refuse(ctx, email, user, reason, InvalidCredentials())
    if needs_rehash(user.password_hash):
        user.password_hash = await hash_password_off_loop(password)
    if user.totp_enabled:
        # The password was right: the attempt is no failure; the code is counted on its own.
        await repository.delete_login_failure(ctx.session, attempt)
        return TwoFactorRequired(await _issue_challenge(ctx, user))
    return await _complete_login(ctx, user, "password")


async def login_two_factor(ctx: AuthContext, challenge_token: str, code: str) -> IssuedSession:
    challenge = decode_challenge_token(ctx.settings, challenge_token)
    attempt = await _count_attempt(ctx, challenge.email)
    user = await repository.user_by_id(ctx.session, challenge.user_id)
    if user is None or not user.is_active or not user.totp_enabled:
        raise InvalidChallenge("Sign in again: this sign-in attempt is no longer valid.")
    if isinstance(attempt, _Throttled):
        await _throttled(ctx, user.email, user, attempt)
    method = await verify_second_factor(ctx, user, code)
    if method is None:
        error = InvalidLoginCode("The code is incorrect.")
        await _refuse(ctx, user.email, user, "wrong_code", error)
    if not await _use_challenge(ctx, challenge):
        raise InvalidChallenge("Sign in again: this sign-in attempt was used already.")
    return await _complete_login(ctx, user, method)


async def _issue_challenge(ctx: AuthContext, user: User) -> str:
    """A challenge token whose id is recorded, so that it signs in once at most."""
    challenge_id, digest = new_opaque_token()
    await repository.add(
        ctx.session,
        ActionToken(
            purpose=ActionPurpose.two_factor_challenge,
            token_hash=digest,
            dealership_id=user.dealership_id,
            user_id=user.id,
            email=user.email,
            expires_at=utcnow() + timedelta(minutes=CHALLENGE_MINUTES),
        ),
    )
    return issue_challenge_token(ctx.settings, Challenge(user.id, user.email, challenge_id))


async def _use_challenge(ctx: AuthContext, challenge: Challenge) -> bool:
    now = utcnow()
    found = await repository.live_action_token(
        ctx.session,
        token_digest(challenge.challenge_id),
        ActionPurpose.two_factor_challenge,
        now,
    )
    return (
        found is not None
        and found.user_id == challenge.user_id
        and await repository.use_action_token(ctx.session, found.id, now)
    )


async def open_session(ctx: AuthContext, user: User) -> IssuedSession:
    now = utcnow()
    user.last_login_at = now
    ends_at = now + timedelta(hours=ctx.settings.session_absolute_hours)
    return await _issue(ctx, user, new_id(), ends_at)


async def refresh(ctx: AuthContext, presented: str | None) -> IssuedSession:
    found = await _presented_session(ctx, presented)
    if found is None:
        raise Unauthorized("Sign in to continue.")
    token, user = found
    now = utcnow()
    if token.rotated_at is not None:
        revoked = await repository.revoke_family(ctx.session, token.family_id, now)
        announce_ended(ctx.session, EndedSessions(user.id, family_id=token.family_id))
        await ctx.audit(
            AuditAction.refresh_reused,
            dealership_id=user.dealership_id,
            target_type="user",
            target_id=user.id,
            session_id=token.family_id,
            tokens_revoked=revoked,
        )
        raise RecordedRefusal(
            RefreshTokenReused("This session was ended because its sign-in was used twice.")
        )
    # A revoked token that was never rotated belongs to a session that ended (logout, password
    # change, deactivation): nobody replayed it, so it is not reuse.
    if (
        token.revoked_at is not None
        or as_utc(token.idle_expires_at) <= now
        or as_utc(token.absolute_expires_at) <= now
        or not user.is_active
    ):
        raise SessionExpired("Your session has ended; sign in again.")
    if not await repository.mark_rotated(ctx.session, token.id, now):
        # A concurrent refresh with the same token won the race; its new token is the live one.
        raise RefreshTokenReused("This sign-in was already renewed.")
    return await _issue(ctx, user, token.family_id, as_utc(token.absolute_expires_at))


async def logout(ctx: AuthContext, presented: str | None) -> None:
    found = await _presented_session(ctx, presented)
    if found is None:
        return
    token, user = found
    await repository.revoke_family(ctx.session, token.family_id, utcnow())
    announce_ended(ctx.session, EndedSessions(user.id, family_id=token.family_id))
    await ctx.audit(
        AuditAction.logout,
        dealership_id=user.dealership_id,
        actor=user,
        target_type="user",
        target_id=user.id,
        session_id=token.family_id,
    )


async def _presented_session(
    ctx: AuthContext, presented: str | None
) -> tuple[RefreshToken, User] | None:
    if not presented:
        return None
    token = await repository.refresh_token_by_digest(ctx.session, token_digest(presented))
    user = await repository.user_by_id(ctx.session, token.user_id) if token else None
    return (token, user) if token and user else None


@dataclass(frozen=True)
class _Throttled:
    retry_after: int


async def _count_attempt(ctx: AuthContext, email: str) -> str | _Throttled:
    """Count this attempt before any password or code is checked, or refuse it while the
    account or the address has failed too often within the window.

    The attempt is recorded as a failure in a transaction of its own, committed before the
    check, and counted under a lock (see `serialize_attempts`): parallel guesses each see the
    ones before them, so no more than the limit are ever checked. A success removes it again.
    Returns the recorded attempt's id.
    """
    settings = ctx.settings
    now = utcnow()
    window = timedelta(seconds=settings.login_failure_window_seconds)
    async with transaction(ctx.sessionmaker) as session:
        await repository.serialize_attempts(session, email, ctx.ip, now - window)
        blocking = [
            failure
            for failure in (
                await repository.nth_recent_failure_of_email(
                    session, email, now - window, settings.login_max_failures_per_account
                ),
                await repository.nth_recent_failure_of_ip(
                    session, ctx.ip, now - window, settings.login_max_failures_per_ip
                ),
            )
            if failure is not None
        ]
        if not blocking:
            return await repository.add_login_failure(session, email, ctx.ip)
    # Attempts are allowed again once the failure that tipped the count over leaves the window.
    return _Throttled(max(1, ceil((as_utc(max(blocking)) + window - now).total_seconds())))


async def _throttled(
    ctx: AuthContext, email: str, user: User | None, throttled: _Throttled
) -> NoReturn:
    await ctx.audit(
        AuditAction.login_throttled,
        dealership_id=user.dealership_id if user else None,
        actor_email=email,
        retry_after=throttled.retry_after,
    )
    detail = "Too many failed sign-in attempts; try again later."
    raise RecordedRefusal(TooManyAttempts(detail, retry_after=throttled.retry_after))


async def _refuse(
    ctx: AuthContext, email: str, user: User | None, reason: str, error: AppError
) -> NoReturn:
    # The failure itself was recorded by `_count_attempt`, before the check.
    await ctx.audit(
        AuditAction.login_failed,
        dealership_id=user.dealership_id if user else None,
        actor_email=email,
        target_type="user" if user else None,
        target_id=user.id if user else None,
        reason=reason,
    )
    raise RecordedRefusal(error)


async def _complete_login(ctx: AuthContext, user: User, method: str) -> IssuedSession:
    # Only the account's failures: clearing the address's would let one valid account reset the
    # counter an attacker builds up guessing others from the same address.
    await repository.clear_login_failures(ctx.session, user.email)
    await ctx.audit(
        AuditAction.login_succeeded,
        dealership_id=user.dealership_id,
        actor=user,
        target_type="user",
        target_id=user.id,
        method=method,
    )
    record_usage(
        ctx.session, dealership_id=user.dealership_id, user_id=user.id, kind=UsageKind.login
    )
    return await open_session(ctx, user)


async def _issue(ctx: AuthContext, user: User, family_id: str, ends_at: datetime) -> IssuedSession:
    settings = ctx.settings
    now = utcnow()
    refresh_token, digest = new_opaque_token()
    await repository.add(
        ctx.session,
        RefreshToken(
            user_id=user.id,
            family_id=family_id,
            token_hash=digest,
            created_at=now,
            idle_expires_at=min(now + timedelta(minutes=settings.session_idle_minutes), ends_at),
            absolute_expires_at=ends_at,
            ip=ctx.ip,
            user_agent=ctx.user_agent,
        ),
    )
    access_token = issue_access_token(
        settings, AccessClaims(user.id, user.dealership_id, user.role, family_id)
    )
    return IssuedSession(
        user=user,
        access_token=access_token,
        expires_in=settings.access_token_minutes * 60,
        refresh_token=refresh_token,
        ends_at=ends_at,
    )
