"""The routes of writing copy: live linting, the generation stream and batches."""

from fastapi import status
from fastapi.responses import StreamingResponse

from carsales.content.dependencies import WritingServiceDep, content_router
from carsales.content.writing.schemas import (
    BatchCreate,
    GenerateRequest,
    GenerationDelta,
    GenerationDone,
    GenerationFailed,
    LintRequest,
    LintResult,
)
from carsales.jobs.dependencies import JobServiceDep
from carsales.jobs.schemas import JobOut

router = content_router()

_NDJSON = "application/x-ndjson"


@router.post("/lint")
async def lint_content(body: LintRequest, service: WritingServiceDep) -> LintResult:
    """The linter's findings on a text, with the dealership's rule packs; for live feedback
    while typing (nothing is stored)."""
    return LintResult(findings=await service.lint(body))


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
async def generate_content(body: GenerateRequest, service: WritingServiceDep) -> StreamingResponse:
    """Copy streamed as it is written, stored nowhere: with an OpenAI-compatible model
    configured it arrives token by token; the offline composer sends each variant whole."""
    stream = await service.generation_stream(body)
    return StreamingResponse(
        stream, media_type=_NDJSON, headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    )


@router.post(
    "/batch",
    status_code=status.HTTP_202_ACCEPTED,
    responses={404: {"description": "A listed vehicle is not in the dealership"}},
)
async def create_batch(
    body: BatchCreate, service: WritingServiceDep, jobs: JobServiceDep
) -> JobOut:
    """One channel's copy for many vehicles (the listed ones, or the `newest` in stock), as a
    processing job (`content_generation`): follow it at /api/v1/jobs/{id}; when it completes
    each vehicle has a draft (`GET /api/v1/content?batchJobId=`)."""
    job = await service.batch(body, jobs.enqueue)
    return jobs.to_out(job)
