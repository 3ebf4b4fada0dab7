"""Rules of processing jobs: creating them from uploads, cancel, retry, delete, downloads."""

import re
import secrets
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from fastapi import UploadFile
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.config import Settings
from carsales.db import after_commit
from carsales.errors import BadRequest, Conflict, NotFound, PayloadTooLarge
from carsales.jobs import downloads
from carsales.jobs.downloads import DownloadGrant
from carsales.jobs.processors import JobKind, kind_of
from carsales.jobs.repository import JobRepository
from carsales.jobs.schemas import JobItemOut, JobOut, JobSummary
from carsales.models import ItemStatus, JobItem, JobStatus, JobType, ProcessingJob, User
from carsales.storage import Storage

UPLOAD_CHUNK = 256 * 1024
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")
_VEHICLE_REF = re.compile(r"^[A-Z0-9-]{1,40}$")

Enqueue = Callable[[str], None]


class InvalidSettings(BadRequest):
    code = "invalid_settings"
    title = "Invalid job settings"


def safe_filename(name: str | None, fallback: str) -> str:
    """A name safe to store and to offer in Content-Disposition: no path, no odd characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE_NAME.sub("_", base).strip(" ._")[:120]
    return cleaned or fallback


def _kind(job_type: JobType) -> JobKind:
    try:
        return kind_of(job_type)
    except LookupError as exc:
        raise BadRequest(f"Jobs of type {job_type.value} are not available here.") from exc


def parse_settings(kind: JobKind, raw: str) -> dict[str, Any]:
    try:
        return kind.settings_model.model_validate_json(raw or "{}").model_dump(mode="json")
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise InvalidSettings(problems) from exc


def normalise_vehicle_ref(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    ref = value.strip().upper()
    if not _VEHICLE_REF.match(ref):
        raise BadRequest("A VIN or stock number has only letters, digits and dashes (max 40).")
    return ref


async def _chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(UPLOAD_CHUNK):
        yield chunk


class JobService:
    def __init__(
        self, session: AsyncSession, settings: Settings, storage: Storage, enqueue: Enqueue
    ) -> None:
        self.session = session
        self.settings = settings
        self.storage = storage
        self.enqueue = enqueue

    def _repository(self, user: User) -> JobRepository:
        return JobRepository(self.session, user.dealership_id)

    async def get(self, user: User, job_id: str) -> ProcessingJob:
        job = await self._repository(user).get_visible(job_id, user)
        if job is None:
            raise NotFound("No such job.")
        return job

    async def create(
        self,
        owner: User,
        job_type: JobType,
        raw_settings: str,
        vehicle_ref: str | None,
        files: Sequence[UploadFile],
    ) -> ProcessingJob:
        kind = _kind(job_type)
        settings = parse_settings(kind, raw_settings)
        if not files:
            raise BadRequest("Add at least one file.")
        if len(files) > self.settings.upload_max_files:
            raise BadRequest(f"At most {self.settings.upload_max_files} files per job.")
        job = ProcessingJob(
            dealership_id=owner.dealership_id,
            owner_id=owner.id,
            job_type=job_type,
            settings=settings,
            vehicle_ref=normalise_vehicle_ref(vehicle_ref),
            items=[],
        )
        self.session.add(job)
        await self.session.flush()
        prefix = f"{owner.dealership_id}/jobs/{job.id}"
        # Files already written are removed if anything below fails (the rows roll back).
        try:
            items = [
                await self._store_upload(kind, prefix, position, upload)
                for position, upload in enumerate(files)
            ]
        except BaseException:
            await self.storage.delete_prefix(prefix)
            raise
        job.items = items
        if all(item.status is ItemStatus.failed for item in items):
            job.status = JobStatus.failed
            job.progress = 100
            job.error = "None of the files can be processed."
        else:
            after_commit(self.session, self._enqueue_later(job.id))
        await self.session.flush()
        return job

    def _enqueue_later(self, job_id: str) -> Callable[[], Any]:
        async def send() -> None:
            self.enqueue(job_id)

        return send

    async def _store_upload(
        self, kind: JobKind, prefix: str, position: int, upload: UploadFile
    ) -> JobItem:
        name = safe_filename(upload.filename, f"file-{position + 1}")
        item = JobItem(position=position, original_name=name, status=ItemStatus.pending)
        detected = kind.identify(await upload.read(64))
        await upload.seek(0)
        if detected is None:
            item.status = ItemStatus.failed
            item.error = kind.unsupported_message
            return item
        content_type, extension = detected
        key = f"{prefix}/inputs/{position:03d}-{secrets.token_hex(4)}.{extension}"
        try:
            stored = await self.storage.put_stream(
                key, _chunks(upload), max_bytes=self.settings.upload_max_file_bytes
            )
        except PayloadTooLarge:
            item.status = ItemStatus.failed
            limit_mb = self.settings.upload_max_file_bytes // (1024 * 1024)
            item.error = f"Larger than the {limit_mb} MB allowed per file."
            return item
        item.input_key = stored.key
        item.input_sha256 = stored.sha256
        item.input_bytes = stored.size
        item.content_type = content_type
        return item

    async def cancel(self, user: User, job_id: str) -> ProcessingJob:
        job = await self.get(user, job_id)
        if job.status.is_terminal:
            raise Conflict(f"The job is already {job.status.value}.")
        job.status = JobStatus.canceled
        for item in job.items:
            if item.status is ItemStatus.pending:
                item.status = ItemStatus.skipped
        await self.session.flush()
        return job

    async def retry_failed(self, user: User, job_id: str) -> ProcessingJob:
        job = await self.get(user, job_id)
        if not job.status.is_terminal:
            raise Conflict("The job is still running.")
        retryable = [
            item
            for item in job.items
            if item.status in (ItemStatus.failed, ItemStatus.skipped) and item.input_key
        ]
        if not retryable:
            raise Conflict("No image of this job can be retried.")
        for item in retryable:
            item.status = ItemStatus.pending
            item.error = None
        job.status = JobStatus.pending
        job.error = None
        job.attempts = 0
        job.completed_at = None
        await self.session.flush()
        after_commit(self.session, self._enqueue_later(job.id))
        return job

    async def delete(self, user: User, job_id: str) -> None:
        job = await self.get(user, job_id)
        prefix = f"{job.dealership_id}/jobs/{job.id}"
        await self.session.delete(job)
        await self.session.flush()

        async def remove_files() -> None:
            await self.storage.delete_prefix(prefix)

        after_commit(self.session, remove_files)

    def to_summary(self, job: ProcessingJob) -> JobSummary:
        return JobSummary.model_validate(job)

    def to_out(self, job: ProcessingJob) -> JobOut:
        def grant(kind: downloads.Kind, item: JobItem | None = None) -> str:
            return downloads.link(
                self.settings,
                DownloadGrant(job.dealership_id, job.id, kind, item.id if item else None),
            )

        items = [
            JobItemOut.model_validate(item).model_copy(
                update={
                    "input_url": grant("input", item) if item.input_key else None,
                    "output_url": grant("output", item) if item.output_key else None,
                }
            )
            for item in job.items
        ]
        has_outputs = any(item.output_key for item in job.items)
        return JobOut.model_validate(job).model_copy(
            update={"items": items, "archive_url": grant("archive") if has_outputs else None}
        )
