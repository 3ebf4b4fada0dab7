"""Invitations: an admin invites someone by e-mail; the link creates their account in the
admin's dealership, with the role (and manager) the admin chose."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from carsales import mail
from carsales.audit.service import AuditAction
from carsales.auth import repository
from carsales.auth.context import AuthContext
from carsales.auth.errors import EmailTaken, InvalidManager, InvalidToken
from carsales.auth.password_policy import check_password
from carsales.auth.service import IssuedSession, normalize_email, open_session
from carsales.auth.tokens import new_opaque_token, token_digest
from carsales.config import Settings
from carsales.errors import Conflict, NotFound
from carsales.kit.time import utcnow
from carsales.models import ActionPurpose, ActionToken, Dealership, Role, User
from carsales.users.accounts import create_user
from carsales.users.repository import InvitationRepository


@dataclass(frozen=True)
class PendingInvitation:
    token: ActionToken
    role: Role
    dealership: Dealership


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: ActionToken
    # The link to pass on by hand: set only when no e-mail carries it (no SMTP server, outside
    # production), so that a link never shows where an e-mail could be intercepted instead.
    invite_url: str | None
    email_sent: bool


class MailNotConfigured(Conflict):
    title = "E-mail is not set up"
    code = "mail_not_configured"


async def invite(
    ctx: AuthContext,
    admin: User,
    email: str,
    role: Role,
    manager_id: str | None,
    name: str | None = None,
) -> IssuedInvitation:
    email = normalize_email(email)
    refuse_without_mail(ctx.settings)
    existing = await check_invitable(ctx, admin, email, role, manager_id)
    dealership = await repository.dealership_by_id(ctx.session, admin.dealership_id)
    if dealership is None:
        raise NotFound("Dealership not found.")
    invitations = InvitationRepository(ctx.session, admin.dealership_id)
    # Inviting the same address again replaces the earlier invitation: only the newest link works.
    await invitations.delete_unused_for(email)
    token, digest = new_opaque_token()
    hours = ctx.settings.invitation_hours
    now = utcnow()
    invitation = ActionToken(
        purpose=ActionPurpose.invitation,
        token_hash=digest,
        dealership_id=admin.dealership_id,
        email=email,
        role=role,
        manager_id=manager_id,
        created_by_id=admin.id,
        created_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    await repository.add(ctx.session, invitation)
    await ctx.audit(
        AuditAction.invitation_sent,
        dealership_id=admin.dealership_id,
        actor=admin,
        target_type="invitation",
        target_id=invitation.id,
        email=email,
        role=role.value,
    )
    # An address with an account at another dealership is invited like any other, so that the
    # answer does not reveal that it exists elsewhere; its owner gets a notice instead of a link
    # (accepting could only fail: an address belongs to one dealership).
    public_url = ctx.settings.public_url
    accept_url = f"{public_url}/accept-invitation?token={token}"
    if existing is None:
        closing = f"The link below works once, for {hours} hours."
        action = ("Accept the invitation", accept_url)
    else:
        closing = (
            "This address already has an account with another dealership, and an address can "
            "belong to one dealership only, so nothing was changed. To join, ask to be invited "
            "with another address."
        )
        action = ("Sign in", f"{public_url}/login")
    letter = mail.Mail(
        to=email,
        subject=f"{admin.full_name} invites you to {dealership.name} on Car Sales AI Assistant",
        paragraphs=[
            f"Hello {name}," if name else "Hello,",
            f"{admin.full_name} invites you to join {dealership.name} on Car Sales AI "
            f"Assistant as {role.value}.",
            closing,
        ],
        action_label=action[0],
        action_url=action[1],
    )
    if ctx.settings.smtp_host is None:
        # Outside production (refused above otherwise): the admin passes the link on. It is the
        # accepting link whoever the address belongs to, as the e-mail would not tell either.
        return IssuedInvitation(invitation, invite_url=accept_url, email_sent=False)
    mail.send_after_commit(ctx.session, ctx.settings, letter)
    return IssuedInvitation(invitation, invite_url=None, email_sent=True)


def refuse_without_mail(settings: Settings) -> None:
    """In production an invitation travels by e-mail only: a link shown on the admin's screen
    could end up anywhere."""
    if settings.is_production and settings.smtp_host is None:
        raise MailNotConfigured(
            "Invitations cannot be sent: no mail server is configured. Ask whoever runs the "
            "app to set CARSALES_SMTP_HOST, then invite again."
        )


async def check_invitable(
    ctx: AuthContext, admin: User, email: str, role: Role, manager_id: str | None
) -> User | None:
    """Raises when `email` cannot be invited with this role and manager; returns the account
    the (normalised) address already has at another dealership, if any."""
    existing = await repository.user_by_email(ctx.session, email)
    if existing is not None and existing.dealership_id == admin.dealership_id:
        # One of the admin's own users: saying so tells them nothing they cannot see.
        raise EmailTaken("Someone already has an account with this e-mail address.")
    if manager_id is not None:
        await _check_manager(ctx, admin.dealership_id, role, manager_id)
    return existing


async def list_pending(ctx: AuthContext, admin: User) -> Sequence[ActionToken]:
    return await InvitationRepository(ctx.session, admin.dealership_id).pending(utcnow())


async def revoke(ctx: AuthContext, admin: User, invitation_id: str) -> None:
    invitations = InvitationRepository(ctx.session, admin.dealership_id)
    invitation = await invitations.unused(invitation_id)
    if invitation is None:
        raise NotFound("Invitation not found.")
    await invitations.delete(invitation)
    await ctx.audit(
        AuditAction.invitation_revoked,
        dealership_id=admin.dealership_id,
        actor=admin,
        target_type="invitation",
        target_id=invitation_id,
        email=invitation.email,
    )


async def preview(ctx: AuthContext, token: str) -> PendingInvitation:
    """What the invitation page shows before the invitee chooses a password."""
    found = await repository.live_action_token(
        ctx.session, token_digest(token), ActionPurpose.invitation, utcnow()
    )
    dealership = (
        await repository.dealership_by_id(ctx.session, found.dealership_id) if found else None
    )
    if found is None or found.role is None or dealership is None:
        raise InvalidToken()
    return PendingInvitation(token=found, role=found.role, dealership=dealership)


async def accept(
    ctx: AuthContext, token: str, password: str, first_name: str, last_name: str
) -> IssuedSession:
    """Create the invitee's account and sign them in."""
    pending = await preview(ctx, token)
    invitation = pending.token
    if await repository.user_by_email(ctx.session, invitation.email) is not None:
        raise EmailTaken("An account with this e-mail address exists already: sign in instead.")
    check_password(password, invitation.email)
    if not await repository.use_action_token(ctx.session, invitation.id, utcnow()):
        raise InvalidToken()
    user = await create_user(
        ctx.session,
        pending.dealership,
        invitation.email,
        password,
        pending.role,
        first_name,
        last_name,
        manager_id=invitation.manager_id,
    )
    await ctx.audit(
        AuditAction.invitation_accepted,
        dealership_id=user.dealership_id,
        actor=user,
        target_type="invitation",
        target_id=invitation.id,
    )
    return await open_session(ctx, user)


async def _check_manager(ctx: AuthContext, dealership_id: str, role: Role, manager_id: str) -> None:
    if role is not Role.salesperson:
        raise InvalidManager("Only a salesperson reports to a manager.")
    if await repository.active_manager(ctx.session, dealership_id, manager_id) is None:
        raise InvalidManager("The manager must be an active manager of your dealership.")
