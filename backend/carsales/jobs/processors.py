"""What a job does to each of its items, registered per job type by the module that owns it."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from carsales.models.processing_job import JobType


@dataclass(frozen=True)
class ItemOutput:
    data: bytes
    extension: str
    content_type: str
    timings: Mapping[str, float]


class ItemRejected(Exception):
    """This input can never be processed (corrupt, unsupported): fail the item, not the job."""


ItemProcessor = Callable[[bytes, Mapping[str, Any]], ItemOutput]
"""Pure and CPU-bound; runs in a worker thread. Raises ItemRejected for a bad input."""


@dataclass(frozen=True)
class JobKind:
    processor: ItemProcessor
    settings_model: type[BaseModel]


_kinds: dict[JobType, JobKind] = {}


def register_job_kind(
    job_type: JobType, processor: ItemProcessor, settings_model: type[BaseModel]
) -> None:
    _kinds[job_type] = JobKind(processor, settings_model)


def kind_of(job_type: JobType) -> JobKind:
    try:
        return _kinds[job_type]
    except KeyError:
        raise LookupError(f"no processor is registered for job type {job_type}") from None


def processor_for(job_type: JobType) -> ItemProcessor:
    return kind_of(job_type).processor
