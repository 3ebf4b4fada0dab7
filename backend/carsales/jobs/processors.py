"""What a job does with its items, registered per job type by the module that owns it.

Work on a set runs in two passes so that results can depend on the whole set (a vehicle's
photos share one framing): `prepare` each item (the expensive part: its result is stored, so a
re-run never repeats it), `plan` across the prepared items, then `finish` each item.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel

from carsales.models.processing_job import JobType


@dataclass(frozen=True)
class Prepared:
    data: bytes
    """What `finish` needs from this item, kept in storage between the passes."""
    facts: dict[str, Any]
    """A few JSON values about the item that `plan` reads for the whole set."""
    timings: Mapping[str, float]


@dataclass(frozen=True)
class ItemOutput:
    data: bytes
    extension: str
    content_type: str
    timings: Mapping[str, float]


class ItemRejected(Exception):
    """This input can never be processed (corrupt, unsupported): fail the item, not the job."""


class SetProcessor(Protocol):
    """Pure and CPU-bound; called on a worker thread. Raises ItemRejected for a bad input."""

    def prepare(self, data: bytes, settings: Mapping[str, Any]) -> Prepared: ...

    def plan(
        self, facts: Sequence[Mapping[str, Any]], settings: Mapping[str, Any]
    ) -> list[dict[str, Any]]: ...

    def finish(
        self, prepared: bytes, plan: Mapping[str, Any], settings: Mapping[str, Any]
    ) -> ItemOutput: ...


Identify = Callable[[bytes], tuple[str, str] | None]
"""(content type, file extension) of an upload judged from its first bytes, or None."""


@dataclass(frozen=True)
class JobKind:
    processor: SetProcessor
    settings_model: type[BaseModel]
    identify: Identify
    unsupported_message: str


_kinds: dict[JobType, JobKind] = {}


def register_job_kind(job_type: JobType, kind: JobKind) -> None:
    _kinds[job_type] = kind


def kind_of(job_type: JobType) -> JobKind:
    try:
        return _kinds[job_type]
    except KeyError:
        raise LookupError(f"no processor is registered for job type {job_type}") from None
