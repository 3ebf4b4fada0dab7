"""The shape of job events, and what identifies a job's settings."""

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from carsales.models import JobItem, ProcessingJob


def settings_digest(settings: Mapping[str, Any]) -> str:
    canonical = json.dumps(settings, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def item_event(item: JobItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "position": item.position,
        "originalName": item.original_name,
        "status": item.status.value,
        "error": item.error,
        "outputName": item.output_name,
    }


def job_event(job: ProcessingJob, item: JobItem | None = None) -> dict[str, Any]:
    """A hint for the browser; it re-reads the job over REST for anything it missed."""
    return {
        "jobId": job.id,
        "status": job.status.value,
        "progress": job.progress,
        "totalItems": job.total_items,
        "completedItems": job.completed_items,
        "failedItems": job.failed_items,
        "error": job.error,
        "item": item_event(item) if item is not None else None,
    }
