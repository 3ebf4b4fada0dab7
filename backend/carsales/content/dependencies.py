"""What the content routers share: their path, the content id parameter, and the service a
request works with (built from the app's state, so services never see the request)."""

from typing import Annotated, TypeVar

from fastapi import APIRouter, Path, Request

from carsales.audit.service import AuditContext
from carsales.content.scope import ContentScope
from carsales.db import DbSession
from carsales.kit.repository import ID_PATTERN
from carsales.models import User

ContentId = Annotated[str, Path(pattern=ID_PATTERN, description="A content project's id")]
ServiceT = TypeVar("ServiceT", bound=ContentScope)


def content_router() -> APIRouter:
    """A router of one part of the content API; content/router.py joins them."""
    return APIRouter(prefix="/api/v1/content", tags=["content"])


def content_service(
    kind: type[ServiceT],
    request: Request,
    db: DbSession,
    user: User,
    origin: AuditContext | None,
) -> ServiceT:
    state = request.app.state
    return kind(db, state.settings, state.storage, user, origin, state.job_kinds.uploadable())
