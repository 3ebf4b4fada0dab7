import re
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from starlette.datastructures import UploadFile

from carsales.auth.dependencies import CurrentUser, ManagerUser
from carsales.db import DbSession
from carsales.errors import AppError
from carsales.kit.pagination import Page, Pagination
from carsales.kit.repository import ID_PATTERN
from carsales.models import SessionType, User
from carsales.storage import Storage
from carsales.training.schemas import (
    MAX_LINES,
    SCENARIO_ID_PATTERN,
    AssignmentCreate,
    AssignmentListQuery,
    AssignmentOut,
    ScenarioCreate,
    ScenarioOut,
    ScenarioUpdate,
    SessionCreate,
    SessionListQuery,
    TrainingSessionOut,
    TrainingSessionSummary,
)
from carsales.training.service import (
    ACCEPTED_AUDIO,
    AssignmentService,
    ScenarioService,
    SessionService,
)

router = APIRouter(prefix="/api/v1/training", tags=["training"])
sessions_router = APIRouter(prefix="/api/v1/sessions", tags=["training"])

SessionId = Annotated[str, Path(pattern=ID_PATTERN, description="A training session's id")]
AssignmentId = Annotated[str, Path(pattern=ID_PATTERN)]
ScenarioId = Annotated[
    str,
    Path(pattern=SCENARIO_ID_PATTERN, description="A built-in scenario's key or a custom id"),
]
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_OWNER_ONLY: dict[int | str, dict[str, Any]] = {
    403: {"description": "The session is someone else's (its owner only)"}
}


class RangeNotSatisfiable(AppError):
    status_code = 416
    title = "Range not satisfiable"
    code = "range_not_satisfiable"

    def __init__(self, size: int) -> None:
        super().__init__(f"The recording has {size} bytes.")
        self.size = size

    def headers(self) -> dict[str, str]:
        return {"Content-Range": f"bytes */{self.size}", "Accept-Ranges": "bytes"}


def _storage(request: Request) -> Storage:
    storage: Storage = request.app.state.storage
    return storage


def _sessions(request: Request, db: DbSession, user: User) -> SessionService:
    state = request.app.state
    return SessionService(db, state.settings, state.storage, state.job_queue.enqueue, user)


# Scenarios


@router.get("/scenarios")
async def list_scenarios(
    request: Request,
    db: DbSession,
    user: CurrentUser,
    session_type: Annotated[SessionType | None, Query(alias="sessionType")] = None,
) -> list[ScenarioOut]:
    """The built-in library first, then the dealership's own scenarios (archived ones left out)."""
    return await ScenarioService(db, _storage(request), user).available(session_type)


@router.post("/scenarios", status_code=status.HTTP_201_CREATED)
async def create_scenario(
    body: ScenarioCreate, request: Request, db: DbSession, user: ManagerUser
) -> ScenarioOut:
    return await ScenarioService(db, _storage(request), user).create(body)


@router.patch(
    "/scenarios/{scenario_id}",
    responses={
        400: {"description": "`builtin_scenario`: the built-in library cannot be edited"},
        403: {"description": "Only its author or an admin may change a scenario"},
    },
)
async def update_scenario(
    scenario_id: ScenarioId,
    changes: ScenarioUpdate,
    request: Request,
    db: DbSession,
    user: ManagerUser,
) -> ScenarioOut:
    return await ScenarioService(db, _storage(request), user).update(scenario_id, changes)


@router.delete("/scenarios/{scenario_id}", status_code=status.HTTP_204_NO_CONTENT)
async def archive_scenario(
    scenario_id: ScenarioId, request: Request, db: DbSession, user: ManagerUser
) -> None:
    """Archives the scenario: it leaves the list, and past sessions keep their copy of it."""
    await ScenarioService(db, _storage(request), user).archive(scenario_id)


