"""Changing a password, and resetting a forgotten one through an e-mailed link."""

import asyncio
import weakref
from dataclasses import replace
from datetime import timedelta

from carsales import mail
from carsales.audit.service import AuditAction
from carsales.auth import repository
from carsales.auth.context import AuthContext
from carsales.auth.errors import InvalidToken, WrongPassword
from carsales.auth.password_policy import check_password
from carsales.auth.passwords import hash_password_off_loop, verify_password_off_loop
from carsales.auth.service import normalize_email
from carsales.auth.sessions import revoke_user_sessions
from carsales.auth.tokens import new_opaque_token, token_digest
from carsales.db import transaction
from carsales.kit.background import spawn
from carsales.kit.time import utcnow
from carsales.models import ActionPurpose, ActionToken, User

# More live links than this per account are not sent: it caps how much mail anyone can make us
# send to one address, and the answer stays 202 so it tells nothing.
MAX_LIVE_RESET_LINKS = 3
_reset_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


async def change_password(
    ctx: AuthContext, user: User, current_session_id: str, current: str, new: str
) -> None:
    """Set a new password and end every other session: whoever else was signed in with the old
    password is signed out, while the browser that made the change stays in."""
    if not await verify_password_off_loop(user.password_hash, current):
        raise WrongPassword()
    check_password(new, user.email)
    await _set_password(user, new)
    ended = await revoke_user_sessions(ctx.session, user.id, except_family=current_session_id)
    await ctx.audit(
        AuditAction.password_changed,
        dealership_id=user.dealership_id,
        actor=user,
        target_type="user",
        target_id=user.id,
        sessions_ended=ended,
    )


async def request_reset(ctx: AuthContext, email: str) -> None:
    """E-mail a reset link if an active account has this address, in the background: the
    answer neither says nor, by its timing, shows whether the address has an account (the
    look-up, the cap on live links and the mail happen after it was sent)."""
    spawn(_request_reset(ctx, normalize_email(email)), "password_reset_request")


async def _request_reset(request_ctx: AuthContext, email: str) -> None:
    # One at a time in this process, so that parallel requests cannot exceed the link cap.
    lock = _reset_locks.setdefault(asyncio.get_running_loop(), asyncio.Lock())
    async with lock, transaction(request_ctx.sessionmaker) as session:
        await _send_reset_link(replace(request_ctx, session=session), email)


async def _send_reset_link(ctx: AuthContext, email: str) -> None:
    user = await repository.user_by_email(ctx.session, email)
    if user is None or not user.is_active:
        return
    now = utcnow()
    purpose = ActionPurpose.password_reset
    if await repository.count_live_action_tokens(ctx.session, user.id, purpose, now) >= (
        MAX_LIVE_RESET_LINKS
    ):
        return
    token, digest = new_opaque_token()
    minutes = ctx.settings.password_reset_minutes
    await repository.add(
        ctx.session,
        ActionToken(
            purpose=purpose,
            token_hash=digest,
            dealership_id=user.dealership_id,
            user_id=user.id,
            email=user.email,
            expires_at=now + timedelta(minutes=minutes),
        ),
    )
    await ctx.audit(
        AuditAction.password_reset_requested,
        dealership_id=user.dealership_id,
        actor_email=user.email,
        target_type="user",
        target_id=user.id,
    )
    mail.send_after_commit(
        ctx.session,
        ctx.settings,
        mail.Mail(
            to=user.email,
            subject="Reset your Car Sales AI Assistant password",
            paragraphs=[
                f"Hello {user.first_name or user.email},",
                "Someone asked to reset the password of your Car Sales AI Assistant account. "
                f"The link below works once, for {minutes} minutes.",
                "If it was not you, ignore this e-mail: your password stays as it is.",
            ],
            action_label="Choose a new password",
            action_url=f"{ctx.settings.public_url}/reset-password?token={token}",
        ),
    )


async def reset_password(ctx: AuthContext, token: str, password: str) -> None:
    """Set the password from a reset link, use up every reset link of the account and end all
    of its sessions (whoever knew the old password is out)."""
    now = utcnow()
    purpose = ActionPurpose.password_reset
    found = await repository.live_action_token(ctx.session, token_digest(token), purpose, now)
    user_id = found.user_id if found else None
    user = await repository.user_by_id(ctx.session, user_id) if user_id else None
    if found is None or user is None or not user.is_active:
        raise InvalidToken()
    check_password(password, user.email)
    if not await repository.use_action_token(ctx.session, found.id, now):
        raise InvalidToken()
    await repository.retire_action_tokens(ctx.session, user.id, purpose, now)
    await _set_password(user, password)
    await revoke_user_sessions(ctx.session, user.id)
    # The owner of the mailbox proved who they are: a lock-out from guessing must not keep them out.
    await repository.clear_login_failures(ctx.session, user.email)
    await ctx.audit(
        AuditAction.password_reset_completed,
        dealership_id=user.dealership_id,
        actor=user,
        target_type="user",
        target_id=user.id,
    )


async def _set_password(user: User, password: str) -> None:
    user.password_hash = await hash_password_off_loop(password)
    user.password_changed_at = utcnow()
