"""The shape of job events, and what identifies a job's settings."""

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from carsales.jobs.schemas import JobEvent, JobItemEvent
from carsales.models import JobItem, ProcessingJob


def settings_digest(settings: Mapping[str, Any]) -> str:
    canonical = json.dumps(settings, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def job_event(job: ProcessingJob, item: JobItem | None = None) -> JobEvent:
    """A hint for the browser; it re-reads the job over REST for anything it missed."""
    return JobEvent(
        job_id=job.id,
        status=job.status,
        progress=job.progress,
        total_items=job.total_items,
        completed_items=job.completed_items,
        failed_items=job.failed_items,
        error=job.error,
        item=None if item is None else JobItemEvent.model_validate(item),
    )