@router.get(
    "/scenarios/{scenario_id}/lines/{index}/audio",
    response_class=Response,
    responses={
        200: {"content": {"audio/wav": {}}, "description": "The line, spoken"},
        503: {"description": "`speech_unavailable`: no speech synthesis on this server"},
    },
)
async def line_audio(
    scenario_id: ScenarioId,
    index: Annotated[int, Path(ge=0, lt=MAX_LINES, description="The line's position, from 0")],
    request: Request,
    db: DbSession,
    user: CurrentUser,
) -> Response:
    """The customer's line spoken by the server (espeak-ng). When this answers 503 the web app
    speaks the line with the browser's own speech synthesis."""
    audio = await ScenarioService(db, _storage(request), user).line_audio(scenario_id, index)
    return Response(audio, media_type="audio/wav", headers={"Cache-Control": "private, no-cache"})


# Assignments


@router.post(
    "/assignments",
    status_code=status.HTTP_201_CREATED,
    responses={400: {"description": "`invalid_assignee` or `unknown_scenario`"}},
)
async def create_assignment(
    body: AssignmentCreate, request: Request, db: DbSession, user: ManagerUser
) -> AssignmentOut:
    """Ask a salesperson to practise a scenario: a manager their own team, an admin anyone."""
    service = AssignmentService(db, _storage(request), user)
    return (await service.to_out([await service.create(body)]))[0]


@router.get("/assignments")
async def list_assignments(
    request: Request,
    db: DbSession,
    user: CurrentUser,
    page: Pagination,
    query: Annotated[AssignmentListQuery, Query()],
) -> Page[AssignmentOut]:
    """One's own assignments; a manager also their team's, an admin everyone's. Open ones
    first, soonest due first."""
    service = AssignmentService(db, _storage(request), user)
    rows, total = await service.list_visible(query, page)
    return Page(items=await service.to_out(rows), total=total, offset=page.offset, limit=page.limit)


@router.delete("/assignments/{assignment_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_assignment(
    assignment_id: AssignmentId, request: Request, db: DbSession, user: ManagerUser
) -> None:
    await AssignmentService(db, _storage(request), user).delete(assignment_id)


# Sessions


@sessions_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={400: {"description": "`unknown_scenario`"}},
)
async def create_session(
    body: SessionCreate, request: Request, db: DbSession, user: CurrentUser
) -> TrainingSessionOut:
    """Start a practice session; live audio then streams over Socket.IO (`training.audio`)."""
    service = _sessions(request, db, user)
    return service.to_out(await service.create(body))


@sessions_router.get("")
async def list_sessions(
    request: Request,
    db: DbSession,
    user: CurrentUser,
    page: Pagination,
    query: Annotated[SessionListQuery, Query()],
) -> Page[TrainingSessionSummary]:
    """Newest first. One's own sessions; a manager also their team's, an admin everyone's."""
    service = _sessions(request, db, user)
    rows, total = await service.list_visible(query, page)
    return Page(
        items=[service.to_summary(row) for row in rows],
        total=total,
        offset=page.offset,
        limit=page.limit,
    )


@sessions_router.get("/{session_id}")
async def get_session(
    session_id: SessionId, request: Request, db: DbSession, user: CurrentUser
) -> TrainingSessionOut:
    service = _sessions(request, db, user)
    return service.to_out(await service.get(session_id))


@sessions_router.post(
    "/{session_id}/pause", responses={**_OWNER_ONLY, 409: {"description": "Not active"}}
)
async def pause_session(
    session_id: SessionId, request: Request, db: DbSession, user: CurrentUser
) -> TrainingSessionOut:
    service = _sessions(request, db, user)
    return service.to_out(await service.pause(session_id))


@sessions_router.post(
    "/{session_id}/resume", responses={**_OWNER_ONLY, 409: {"description": "Not paused"}}
)
async def resume_session(
    session_id: SessionId, request: Request, db: DbSession, user: CurrentUser
) -> TrainingSessionOut:
    service = _sessions(request, db, user)
    return service.to_out(await service.resume(session_id))


@sessions_router.post(
    "/{session_id}/complete",
    responses={
        **_OWNER_ONLY,
        400: {"description": "`nothing_recorded`: no audio arrived"},
        409: {"description": "Already completed"},
    },
)
async def complete_session(
    session_id: SessionId, request: Request, db: DbSession, user: CurrentUser
) -> TrainingSessionOut:
    """Stop: the live audio becomes the session's recording and its analysis is queued
    (`analysis.jobId`; progress arrives as `job.progress` events)."""
    service = _sessions(request, db, user)
    return service.to_out(await service.complete(session_id))


