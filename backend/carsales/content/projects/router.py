"""The routes of content projects: the collection, one item, and its workflow."""

from typing import Annotated, Any

from fastapi import Query, status

from carsales.content.dependencies import (
    ContentId,
    ContentServiceDep,
    ManagerContentServiceDep,
    content_router,
)
from carsales.content.projects.schemas import (
    ContentCreate,
    ContentListQuery,
    ContentOut,
    ContentStats,
    ContentSummary,
    ContentUpdate,
    RejectBody,
)
from carsales.kit.pagination import Page, Pagination

router = content_router()
"""The collection's routes."""
item_router = content_router()
"""The routes of one item, after every part's collection routes (content/router.py)."""

_CONFLICTS: dict[int | str, dict[str, Any]] = {
    409: {"description": "`illegal_transition`: not possible in the item's current status"}
}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={
        400: {"description": "`channel_type_mismatch`: the platform takes another type"},
        404: {"description": "No such vehicle in the dealership"},
    },
)
async def create_content(body: ContentCreate, service: ContentServiceDep) -> ContentOut:
    """A draft with generated copy: `variants` of them in `content.variants`, the first (or
    `selectedVariant`) as `content.text`, linted. With `generated` (what `/generate` streamed)
    that copy is kept instead of writing anew, after the same fact check and linting."""
    return await service.to_out(await service.create(body))


@router.get("")
async def list_content(
    service: ContentServiceDep,
    page: Pagination,
    query: Annotated[ContentListQuery, Query()],
) -> Page[ContentSummary]:
    """Most recently changed first. A salesperson sees their own items, managers and admins
    the whole dealership's (they review it)."""
    rows, total = await service.list_visible(query, page)
    return Page(
        items=await service.to_summaries(rows), total=total, offset=page.offset, limit=page.limit
    )


@router.get("/stats")
async def content_stats(service: ContentServiceDep) -> ContentStats:
    """How many items the caller sees in each status (the dashboard's card)."""
    return await service.stats()


@item_router.get("/{content_id}")
async def get_content(content_id: ContentId, service: ContentServiceDep) -> ContentOut:
    """The item with its revisions, oldest first."""
    return await service.to_out(await service.get(content_id))


@item_router.patch(
    "/{content_id}",
    responses={400: {"description": "`unknown_image` or `channel_type_mismatch`"}},
)
async def update_content(
    content_id: ContentId,
    changes: ContentUpdate,
    service: ContentServiceDep,
) -> ContentOut:
    """Edit the copy (re-linted). An item in review or published becomes a draft again, to be
    reviewed anew; the published copy stays in the revisions (`publishedRevision`)."""
    return await service.to_out(await service.update(content_id, changes))


@item_router.delete(
    "/{content_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={409: {"description": "`not_deletable`: not a draft, or published before"}},
)
async def delete_content(content_id: ContentId, service: ContentServiceDep) -> None:
    await service.delete(content_id)


@item_router.post("/{content_id}/submit", responses=_CONFLICTS)
async def submit_content(content_id: ContentId, service: ContentServiceDep) -> ContentOut:
    """Draft -> review: its author, or a manager or admin."""
    return await service.to_out(await service.submit(content_id))


@item_router.post(
    "/{content_id}/publish",
    responses={
        409: {
            "description": "`compliance_errors` (with `findings`) while the linter reports an "
            "error, or `illegal_transition`"
        }
    },
)
async def publish_content(content_id: ContentId, service: ManagerContentServiceDep) -> ContentOut:
    """Review -> published (managers and admins)."""
    return await service.to_out(await service.publish(content_id))


@item_router.post("/{content_id}/reject", responses=_CONFLICTS)
async def reject_content(
    content_id: ContentId,
    body: RejectBody,
    service: ManagerContentServiceDep,
) -> ContentOut:
    """Review -> draft, with the reviewer's comment (managers and admins)."""
    return await service.to_out(await service.reject(content_id, body.comment))
