"""The assignment service a request works with, the actor bound once (see "Services" in
docs/architecture.md)."""

from typing import Annotated

from fastapi import Depends, Request

from carsales.auth.dependencies import CurrentUser, ManagerUser
from carsales.db import DbSession
from carsales.training.assignments.service import AssignmentService


async def get_assignment_service(
    request: Request, db: DbSession, user: CurrentUser
) -> AssignmentService:
    return AssignmentService(db, request.app.state.storage, user)


async def get_manager_assignment_service(
    request: Request, db: DbSession, user: ManagerUser
) -> AssignmentService:
    return AssignmentService(db, request.app.state.storage, user)


AssignmentServiceDep = Annotated[AssignmentService, Depends(get_assignment_service)]
ManagerAssignmentServiceDep = Annotated[AssignmentService, Depends(get_manager_assignment_service)]
