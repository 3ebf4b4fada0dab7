from typing import Annotated

from fastapi import APIRouter, Path

from carsales.auth.dependencies import CurrentUser
from carsales.imaging import touch_up
from carsales.imaging.schemas import TouchUpIn
from carsales.jobs.dependencies import JobServiceDep
from carsales.jobs.router import JobId
from carsales.jobs.schemas import JobOut
from carsales.kit.repository import ID_PATTERN

router = APIRouter(prefix="/api/v1/jobs/{job_id}/items/{item_id}/touch-up", tags=["jobs"])
ItemId = Annotated[str, Path(pattern=ID_PATTERN)]


@router.post("", response_model=JobOut)
async def touch_up_photo(
    service: JobServiceDep, user: CurrentUser, job_id: JobId, item_id: ItemId, body: TouchUpIn
) -> JobOut:
    """Rub out what the cut-out wrongly kept (a sign against the bumper, a bin), or paint back
    car it lost, and make the photo again. The strokes add to the photo's earlier touch-ups;
    the job runs again: this photo is cut out anew, the others of the set are framed and
    rendered again with it."""
    job = await touch_up.touch_up(service, user, job_id, item_id, body)
    return service.to_out(job)


@router.delete("", response_model=JobOut)
async def undo(service: JobServiceDep, user: CurrentUser, job_id: JobId, item_id: ItemId) -> JobOut:
    """Remove the photo's touch-ups: it is made again as the models cut it out."""
    job = await touch_up.undo(service, user, job_id, item_id)
    return service.to_out(job)
