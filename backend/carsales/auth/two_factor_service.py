"""Two-factor authentication: setting up TOTP, confirming it, turning it off, checking codes."""

from dataclasses import dataclass

from carsales.audit.service import AuditAction
from carsales.auth import repository, two_factor
from carsales.auth.context import AuthContext
from carsales.auth.errors import (
    InvalidCode,
    TwoFactorAlreadyEnabled,
    TwoFactorNotStarted,
    WrongPassword,
)
from carsales.auth.passwords import verify_password_off_loop
from carsales.kit.time import utcnow
from carsales.models import User


@dataclass(frozen=True)
class TwoFactorSetup:
    secret: str
    otpauth_uri: str
    qr_svg: str


async def setup(ctx: AuthContext, user: User) -> TwoFactorSetup:
    """Start (or restart) set-up: the new secret stays pending until a code from it is confirmed."""
    if user.totp_enabled:
        raise TwoFactorAlreadyEnabled("Turn two-factor authentication off to set it up again.")
    secret = two_factor.new_secret()
    user.totp_secret_encrypted = two_factor.encrypt_secret(ctx.settings, user.id, secret)
    uri = two_factor.provisioning_uri(secret, user.email)
    return TwoFactorSetup(secret=secret, otpauth_uri=uri, qr_svg=two_factor.qr_svg(uri))


async def confirm(ctx: AuthContext, user: User, code: str) -> list[str]:
    """Turn two-factor on once the authenticator proves it holds the secret; returns the
    recovery codes, shown this once and stored only as digests."""
    if user.totp_enabled:
        raise TwoFactorAlreadyEnabled("Two-factor authentication is already on.")
    if user.totp_secret_encrypted is None:
        raise TwoFactorNotStarted("Start the two-factor set-up first.")
    if not (two_factor.is_totp_code(code) and await _accept_totp(ctx, user, code)):
        raise InvalidCode("The code is incorrect; check the authenticator's clock and try again.")
    user.totp_enabled = True
    codes = two_factor.new_recovery_codes()
    await repository.replace_recovery_codes(
        ctx.session, user.id, [two_factor.recovery_code_digest(ctx.settings, c) for c in codes]
    )
    await ctx.audit(
        AuditAction.two_factor_enabled,
        dealership_id=user.dealership_id,
        actor=user,
        target_type="user",
        target_id=user.id,
    )
    return codes


async def disable(ctx: AuthContext, user: User, password: str) -> None:
    """Turn two-factor off, or abandon a pending set-up."""
    if not await verify_password_off_loop(user.password_hash, password):
        raise WrongPassword()
    was_enabled = user.totp_enabled
    user.totp_enabled = False
    user.totp_secret_encrypted = None
    user.totp_last_step = None
    await repository.delete_recovery_codes(ctx.session, user.id)
    if was_enabled:
        await ctx.audit(
            AuditAction.two_factor_disabled,
            dealership_id=user.dealership_id,
            actor=user,
            target_type="user",
            target_id=user.id,
        )


async def verify_second_factor(ctx: AuthContext, user: User, code: str) -> str | None:
    """How `code` proved the second factor ("totp" or "recovery_code"), or None if it did not.
    Either kind is good once: a TOTP step or a recovery code is consumed by its first use."""
    if two_factor.is_totp_code(code):
        return "totp" if await _accept_totp(ctx, user, code) else None
    digest = two_factor.recovery_code_digest(ctx.settings, code)
    if not await repository.use_recovery_code(ctx.session, user.id, digest, utcnow()):
        return None
    await ctx.audit(
        AuditAction.recovery_code_used,
        dealership_id=user.dealership_id,
        actor=user,
        target_type="user",
        target_id=user.id,
    )
    return "recovery_code"


async def _accept_totp(ctx: AuthContext, user: User, code: str) -> bool:
    if user.totp_secret_encrypted is None:
        return False
    secret = two_factor.decrypt_secret(ctx.settings, user.id, user.totp_secret_encrypted)
    step = two_factor.matching_step(secret, code, utcnow())
    return step is not None and await repository.claim_totp_step(ctx.session, user.id, step)
