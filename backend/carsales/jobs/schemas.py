from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field

from carsales.kit.schema import ApiModel
from carsales.models import ItemStatus, JobStatus, JobType

INPUT_PLACEMENT = "inputPlacement"
"""The item's fact that a processor sets when its result is the input redrawn on a new canvas
(an image job's framing): an InputPlacement as a dict."""


class InputPlacement(ApiModel):
    """Where the uploaded photo lies on the result, in the result's pixels: the photo's top-left
    corner and its drawn size (it may reach beyond the result's edges). A client draws the photo
    there to compare it with the result, aligned."""

    output_width: int
    output_height: int
    left: float
    top: float
    width: float
    height: float


class JobItemOut(ApiModel):
    id: str
    position: int
    original_name: str
    status: ItemStatus
    error: str | None
    input_bytes: int
    content_type: str | None
    output_name: str | None
    output_bytes: int | None
    timings: dict[str, float]
    warnings: list[str] = Field(
        default_factory=list,
        description="What to know about the photo though it was processed (too small, car cut off)",
    )
    input_url: str | None = Field(
        default=None, description="Short-lived signed link to the uploaded photo"
    )
    output_url: str | None = Field(
        default=None, description="Short-lived signed link to the result"
    )
    input_placement: InputPlacement | None = Field(
        default=None,
        description="Where the photo lies on the result (None: the result keeps its framing)",
    )


class JobSummary(ApiModel):
    id: str
    job_type: JobType
    status: JobStatus
    progress: int
    vehicle_ref: str | None
    owner_id: str
    owner_name: str | None = Field(
        default=None, description="The owner's name (e-mail when they gave none); list only"
    )
    error: str | None
    total_items: int
    completed_items: int
    failed_items: int
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None


class JobOut(JobSummary):
    settings: dict[str, Any]
    attempts: int
    updated_at: datetime
    items: list[JobItemOut]
    archive_url: str | None = Field(
        default=None, description="Signed link to a zip of every result"
    )


class JobListQuery(ApiModel):
    status: JobStatus | None = None
    vehicle_ref: str | None = None
    user_id: str | None = None
    job_types: list[JobType]


class JobEventName(StrEnum):
    """The Socket.IO events of a job, sent to its owner's room: progress while it runs, then
    one for the state it ends in."""

    progress = "job.progress"
    completed = "job.completed"
    failed = "job.failed"
    canceled = "job.canceled"

    @classmethod
    def ending(cls, status: JobStatus) -> "JobEventName":
        return cls(f"job.{status.value}")


class JobItemEvent(ApiModel):
    """The item whose change caused a `job.progress` event."""

    id: str
    position: int
    original_name: str
    status: ItemStatus
    error: str | None
    output_name: str | None


class JobEvent(ApiModel):
    """The payload of every job event: a hint for the browser, which re-reads the job over REST
    for anything it missed (the row is the truth)."""

    job_id: str
    status: JobStatus
    progress: int
    total_items: int
    completed_items: int
    failed_items: int
    error: str | None
    item: JobItemEvent | None = Field(description="`job.progress`: the item that changed")


JOB_EVENTS: dict[str, type[ApiModel]] = {name.value: JobEvent for name in JobEventName}
"""The events sent to a job owner's room, by name, for the OpenAPI document."""
