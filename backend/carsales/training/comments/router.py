from typing import Annotated

from fastapi import APIRouter, Path, status

from carsales.kit.pagination import Page, Pagination
from carsales.kit.repository import ID_PATTERN
from carsales.training.comments.dependencies import CommentServiceDep
from carsales.training.comments.schemas import CommentCreate, CommentOut
from carsales.training.sessions.router import SessionId

router = APIRouter(prefix="/api/v1/sessions/{session_id}/comments", tags=["training"])

CommentId = Annotated[str, Path(pattern=ID_PATTERN, description="A comment's id")]


@router.get("", responses={404: {"description": "No such session, or not one the caller sees"}})
async def list_comments(
    session_id: SessionId, service: CommentServiceDep, page: Pagination
) -> Page[CommentOut]:
    """In the order of the recording. Whoever may see the session: its owner, whoever manages
    them, an admin."""
    rows, total = await service.page(session_id, page)
    return Page(
        items=[service.to_out(row) for row in rows],
        total=total,
        offset=page.offset,
        limit=page.limit,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={400: {"description": "atS lies past the end of the recording"}},
)
async def create_comment(
    session_id: SessionId, body: CommentCreate, service: CommentServiceDep
) -> CommentOut:
    """Comment on a moment of the recording: whoever manages its owner, an admin, or the owner
    replying. The owner is notified of others' comments (`session_comment`)."""
    return service.to_out(await service.create(session_id, body))


@router.delete(
    "/{comment_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={403: {"description": "Only its author or an admin may delete a comment"}},
)
async def delete_comment(
    session_id: SessionId, comment_id: CommentId, service: CommentServiceDep
) -> None:
    await service.delete(session_id, comment_id)
