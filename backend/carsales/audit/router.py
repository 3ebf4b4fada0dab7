from typing import Annotated

from fastapi import APIRouter, Query, Response

from carsales.audit.repository import AuditRepository
from carsales.audit.schemas import AuditEventOut, AuditQuery
from carsales.audit.summary import Names, actor_name, summarise, target_name
from carsales.auth.dependencies import AdminUser
from carsales.db import DbSession
from carsales.kit.pagination import Page, Pagination
from carsales.kit.spreadsheet import to_csv
from carsales.kit.time import as_utc
from carsales.models import AuditEvent

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])

# The newest events an export holds: a spreadsheet's worth, for one answer.
EXPORT_LIMIT = 10_000
EXPORT_COLUMNS = ("Time (UTC)", "Person", "E-mail", "Action", "Target", "Summary", "IP address")


def _readable(event: AuditEvent, names: Names) -> AuditEventOut:
    return AuditEventOut(
        id=event.id,
        action=event.action,
        actor_id=event.actor_id,
        actor_email=event.actor_email,
        actor_name=actor_name(event, names),
        target_type=event.target_type,
        target_id=event.target_id,
        target_name=target_name(event, names),
        summary=summarise(event, names),
        ip=event.ip,
        user_agent=event.user_agent,
        details=event.details,
        created_at=event.created_at,
    )


@router.get("")
async def list_events(
    admin: AdminUser,
    db: DbSession,
    page: Pagination,
    query: Annotated[AuditQuery, Query()],
) -> Page[AuditEventOut]:
    """The dealership's audit trail, newest first (admin), each event named and in words."""
    audit = AuditRepository(db, admin.dealership_id)
    events, total = await audit.list_events(query, page)
    names = await audit.names(events)
    return Page[AuditEventOut](
        items=[_readable(event, names) for event in events],
        total=total,
        offset=page.offset,
        limit=page.limit,
    )


@router.get(
    "/export.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One row per event"}},
)
async def export_events(
    admin: AdminUser, db: DbSession, query: Annotated[AuditQuery, Query()]
) -> Response:
    """The events matching the filters as CSV, newest first (at most the newest 10,000)."""
    audit = AuditRepository(db, admin.dealership_id)
    events = await audit.export_events(query, EXPORT_LIMIT)
    names = await audit.names(events)
    rows = [
        {
            "Time (UTC)": f"{as_utc(event.created_at):%Y-%m-%d %H:%M:%S}",
            "Person": actor_name(event, names),
            "E-mail": event.actor_email,
            "Action": event.action,
            "Target": target_name(event, names),
            "Summary": summarise(event, names),
            "IP address": event.ip,
        }
        for event in events
    ]
    return Response(
        to_csv(EXPORT_COLUMNS, rows),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="audit-log.csv"',
            "Cache-Control": "private, no-store",
        },
    )
