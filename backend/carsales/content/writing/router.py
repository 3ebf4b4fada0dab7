"""The routes of writing copy: live linting, the generation stream and batches."""

from fastapi import Request, status
from fastapi.responses import StreamingResponse

from carsales.audit.dependencies import Audit
from carsales.auth.dependencies import CurrentUser
from carsales.content.dependencies import content_router, content_service
from carsales.content.writing.schemas import (
    BatchCreate,
    GenerateRequest,
    GenerationDelta,
    GenerationDone,
    GenerationFailed,
    LintRequest,
    LintResult,
)
from carsales.content.writing.service import WritingService
from carsales.db import DbSession
from carsales.jobs.schemas import JobOut
from carsales.jobs.service import JobService

router = content_router()

_NDJSON = "application/x-ndjson"


@router.post("/lint")
async def lint_content(
    body: LintRequest, request: Request, db: DbSession, user: CurrentUser
) -> LintResult:
    """The linter's findings on a text, with the dealership's rule packs; for live feedback
    while typing (nothing is stored)."""
    return LintResult(
        findings=await content_service(WritingService, request, db, user, None).lint(body)
    )


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
    stream = await content_service(WritingService, request, db, user, None).generation_stream(body)
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
    job = await content_service(WritingService, request, db, user, origin).batch(
        body, state.job_queue.enqueue
    )
    jobs = JobService(db, state.settings, state.storage, state.job_kinds, state.job_queue.enqueue)
    return jobs.to_out(job)
