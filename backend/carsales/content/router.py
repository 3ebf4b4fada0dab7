from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, status
from fastapi.responses import Response, StreamingResponse

from carsales.audit.dependencies import Audit
from carsales.audit.service import AuditContext
from carsales.auth.dependencies import CurrentUser, ManagerUser
from carsales.content.schemas import (
    BatchCreate,
    CardFormat,
    ContentCreate,
    ContentListQuery,
    ContentOut,
    ContentStats,
    ContentSummary,
    ContentUpdate,
    EmailSent,
    GenerateRequest,
    GenerationDelta,
    GenerationDone,
    GenerationFailed,
    LintRequest,
    LintResult,
    RejectBody,
    SendEmail,
)
from carsales.content.service import ContentService
from carsales.db import DbSession
from carsales.jobs.schemas import JobOut
from carsales.jobs.service import JobService, safe_filename
from carsales.kit.pagination import Page, Pagination
from carsales.kit.repository import ID_PATTERN
from carsales.models import User

router = APIRouter(prefix="/api/v1/content", tags=["content"])

ContentId = Annotated[str, Path(pattern=ID_PATTERN, description="A content project's id")]
_CONFLICTS: dict[int | str, dict[str, Any]] = {
    409: {"description": "`illegal_transition`: not possible in the item's current status"}
}
_NDJSON = "application/x-ndjson"


def _service(
    request: Request, db: DbSession, user: User, origin: AuditContext | None
) -> ContentService:
    state = request.app.state
    return ContentService(
        db, state.settings, state.storage, user, origin, state.job_kinds.uploadable()
    )


def _download(body: bytes | str, media_type: str, filename: str, inline: bool) -> Response:
    disposition = "inline" if inline else "attachment"
    return Response(
        body,
        media_type=media_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="{safe_filename(filename, "file")}"',
            "Cache-Control": "private, no-store",
        },
    )


# Literal paths first: /stats, /lint... must not read as an id.


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={
        400: {"description": "`channel_type_mismatch`: the platform takes another type"},
        404: {"description": "No such vehicle in the dealership"},
    },
)
async def create_content(
    body: ContentCreate, request: Request, db: DbSession, user: CurrentUser, origin: Audit
) -> ContentOut:
    """A draft with generated copy: `variants` of them in `content.variants`, the first (or
    `selectedVariant`) as `content.text`, linted. With `generated` (what `/generate` streamed)
    that copy is kept instead of writing anew, after the same fact check and linting."""
    service = _service(request, db, user, origin)
    return await service.to_out(await service.create(body))


@router.get("")
async def list_content(
    request: Request,
    db: DbSession,
    user: CurrentUser,
    page: Pagination,
    query: Annotated[ContentListQuery, Query()],
) -> Page[ContentSummary]:
    """Most recently changed first. A salesperson sees their own items, managers and admins
    the whole dealership's (they review it)."""
    service = _service(request, db, user, None)
    rows, total = await service.list_visible(query, page)
    return Page(
        items=await service.to_summaries(rows), total=total, offset=page.offset, limit=page.limit
    )


@router.get("/stats")
async def content_stats(request: Request, db: DbSession, user: CurrentUser) -> ContentStats:
    """How many items the caller sees in each status (the dashboard's card)."""
    return await _service(request, db, user, None).stats()


@router.get(
    "/export.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One row per item"}},
)
async def export_csv(
    request: Request,
    db: DbSession,
    user: CurrentUser,
    query: Annotated[ContentListQuery, Query()],
) -> Response:
    """The items the caller sees that match the filters (e.g. `status=published`,
    `batchJobId=`), as CSV: copy, vehicle, findings counts and dates."""
    csv_text = await _service(request, db, user, None).export_csv(query)
    return _download(csv_text, "text/csv; charset=utf-8", "content.csv", inline=False)


@router.post("/lint")
async def lint_content(
    body: LintRequest, request: Request, db: DbSession, user: CurrentUser
) -> LintResult:
    """The linter's findings on a text, with the dealership's rule packs; for live feedback
    while typing (nothing is stored)."""
    return LintResult(findings=await _service(request, db, user, None).lint(body))


@router.post(
    "/generate",
    response_class=StreamingResponse,
    responses={
        200: {
            "model": GenerationDelta | GenerationDone | GenerationFailed,
            "content": {_NDJSON: {}},
            "description": "One JSON object a line: pieces of each variant as they are written "
            "(`{variant, delta}`, `{variant, restart}`), then `{variants, engine, "
            "fallbackReason}` (or `{error}` if it broke off). Send that last object back as "
            "`generated` of `POST /api/v1/content` to save it as a draft.",
        },
        404: {"description": "No such vehicle in the dealership"},
    },
)
async def generate_content(
    body: GenerateRequest, request: Request, db: DbSession, user: CurrentUser
) -> StreamingResponse:
    """Copy streamed as it is written, stored nowhere: with an OpenAI-compatible model
    configured it arrives token by token; the offline composer sends each variant whole."""
    stream = await _service(request, db, user, None).generation_stream(body)
    return StreamingResponse(
        stream, media_type=_NDJSON, headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    )


