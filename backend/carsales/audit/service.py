"""Writing the audit trail. Every security-relevant action records one event in the same
transaction as the change it describes, so the trail never claims what did not happen."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from carsales.logging import request_id_var
from carsales.models import AuditEvent, User


@dataclass(frozen=True)
class AuditContext:
    """Where a request came from, as the trail records it. Built once per request by the
    `Audit` dependency (audit/dependencies.py), so services take plain values, never the
    request."""

    ip: str
    user_agent: str
    request_id: str | None


class AuditAction:
    login_succeeded = "auth.login_succeeded"
    login_failed = "auth.login_failed"
    login_throttled = "auth.login_throttled"
    logout = "auth.logout"
    refresh_reused = "auth.refresh_token_reused"
    password_changed = "auth.password_changed"  # noqa: S105 - an action name
    password_reset_requested = "auth.password_reset_requested"  # noqa: S105 - an action name
    password_reset_completed = "auth.password_reset_completed"  # noqa: S105 - an action name
    two_factor_enabled = "auth.two_factor_enabled"
    two_factor_disabled = "auth.two_factor_disabled"
    recovery_code_used = "auth.recovery_code_used"
    invitation_sent = "user.invitation_sent"
    invitation_accepted = "user.invitation_accepted"
    invitation_revoked = "user.invitation_revoked"
    role_changed = "user.role_changed"
    manager_changed = "user.manager_changed"
    profile_updated = "user.profile_updated"
    user_deactivated = "user.deactivated"
    user_reactivated = "user.reactivated"
    user_unlocked = "user.unlocked"
    dealership_renamed = "dealership.renamed"


async def record(
    session: AsyncSession,
    origin: AuditContext | None,
    action: str,
    *,
    dealership_id: str | None,
    actor: User | None = None,
    actor_email: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    **details: Any,
) -> AuditEvent:
    """`origin`: None outside a request (the command line, a worker)."""
    event = AuditEvent(
        dealership_id=dealership_id,
        actor_id=actor.id if actor else None,
        actor_email=actor.email if actor else actor_email,
        action=action,
        target_type=target_type,
        target_id=target_id,
        ip=origin.ip if origin else None,
        user_agent=origin.user_agent if origin else None,
        request_id=origin.request_id if origin else request_id_var.get(),
        details=details,
    )
    session.add(event)
    await session.flush()
    return event
