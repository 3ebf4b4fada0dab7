"""The scenario service a request works with, the actor bound once (see "Services" in
docs/architecture.md)."""

from typing import Annotated

from fastapi import Depends, Request

from carsales.ai.openai_compat import configured_client
from carsales.auth.dependencies import CurrentUser, ManagerUser
from carsales.db import DbSession
from carsales.training.scenarios.service import ScenarioService


async def get_scenario_service(
    request: Request, db: DbSession, user: CurrentUser
) -> ScenarioService:
    return ScenarioService(db, request.app.state.storage, user)


async def get_manager_scenario_service(
    request: Request, db: DbSession, user: ManagerUser
) -> ScenarioService:
    state = request.app.state
    settings = state.settings
    return ScenarioService(db, state.storage, user, settings.model_dir, configured_client(settings))


ScenarioServiceDep = Annotated[ScenarioService, Depends(get_scenario_service)]
ManagerScenarioServiceDep = Annotated[ScenarioService, Depends(get_manager_scenario_service)]
