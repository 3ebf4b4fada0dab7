import re
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from starlette.datastructures import UploadFile

from carsales.auth import ratelimit
from carsales.errors import AppError
from carsales.kit.pagination import Page, Pagination
from carsales.kit.repository import ID_PATTERN
from carsales.training.sessions.dependencies import SessionServiceDep
from carsales.training.sessions.schemas import (
    SessionCreate,
    SessionListQuery,
    TrainingSessionOut,
    TrainingSessionSummary,
)
from carsales.training.sessions.service import ACCEPTED_AUDIO

router = APIRouter(prefix="/api/v1/sessions", tags=["training"])

SessionId = Annotated[str, Path(pattern=ID_PATTERN, description="A training session's id")]
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


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={400: {"description": "`unknown_scenario`"}},
    dependencies=[
        Depends(ratelimit.per_ip("session_create")),
        Depends(ratelimit.per_user("session_create")),
    ],
)
async def create_session(body: SessionCreate, service: SessionServiceDep) -> TrainingSessionOut:
    """Start a practice session; live audio then streams over Socket.IO (`training.audio`)."""
    return service.to_out(await service.create(body))


@router.get("")
async def list_sessions(
    service: SessionServiceDep,
    page: Pagination,
    query: Annotated[SessionListQuery, Query()],
) -> Page[TrainingSessionSummary]:
    """Newest first. One's own sessions; a manager also their team's, an admin everyone's."""
    rows, total = await service.list_visible(query, page)
    return Page(
        items=[service.to_summary(row) for row in rows],
        total=total,
        offset=page.offset,
        limit=page.limit,
    )


@router.get("/{session_id}")
async def get_session(session_id: SessionId, service: SessionServiceDep) -> TrainingSessionOut:
    return service.to_out(await service.get(session_id))


@router.post("/{session_id}/pause", responses={**_OWNER_ONLY, 409: {"description": "Not active"}})
async def pause_session(session_id: SessionId, service: SessionServiceDep) -> TrainingSessionOut:
    return service.to_out(await service.pause(session_id))


@router.post("/{session_id}/resume", responses={**_OWNER_ONLY, 409: {"description": "Not paused"}})
async def resume_session(session_id: SessionId, service: SessionServiceDep) -> TrainingSessionOut:
    return service.to_out(await service.resume(session_id))


@router.post(
    "/{session_id}/complete",
    responses={
        **_OWNER_ONLY,
        400: {"description": "`nothing_recorded`: no audio arrived"},
        409: {"description": "Already completed"},
    },
)
async def complete_session(session_id: SessionId, service: SessionServiceDep) -> TrainingSessionOut:
    """Stop: the live audio becomes the session's recording and its analysis is queued
    (`analysis.jobId`; progress arrives as `job.progress` events)."""
    return service.to_out(await service.complete(session_id))


@router.post(
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
    session_id: SessionId, request: Request, service: SessionServiceDep
) -> TrainingSessionOut:
    """Analyse a recording made elsewhere, instead of live audio; completes the session."""
    # Who may upload is settled before the body is read: a refused upload is not received.
    row = await service.accepting_upload(session_id)
    async with request.form(max_files=1) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise RequestValidationError(
                [{"loc": ("body", "file"), "msg": "Field required", "type": "missing"}]
            )
        return service.to_out(await service.upload(row, upload))


@router.delete(
    "/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={403: {"description": "Only its owner or an admin may delete a session"}},
)
async def delete_session(session_id: SessionId, service: SessionServiceDep) -> None:
    """Deletes the session, its recording and its report."""
    await service.delete(session_id)


@router.get(
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
    session_id: SessionId, request: Request, service: SessionServiceDep
) -> StreamingResponse:
    """The stored recording. Honours a single `Range: bytes=...` so that a player can seek."""
    row = await service.recording(session_id)
    assert row.audio_key is not None and row.audio_bytes is not None  # recording() checks
    size = row.audio_bytes
    headers = {"Accept-Ranges": "bytes", "Cache-Control": "private, no-store"}
    media_type = row.audio_content_type or "application/octet-stream"
    chunks = service.storage.stream(row.audio_key)
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


@router.get(
    "/{session_id}/turns/{index}/audio",
    response_class=Response,
    responses={
        200: {"content": {"audio/wav": {}}, "description": "The customer's line, spoken"},
        404: {"description": "No such session, or no spoken customer line at that index"},
        503: {"description": "`speech_unavailable`: no speech synthesis on this server"},
    },
)
async def turn_audio(
    session_id: SessionId,
    index: Annotated[int, Path(ge=0, le=1000, description="The turn's index in `turns`")],
    service: SessionServiceDep,
) -> Response:
    """A role-play customer's line as WAV (espeak-ng, cached): `training.customer`'s audioUrl."""
    audio = await service.turn_audio(session_id, index)
    return Response(audio, media_type="audio/wav", headers={"Cache-Control": "private"})


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
