from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from carsales.kit.pagination import Page, Pagination
from carsales.kit.repository import ID_PATTERN
from carsales.training.assignments.dependencies import (
    AssignmentServiceDep,
    ManagerAssignmentServiceDep,
)
from carsales.training.assignments.schemas import (
    AssignmentCreate,
    AssignmentListQuery,
    AssignmentOut,
)

router = APIRouter(prefix="/api/v1/training", tags=["training"])

AssignmentId = Annotated[str, Path(pattern=ID_PATTERN)]


@router.post(
    "/assignments",
    status_code=status.HTTP_201_CREATED,
    responses={400: {"description": "`invalid_assignee`, `unknown_scenario` or `due_in_past`"}},
)
async def create_assignment(
    body: AssignmentCreate, service: ManagerAssignmentServiceDep
) -> AssignmentOut:
    """Ask a salesperson to practise a scenario: a manager their own team, an admin anyone."""
    return (await service.to_out([await service.create(body)]))[0]


@router.get("/assignments")
async def list_assignments(
    service: AssignmentServiceDep,
    page: Pagination,
    query: Annotated[AssignmentListQuery, Query()],
) -> Page[AssignmentOut]:
    """One's own assignments; a manager also their team's, an admin everyone's. Open ones
    first, soonest due first."""
    rows, total = await service.list_visible(query, page)
    return Page(items=await service.to_out(rows), total=total, offset=page.offset, limit=page.limit)


@router.delete("/assignments/{assignment_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_assignment(
    assignment_id: AssignmentId, service: ManagerAssignmentServiceDep
) -> None:
    await service.delete(assignment_id)
