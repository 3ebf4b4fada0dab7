from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status
from fastapi.responses import Response

from carsales.auth import ratelimit
from carsales.models import SessionType
from carsales.training.scenarios.dependencies import (
    ManagerScenarioServiceDep,
    ScenarioServiceDep,
)
from carsales.training.scenarios.schemas import (
    MAX_LINES,
    SCENARIO_ID_PATTERN,
    ScenarioCreate,
    ScenarioOut,
    ScenarioTry,
    ScenarioUpdate,
)
from carsales.training.scenarios.trial import ScenarioTryOut

router = APIRouter(prefix="/api/v1/training", tags=["training"])

ScenarioId = Annotated[
    str,
    Path(pattern=SCENARIO_ID_PATTERN, description="A built-in scenario's key or a custom id"),
]


@router.get("/scenarios")
async def list_scenarios(
    service: ScenarioServiceDep,
    session_type: Annotated[SessionType | None, Query(alias="sessionType")] = None,
) -> list[ScenarioOut]:
    """The built-in library first, then the dealership's own scenarios (archived ones left out)."""
    return await service.available(session_type)


@router.post("/scenarios", status_code=status.HTTP_201_CREATED)
async def create_scenario(body: ScenarioCreate, service: ManagerScenarioServiceDep) -> ScenarioOut:
    return await service.create(body)


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
    service: ManagerScenarioServiceDep,
) -> ScenarioOut:
    return await service.update(scenario_id, changes)


@router.delete("/scenarios/{scenario_id}", status_code=status.HTTP_204_NO_CONTENT)
async def archive_scenario(scenario_id: ScenarioId, service: ManagerScenarioServiceDep) -> None:
    """Archives the scenario: it leaves the list, and past sessions keep their copy of it."""
    await service.archive(scenario_id)


@router.post(
    "/scenarios/{scenario_id}/try",
    dependencies=[Depends(ratelimit.per_user("scenario_try"))],
    responses={
        404: {"description": "No such scenario (or it is archived)"},
        429: {"description": "`rate_limited`: too many tries in a minute"},
        503: {"description": "The judge's model is not installed"},
    },
)
async def try_scenario(
    scenario_id: ScenarioId, body: ScenarioTry, service: ManagerScenarioServiceDep
) -> ScenarioTryOut:
    """Judges a typed answer as if a salesperson had said it in this scenario: the rubric
    items with their evidence, the overall score (content only: nothing was heard) against the
    scenario's pass mark. Writes nothing."""
    return await service.try_answer(scenario_id, body.answer)


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
    service: ScenarioServiceDep,
) -> Response:
    """The customer's line spoken by the server (espeak-ng). When this answers 503 the web app
    speaks the line with the browser's own speech synthesis."""
    audio = await service.line_audio(scenario_id, index)
    return Response(audio, media_type="audio/wav", headers={"Cache-Control": "private, no-cache"})
