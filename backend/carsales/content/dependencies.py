"""What the content routers share: their path, the content id parameter, and the services a
request works with, the actor bound once (see "Services" in docs/architecture.md). Services
are built from the app's state, so they never see the request."""

from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Path, Request

from carsales.audit.dependencies import Audit
from carsales.audit.service import AuditContext
from carsales.auth.dependencies import CurrentUser, ManagerUser
from carsales.content.outputs.service import ContentOutputs
from carsales.content.projects.service import ContentService
from carsales.content.scope import ContentScope
from carsales.content.writing.service import WritingService
from carsales.db import DbSession
from carsales.kit.repository import ID_PATTERN
from carsales.models import User

ContentId = Annotated[str, Path(pattern=ID_PATTERN, description="A content project's id")]
ServiceT = TypeVar("ServiceT", bound=ContentScope)


def content_router() -> APIRouter:
    """A router of one part of the content API; content/router.py joins them."""
    return APIRouter(prefix="/api/v1/content", tags=["content"])


def _build(
    kind: type[ServiceT], request: Request, db: DbSession, user: User, origin: AuditContext
) -> ServiceT:
    state = request.app.state
    return kind(db, state.settings, state.storage, user, origin, state.job_kinds.uploadable())


async def get_content_service(
    request: Request, db: DbSession, user: CurrentUser, origin: Audit
) -> ContentService:
    return _build(ContentService, request, db, user, origin)


async def get_manager_content_service(
    request: Request, db: DbSession, user: ManagerUser, origin: Audit
) -> ContentService:
    return _build(ContentService, request, db, user, origin)


async def get_content_outputs(
    request: Request, db: DbSession, user: CurrentUser, origin: Audit
) -> ContentOutputs:
    return _build(ContentOutputs, request, db, user, origin)


async def get_writing_service(
    request: Request, db: DbSession, user: CurrentUser, origin: Audit
) -> WritingService:
    return _build(WritingService, request, db, user, origin)


ContentServiceDep = Annotated[ContentService, Depends(get_content_service)]
ManagerContentServiceDep = Annotated[ContentService, Depends(get_manager_content_service)]
ContentOutputsDep = Annotated[ContentOutputs, Depends(get_content_outputs)]
WritingServiceDep = Annotated[WritingService, Depends(get_writing_service)]