@router.post(
    "/batch",
    status_code=status.HTTP_202_ACCEPTED,
    responses={404: {"description": "A listed vehicle is not in the dealership"}},
)
async def create_batch(
    body: BatchCreate, request: Request, db: DbSession, user: CurrentUser, origin: Audit
) -> JobOut:
    """One channel's copy for many vehicles (the listed ones, or the `newest` in stock), as a
    processing job (`content_generation`): follow it at /api/v1/jobs/{id}; when it completes
    each vehicle has a draft (`GET /api/v1/content?batchJobId=`)."""
    state = request.app.state
    job = await _service(request, db, user, origin).batch(body, state.job_queue.enqueue)
    jobs = JobService(db, state.settings, state.storage, state.job_kinds, state.job_queue.enqueue)
    return jobs.to_out(job)


@router.get("/{content_id}")
async def get_content(
    content_id: ContentId, request: Request, db: DbSession, user: CurrentUser
) -> ContentOut:
    """The item with its revisions, oldest first."""
    service = _service(request, db, user, None)
    return await service.to_out(await service.get(content_id))


@router.patch(
    "/{content_id}",
    responses={400: {"description": "`unknown_image` or `channel_type_mismatch`"}},
)
async def update_content(
    content_id: ContentId,
    changes: ContentUpdate,
    request: Request,
    db: DbSession,
    user: CurrentUser,
    origin: Audit,
) -> ContentOut:
    """Edit the copy (re-linted). An item in review or published becomes a draft again, to be
    reviewed anew; the published copy stays in the revisions (`publishedRevision`)."""
    service = _service(request, db, user, origin)
    return await service.to_out(await service.update(content_id, changes))


@router.delete(
    "/{content_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={409: {"description": "`not_deletable`: not a draft, or published before"}},
)
async def delete_content(
    content_id: ContentId, request: Request, db: DbSession, user: CurrentUser, origin: Audit
) -> None:
    await _service(request, db, user, origin).delete(content_id)


@router.post("/{content_id}/submit", responses=_CONFLICTS)
async def submit_content(
    content_id: ContentId, request: Request, db: DbSession, user: CurrentUser, origin: Audit
) -> ContentOut:
    """Draft -> review: its author, or a manager or admin."""
    service = _service(request, db, user, origin)
    return await service.to_out(await service.submit(content_id))


@router.post(
    "/{content_id}/publish",
    responses={
        409: {
            "description": "`compliance_errors` (with `findings`) while the linter reports an "
            "error, or `illegal_transition`"
        }
    },
)
async def publish_content(
    content_id: ContentId, request: Request, db: DbSession, user: ManagerUser, origin: Audit
) -> ContentOut:
    """Review -> published (managers and admins)."""
    service = _service(request, db, user, origin)
    return await service.to_out(await service.publish(content_id))


@router.post("/{content_id}/reject", responses=_CONFLICTS)
async def reject_content(
    content_id: ContentId,
    body: RejectBody,
    request: Request,
    db: DbSession,
    user: ManagerUser,
    origin: Audit,
) -> ContentOut:
    """Review -> draft, with the reviewer's comment (managers and admins)."""
    service = _service(request, db, user, origin)
    return await service.to_out(await service.reject(content_id, body.comment))


@router.get(
    "/{content_id}/card.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}, "description": "The social card"}},
)
async def content_card(
    content_id: ContentId,
    request: Request,
    db: DbSession,
    user: CurrentUser,
    layout: Annotated[
        CardFormat, Query(description="square 1080x1080, portrait 1080x1350, landscape 1200x630")
    ] = "square",
    download: bool = False,
) -> Response:
    """A social post card: the vehicle's processed photo (the chosen one, else its newest),
    the car, its price and the dealership's name."""
    png = await _service(request, db, user, None).card(content_id, layout)
    return _download(png, "image/png", f"card-{content_id[:8]}.png", inline=not download)


@router.get(
    "/{content_id}/print.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The print ad"}},
)
async def content_pdf(
    content_id: ContentId,
    request: Request,
    db: DbSession,
    user: CurrentUser,
    download: bool = False,
) -> Response:
    """A one-page print ad (US Letter): headline, body, price block, small print."""
    pdf = await _service(request, db, user, None).print_pdf(content_id)
    return _download(pdf, "application/pdf", f"ad-{content_id[:8]}.pdf", inline=not download)


@router.get(
    "/{content_id}/export.txt",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "The copy to paste"}},
)
async def content_text(
    content_id: ContentId, request: Request, db: DbSession, user: CurrentUser
) -> Response:
    """The copy as the platform takes it (hashtags added where missing; an e-mail's subject
    and preheader first)."""
    text = await _service(request, db, user, None).export_text(content_id)
    return _download(text, "text/plain; charset=utf-8", f"copy-{content_id[:8]}.txt", True)


@router.post(
    "/{content_id}/send-email",
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        409: {
            "description": "`smtp_not_configured`, `not_email_content`, or `not_published`: "
            "before publication only a proof to oneself is sent"
        }
    },
)
async def send_email(
    content_id: ContentId,
    body: SendEmail,
    request: Request,
    db: DbSession,
    user: CurrentUser,
    origin: Audit,
) -> EmailSent:
    """Send the e-mail (HTML and plain text) to a test list of at most 20 addresses, through
    the server's SMTP settings; it goes out once the request has committed."""
    return await _service(request, db, user, origin).send_email(content_id, body.recipients)
