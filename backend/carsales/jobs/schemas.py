from datetime import datetime
from typing import Any

from pydantic import Field

from carsales.kit.schema import ApiModel
from carsales.models import ItemStatus, JobStatus, JobType


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
    input_url: str | None = Field(
        default=None, description="Short-lived signed link to the uploaded photo"
    )
    output_url: str | None = Field(
        default=None, description="Short-lived signed link to the result"
    )


class JobSummary(ApiModel):
    id: str
    job_type: JobType
    status: JobStatus
    progress: int
    vehicle_ref: str | None
    owner_id: str
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
    job_types: list[JobType]
