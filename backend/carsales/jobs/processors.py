"""What a job does with its items, registered per job type by the module that owns it.

Work on a set runs in two passes so that results can depend on the whole set (a vehicle's
photos share one framing): `prepare` each item (the expensive part: its result is stored, so a
re-run never repeats it), `plan` across the prepared items, then `finish` each item.
"""

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.models.processing_job import JobType, ProcessingJob
from carsales.models.user import User
from carsales.storage import Storage


@dataclass(frozen=True)
class Prepared:
    data: bytes
    """What `finish` needs from this item, kept in storage between the passes."""
    facts: dict[str, Any]
    """A few JSON values about the item that `plan` reads for the whole set."""
    timings: Mapping[str, float]
    warnings: Sequence[str] = ()
    """What the user should know about the input, though it can be processed; shown per item."""


@dataclass(frozen=True)
class ItemOutput:
    data: bytes
    extension: str
    content_type: str
    timings: Mapping[str, float]
    warnings: Sequence[str] = ()
    """Added to the item's warnings from `prepare`."""
    facts: Mapping[str, Any] = field(default_factory=dict)
    """Added to the item's facts: what the API tells about the result (see
    carsales.jobs.schemas.INPUT_PLACEMENT)."""


class ItemRejected(Exception):
    """This input can never be processed (corrupt, unsupported): fail the item, not the job."""


ReportProgress = Callable[[float], None]
"""How far (0 to 1) `prepare` is with its item; for long items (a recording), so the bar moves."""


class SetProcessor(Protocol):
    """Pure and CPU-bound; called on a worker thread. Raises ItemRejected for a bad input."""

    def prepare(
        self,
        data: bytes,
        settings: Mapping[str, Any],
        progress: ReportProgress,
        position: int,
    ) -> Prepared:
        """`position`: the item's place in the upload (0 for the first), for settings given
        per item."""
        ...

    def plan(
        self, facts: Sequence[Mapping[str, Any]], settings: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        """One plan per prepared item, from their facts; each also holds the item's place in
        the upload under POSITION (0 for the first), for settings given per item."""
        ...

    def finish(
        self, prepared: bytes, plan: Mapping[str, Any], settings: Mapping[str, Any]
    ) -> ItemOutput: ...


POSITION = "position"
JSON_CONTENT_TYPE = "application/json"


class JsonResultProcessor:
    """Base of a processor whose items need nothing from the rest of the set: `prepare` does the
    whole work and stores its JSON result, which becomes the item's output unchanged."""

    def plan(
        self, facts: Sequence[Mapping[str, Any]], settings: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        return [{} for _ in facts]

    def finish(
        self, prepared: bytes, plan: Mapping[str, Any], settings: Mapping[str, Any]
    ) -> ItemOutput:
        return ItemOutput(prepared, "json", JSON_CONTENT_TYPE, {})


Identify = Callable[[bytes], tuple[str, str] | None]
"""(content type, file extension) of an upload judged from its first bytes, or None."""

HEADER_BYTES = 1024 * 1024
"""How much of each upload `Uploads.inspect` sees: enough for any photo's header (a JPEG's
size comes after its EXIF and colour-profile segments)."""

Inspect = Callable[[bytes], str | None]
"""Why an upload is refused, judged from its first HEADER_BYTES alone (a photo with more pixels
than the server decodes), or None; CPU-bound, but reads headers only."""


class AttachmentRejected(ValueError):
    """The file cannot serve; the message says why, in words fit for the user."""


@dataclass(frozen=True)
class Attachment:
    field: str
    """The multipart field it comes in."""
    settings_key: str
    """Where its storage key goes in the job's settings."""
    check: Callable[[bytes], tuple[str, str]]
    """(content type, file extension) of the whole file, or AttachmentRejected; CPU-bound."""
    wanted: Callable[[Mapping[str, Any]], bool]
    """Whether these (validated) settings use the file: then it is required, else refused."""
    missing_message: str
    unused_message: str


@dataclass(frozen=True)
class Uploads:
    """How `/api/v1/jobs` accepts the files of a job kind that users create directly.

    Attachments are extra files for the whole job (a photo set's custom backdrop), not processed
    on their own. `/api/v1/jobs` checks an attached file whole, at upload (a bad one refuses the
    request: it would fail every item), stores it under the job's prefix and writes its storage
    key into the job's settings, where the kind's processor finds it. Only the server writes that
    key: a settings model must not declare it, so a key sent by a client is dropped with the
    other unknown settings (and removed again before storing)."""

    identify: Identify
    unsupported_message: str
    attachments: tuple[Attachment, ...] = ()
    inspect: Inspect | None = None


FinishHook = Callable[[AsyncSession, ProcessingJob, Storage], Awaitable[None]]
"""Runs in the transaction that ends the job (any end state), so that the module that owns the
job can carry its results over into its own tables atomically."""


CreateHook = Callable[[AsyncSession, User, Mapping[str, Any]], Awaitable[dict[str, Any]]]
"""Runs when /api/v1/jobs creates a job, with its validated settings and its owner: returns what
the server adds to the settings (the storage key of a dealership's file that the job uses), or
raises an AppError that refuses the request. As with attachments, only the server writes those
keys: the settings model does not declare them."""


@dataclass(frozen=True)
class JobKind:
    processor: SetProcessor
    settings_model: type[BaseModel]
    uploads: Uploads | None  # None: created by its module, not through /api/v1/jobs
    on_finished: FinishHook | None = None
    on_create: CreateHook | None = None
    keeps_prepared: bool = False
    """Whether the prepared data outlives the job's run (until the job is deleted), so that
    JobService.rework can finish the set again without preparing every item anew."""


class JobKinds:
    """The job kinds that one app or worker runs, each registered by the module that owns it
    (carsales/worker.py), so that apps built with other settings in one process do not mix."""

    def __init__(self) -> None:
        self._kinds: dict[JobType, JobKind] = {}

    def register(self, job_type: JobType, kind: JobKind) -> None:
        self._kinds[job_type] = kind

    def of(self, job_type: JobType) -> JobKind:
        try:
            return self._kinds[job_type]
        except KeyError:
            raise LookupError(f"no processor is registered for job type {job_type}") from None

    def settings_models(self) -> list[type[BaseModel]]:
        """Each kind's settings model, once (for the OpenAPI document)."""
        return list(dict.fromkeys(kind.settings_model for kind in self._kinds.values()))

    def uploadable(self) -> list[JobType]:
        """The kinds created through /api/v1/jobs."""
        return [job_type for job_type, kind in self._kinds.items() if kind.uploads is not None]
