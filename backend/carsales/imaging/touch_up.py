"""Touch-ups of a finished cut-out: the user rubs out what the models wrongly kept, or paints
back car they lost, and the photo is made again (see carsales.imaging.pipeline.touch_up).

Strokes come in the result's pixels, as the user drew them, and are kept in the photo's own
pixels: the framing changes once the object is gone, so a later touch-up, drawn on the new
result, maps through the new framing to the same photo.
"""

from typing import Any

from carsales.errors import BadRequest, Conflict, NotFound
from carsales.imaging.schemas import TOUCH_UPS_KEY, TouchUpIn, TouchUpStroke
from carsales.jobs.schemas import INPUT_PLACEMENT, InputPlacement
from carsales.jobs.service import JobService
from carsales.models import ItemStatus, JobItem, JobType, ProcessingJob, User

CUT_OUT_KINDS = (JobType.background_removal, JobType.full_pipeline)
MAX_STROKES = 500
MAX_POINTS = 20_000
"""Per photo, all touch-ups together: a brush dragged over a whole sign takes a handful of
strokes of a few dozen points. The strokes travel in the job's settings, with every read of
the job, so they are kept small."""


def _photo(job: ProcessingJob, item_id: str) -> JobItem:
    if job.job_type not in CUT_OUT_KINDS:
        raise BadRequest(
            "Only a photo cut out from its background can be touched up; an Enhancement only "
            "job keeps the whole photo."
        )
    item = next((item for item in job.items if item.id == item_id), None)
    if item is None:
        raise NotFound("No such photo in this job.")
    return item


def _in_photo(stroke: TouchUpStroke, placement: InputPlacement, photo_width: int) -> dict[str, Any]:
    """The stroke in the photo's pixels, from the result's (see InputPlacement)."""
    for x, y in stroke.points:
        if x > placement.output_width or y > placement.output_height:
            raise BadRequest(
                f"A stroke lies outside the image ({placement.output_width} x "
                f"{placement.output_height} pixels)."
            )
    scale = placement.width / photo_width
    return {
        "mode": stroke.mode.value,
        "radius": round(stroke.radius / scale, 2),
        "points": [
            [round((x - placement.left) / scale, 2), round((y - placement.top) / scale, 2)]
            for x, y in stroke.points
        ],
    }


def _with_touch_ups(job: ProcessingJob, item: JobItem, strokes: list[dict[str, Any]]) -> None:
    """Stores the photo's strokes (none: its touch-ups are removed)."""
    touch_ups = {
        position: kept
        for position, kept in job.settings.get(TOUCH_UPS_KEY, {}).items()
        if position != str(item.position)
    }
    if strokes:
        touch_ups[str(item.position)] = strokes
    settings = {key: value for key, value in job.settings.items() if key != TOUCH_UPS_KEY}
    # A new dict, so that the JSON column is written.
    job.settings = {**settings, TOUCH_UPS_KEY: touch_ups} if touch_ups else settings


def _earlier(job: ProcessingJob, item: JobItem) -> list[dict[str, Any]]:
    return list(job.settings.get(TOUCH_UPS_KEY, {}).get(str(item.position), []))


async def touch_up(
    jobs: JobService, user: User, job_id: str, item_id: str, touch_up: TouchUpIn
) -> ProcessingJob:
    def change(job: ProcessingJob) -> JobItem:
        item = _photo(job, item_id)
        placement = item.facts.get(INPUT_PLACEMENT)
        if item.status is not ItemStatus.completed or placement is None:
            raise BadRequest("Only a finished photo can be touched up.")
        result = InputPlacement.model_validate(placement)
        added = [_in_photo(stroke, result, item.facts["width"]) for stroke in touch_up.strokes]
        strokes = _earlier(job, item) + added
        points = sum(len(stroke["points"]) for stroke in strokes)
        if len(strokes) > MAX_STROKES or points > MAX_POINTS:
            raise BadRequest(
                f"A photo takes at most {MAX_STROKES} strokes of {MAX_POINTS:,} points in all: "
                "undo its touch-ups and paint with a larger brush."
            )
        _with_touch_ups(job, item, strokes)
        return item

    return await jobs.rework(user, job_id, change)


async def undo(jobs: JobService, user: User, job_id: str, item_id: str) -> ProcessingJob:
    def change(job: ProcessingJob) -> JobItem:
        item = _photo(job, item_id)
        if not _earlier(job, item):
            raise Conflict("This photo has no touch-ups.")
        _with_touch_ups(job, item, [])
        return item

    return await jobs.rework(user, job_id, change)
