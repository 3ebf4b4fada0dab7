"""Invitation endpoints. The URLs stayed where they were when auth owned invitations: an admin
manages them under /api/v1/users/invitations, and the invitee's (public) link pages under
/api/v1/auth/invitations, beside the other sign-in endpoints."""

from typing import Any

from fastapi import APIRouter, Depends, Response, status

from carsales.auth import ratelimit
from carsales.auth.context import Context
from carsales.auth.dependencies import AdminUser
from carsales.auth.router import AUTH_PREFIX, signed_in
from carsales.auth.schemas import AuthenticatedOut
from carsales.users import bulk_invitations, invitation_service
from carsales.users.invitation_service import IssuedInvitation
from carsales.users.schemas import (
    AcceptInvitationIn,
    BulkInvitationIn,
    BulkInvitationLine,
    BulkInvitationOut,
    InvitationCreatedOut,
    InvitationIn,
    InvitationOut,
    InvitationPreviewOut,
)

public = APIRouter(prefix=f"{AUTH_PREFIX}/invitations", tags=["auth"])
admin = APIRouter(prefix="/api/v1/users/invitations", tags=["users"])


@public.get(
    "/{token}",
    response_model=InvitationPreviewOut,
    dependencies=[Depends(ratelimit.per_ip("invitation_preview"))],
)
async def invitation_preview(token: str, ctx: Context) -> InvitationPreviewOut:
    pending = await invitation_service.preview(ctx, token)
    return InvitationPreviewOut(
        email=pending.token.email,
        role=pending.role,
        dealership_name=pending.dealership.name,
        expires_at=pending.token.expires_at,
    )


@public.post("/accept", response_model=AuthenticatedOut)
async def accept_invitation(
    body: AcceptInvitationIn, ctx: Context, response: Response
) -> AuthenticatedOut:
    issued = await invitation_service.accept(
        ctx, body.token, body.password, body.first_name, body.last_name
    )
    return signed_in(ctx, response, issued, AuthenticatedOut)


MAIL_NOT_CONFIGURED: dict[int | str, dict[str, Any]] = {
    409: {"description": "`mail_not_configured`: production without a mail server"}
}


def _created(issued: IssuedInvitation) -> InvitationCreatedOut:
    return InvitationCreatedOut.model_validate(
        {
            **InvitationOut.model_validate(issued.invitation).model_dump(),
            "invite_url": issued.invite_url,
            "email_sent": issued.email_sent,
        }
    )


@admin.post(
    "",
    response_model=InvitationCreatedOut,
    status_code=status.HTTP_201_CREATED,
    responses=MAIL_NOT_CONFIGURED,
)
async def create_invitation(
    body: InvitationIn, user: AdminUser, ctx: Context
) -> InvitationCreatedOut:
    """Invite someone. Without a mail server (outside production) no e-mail is sent and the
    answer carries the link to pass on."""
    issued = await invitation_service.invite(ctx, user, body.email, body.role, body.manager_id)
    return _created(issued)


@admin.post(
    "/bulk",
    response_model=BulkInvitationOut,
    responses={
        400: {"description": "`unreadable_csv`: no lines, or too many"},
        **MAIL_NOT_CONFIGURED,
    },
)
async def create_bulk_invitations(
    body: BulkInvitationIn, user: AdminUser, ctx: Context
) -> BulkInvitationOut:
    """Check (create=false) or invite (create=true) the lines of a CSV file: name, e-mail,
    role, manager's e-mail. Lines with errors are never invited; each says why."""
    lines = await bulk_invitations.invite_all(ctx, user, body.csv, create=body.create)
    out = [
        BulkInvitationLine(
            line=line.line,
            name=line.name,
            email=line.email,
            role=line.role,
            manager_email=line.manager_email,
            errors=line.errors,
            invitation=_created(line.issued) if line.issued else None,
        )
        for line in lines
    ]
    invalid = sum(1 for line in lines if line.errors)
    return BulkInvitationOut(
        lines=out,
        valid=len(lines) - invalid,
        invalid=invalid,
        created=sum(1 for line in lines if line.issued),
    )


@admin.get("", response_model=list[InvitationOut])
async def list_invitations(user: AdminUser, ctx: Context) -> list[InvitationOut]:
    pending = await invitation_service.list_pending(ctx, user)
    return [InvitationOut.model_validate(invitation) for invitation in pending]


@admin.delete("/{invitation_id}", status_code=status.HTTP_204_NO_CONTENT)
async def revoke_invitation(invitation_id: str, user: AdminUser, ctx: Context) -> None:
    await invitation_service.revoke(ctx, user, invitation_id)


# Included after the routes exist: a router copies its sub-routers' routes when including them.
router = APIRouter()
router.include_router(public)
router.include_router(admin)
