from typing import Annotated

from fastapi import APIRouter, Query

from carsales.audit.repository import AuditRepository
from carsales.audit.schemas import AuditEventOut, AuditQuery
from carsales.auth.dependencies import AdminUser
from carsales.db import DbSession
from carsales.kit.pagination import Page, Pagination

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


@router.get("")
async def list_events(
    admin: AdminUser,
    db: DbSession,
    page: Pagination,
    query: Annotated[AuditQuery, Query()],
) -> Page[AuditEventOut]:
    """The dealership's audit trail, newest first (admin)."""
    events, total = await AuditRepository(db, admin.dealership_id).list_events(query, page)
    return Page[AuditEventOut](
        items=[AuditEventOut.model_validate(event) for event in events],
        total=total,
        offset=page.offset,
        limit=page.limit,
    )
