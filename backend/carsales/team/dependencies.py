"""The team service a request works with, the viewer bound once (see "Services" in
docs/architecture.md)."""

from typing import Annotated

from fastapi import Depends, Request

from carsales.auth.dependencies import CurrentUser, ManagerUser
from carsales.db import DbSession
from carsales.team.service import TeamService
from carsales.training.targets import targets_from_settings


async def get_team_service(request: Request, db: DbSession, user: CurrentUser) -> TeamService:
    return TeamService(db, targets_from_settings(request.app.state.settings), user)


async def get_manager_team_service(
    request: Request, db: DbSession, user: ManagerUser
) -> TeamService:
    return TeamService(db, targets_from_settings(request.app.state.settings), user)


# Anyone signed in: the leaderboard, whose service refuses salespeople when it is private.
TeamServiceDep = Annotated[TeamService, Depends(get_team_service)]
ManagerTeamServiceDep = Annotated[TeamService, Depends(get_manager_team_service)]