@sessions_router.post(
    "/{session_id}/recording",
    responses={
        **_OWNER_ONLY,
        400: {"description": f"`unsupported_audio`: not {ACCEPTED_AUDIO}"},
        409: {"description": "Completed already, or live audio was recorded"},
        413: {"description": "Larger than the upload limit"},
    },
    # The form is read by hand, after the checks: documented here.
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {
                            "file": {
                                "type": "string",
                                "format": "binary",
                                "description": f"The recording ({ACCEPTED_AUDIO})",
                            }
                        },
                    }
                }
            },
        }
    },
)
async def upload_recording(
    session_id: SessionId, request: Request, db: DbSession, user: CurrentUser
) -> TrainingSessionOut:
    """Analyse a recording made elsewhere, instead of live audio; completes the session."""
    service = _sessions(request, db, user)
    # Who may upload is settled before the body is read: a refused upload is not received.
    row = await service.accepting_upload(session_id)
    async with request.form(max_files=1) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise RequestValidationError(
                [{"loc": ("body", "file"), "msg": "Field required", "type": "missing"}]
            )
        return service.to_out(await service.upload(row, upload))


@sessions_router.delete(
    "/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={403: {"description": "Only its owner or an admin may delete a session"}},
)
async def delete_session(
    session_id: SessionId, request: Request, db: DbSession, user: CurrentUser
) -> None:
    """Deletes the session, its recording and its report."""
    await _sessions(request, db, user).delete(session_id)


@sessions_router.get(
    "/{session_id}/audio",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"audio/*": {}}, "description": "The whole recording"},
        206: {"content": {"audio/*": {}}, "description": "The requested byte range"},
        404: {"description": "No such session, or no recording yet"},
        416: {"description": "The range lies outside the recording"},
    },
)
async def session_audio(
    session_id: SessionId, request: Request, db: DbSession, user: CurrentUser
) -> StreamingResponse:
    """The stored recording. Honours a single `Range: bytes=...` so that a player can seek."""
    row = await _sessions(request, db, user).recording(session_id)
    assert row.audio_key is not None and row.audio_bytes is not None  # recording() checks
    size = row.audio_bytes
    headers = {"Accept-Ranges": "bytes", "Cache-Control": "private, no-store"}
    media_type = row.audio_content_type or "application/octet-stream"
    chunks = _storage(request).stream(row.audio_key)
    wanted = _requested_range(request.headers.get("range"), size)
    if wanted is None:
        headers["Content-Length"] = str(size)
        return StreamingResponse(chunks, media_type=media_type, headers=headers)
    start, end = wanted
    headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    headers["Content-Length"] = str(end - start + 1)
    return StreamingResponse(
        _slice(chunks, start, end),
        status_code=status.HTTP_206_PARTIAL_CONTENT,
        media_type=media_type,
        headers=headers,
    )


def _requested_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The first and last byte of the one range asked for, or None for the whole file: a
    malformed header or several ranges get the whole file, as RFC 9110 allows."""
    match = _RANGE.match((header or "").strip())
    if match is None or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if not first:  # "bytes=-500": the last 500 bytes
        if int(last) == 0 or size == 0:
            raise RangeNotSatisfiable(size)
        return max(0, size - int(last)), size - 1
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise RangeNotSatisfiable(size)
    return start, min(int(last), size - 1) if last else size - 1


async def _slice(chunks: AsyncIterator[bytes], start: int, end: int) -> AsyncIterator[bytes]:
    """Bytes start..end (inclusive) of a stream. Storage streams from the beginning; for
    recordings of a few megabytes, skipping is cheaper than a ranged read per backend."""
    position = 0
    try:
        async for chunk in chunks:
            following = position + len(chunk)
            if following > start:
                yield chunk[max(0, start - position) : end + 1 - position]
            position = following
            if position > end:
                break
    finally:
        # Stopping early must still close the stored file (or the S3 body) at once.
        if isinstance(chunks, AsyncGenerator):
            await chunks.aclose()
