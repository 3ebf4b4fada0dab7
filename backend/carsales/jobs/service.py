"""Rules of processing jobs: creating them from uploads, cancel, retry, delete, downloads,
and deleting finished jobs once their retention period is over."""

import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import anyio
import structlog
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.config import Settings
from carsales.db import after_commit, hold_until_commit
from carsales.errors import BadRequest, Conflict, NotFound, PayloadTooLarge
from carsales.jobs import downloads
from carsales.jobs.downloads import DownloadGrant
from carsales.jobs.keys import job_prefix
from carsales.jobs.processors import (
    HEADER_BYTES,
    Attachment,
    AttachmentRejected,
    JobKind,
    JobKinds,
    Uploads,
)
from carsales.jobs.quotas import check_quota
from carsales.jobs.repository import JobRepository, delete_expired_jobs
from carsales.jobs.schemas import (
    INPUT_PLACEMENT,
    InputPlacement,
    JobItemOut,
    JobOut,
    JobSummary,
)
from carsales.kit.ids import new_id
from carsales.kit.time import utcnow
from carsales.kit.uploads import Upload, read_at_most, upload_chunks
from carsales.models import ItemStatus, JobItem, JobStatus, JobType, ProcessingJob, User
from carsales.storage import Storage

log = structlog.get_logger(__name__)

RETENTION_BATCH = 100
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")
_VEHICLE_REF = re.compile(r"^[A-Z0-9-]{1,40}$")

Enqueue = Callable[[str], None]


class InvalidSettings(BadRequest):
    code = "invalid_settings"
    title = "Invalid job settings"


class InvalidAttachment(BadRequest):
    code = "invalid_attachment"
    title = "Unusable file"


class UnsupportedFile(BadRequest):
    """A file of the job is not of a type the job takes (a PDF named .jpg): the request is
    refused with the files named, rather than kept as an item that can never succeed."""

    code = "unsupported_file"
    title = "Unsupported file"


class ImageTooLarge(PayloadTooLarge):
    """A file of the job is more than the server will decode (a few kilobytes of PNG can
    announce 60 megapixels: seconds of CPU and gigabytes of memory to decode): refused at
    upload from its header, naming the files."""

    code = "image_too_large"
    title = "Image too large"


@dataclass(frozen=True)
class _IdentifiedUpload:
    upload: Upload
    name: str
    content_type: str
    extension: str


@dataclass(frozen=True)
class _CheckedAttachment:
    attachment: Attachment
    data: bytes
    extension: str


def safe_filename(name: str | None, fallback: str) -> str:
    """A name safe to store and to offer in Content-Disposition: no path, no odd characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE_NAME.sub("_", base).strip(" ._")[:120]
    return cleaned or fallback


async def _identify_uploads(uploads: Uploads, files: Sequence[Upload]) -> list[_IdentifiedUpload]:
    """Each file's type from its first bytes; UnsupportedFile naming every file of another type,
    then ImageTooLarge naming every file the kind's `inspect` refuses (before anything is
    stored)."""
    identified, refused, oversized, reasons = [], [], [], []
    for position, upload in enumerate(files):
        name = safe_filename(upload.filename, f"file-{position + 1}")
        head = await upload.read(HEADER_BYTES)
        await upload.seek(0)
        detected = uploads.identify(head)
        if detected is None:
            refused.append(name)
            continue
        identified.append(_IdentifiedUpload(upload, name, *detected))
        reason = await anyio.to_thread.run_sync(uploads.inspect, head) if uploads.inspect else None
        if reason is not None:
            oversized.append(name)
            reasons.append(f"{name}: {reason}")
    if refused:
        raise UnsupportedFile(f"{', '.join(refused)}: {uploads.unsupported_message}", files=refused)
    if oversized:
        raise ImageTooLarge("; ".join(reasons) + ".", files=oversized)
    return identified


def _uploadable_kind(kinds: JobKinds, job_type: JobType) -> tuple[JobKind, Uploads]:
    try:
        kind = kinds.of(job_type)
    except LookupError as exc:
        raise BadRequest(f"Jobs of type {job_type.value} are not available here.") from exc
    if kind.uploads is None:
        raise BadRequest(f"Jobs of type {job_type.value} are created by their own module.")
    return kind, kind.uploads


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


class JobService:
    def __init__(
        self,
        session: AsyncSession,
        settings: Settings,
        storage: Storage,
        kinds: JobKinds,
        enqueue: Enqueue,
    ) -> None:
        self.session = session
        self.settings = settings
        self.storage = storage
        self.kinds = kinds
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
        files: Sequence[Upload],
        attached: Mapping[str, Upload] | None = None,
    ) -> ProcessingJob:
        """`attached`: the extra files sent beside the items, by multipart field."""
        kind, uploads = _uploadable_kind(self.kinds, job_type)
        settings = parse_settings(kind, raw_settings)
        if not files:
            raise BadRequest("Add at least one file.")
        if len(files) > self.settings.upload_max_files:
            raise BadRequest(f"At most {self.settings.upload_max_files} files per job.")
        identified = await _identify_uploads(uploads, files)
        extras = await self._check_attachments(job_type, uploads, settings, attached or {})
        if kind.on_create is not None:
            settings = {**settings, **await kind.on_create(self.session, owner, settings)}
        job = ProcessingJob(
            id=new_id(),
            dealership_id=owner.dealership_id,
            owner_id=owner.id,
            job_type=job_type,
            settings=settings,
            vehicle_ref=normalise_vehicle_ref(vehicle_ref),
            items=[],
        )
        prefix = job_prefix(job)
        # The files are stored before the quota is counted: its lock is held until the commit
        # (on SQLite the database's write lock), so nothing slow may run under it. Files already
        # written are removed if anything below fails, a refusal included (the rows roll back).
        try:
            stored_extras = {
                extra.attachment.settings_key: await self._store_attachment(prefix, extra)
                for extra in extras
            }
            items = [
                await self._store_upload(prefix, position, upload)
                for position, upload in enumerate(identified)
            ]
            await self._check_quota(owner, len(files))
        except BaseException:
            await self.storage.delete_prefix(prefix)
            raise
        self.session.add(job)
        job.items = items
        if stored_extras:
            job.settings = {**settings, **stored_extras}
        if all(item.status is ItemStatus.failed for item in items):
            job.status = JobStatus.failed
            job.progress = 100
            job.error = "None of the files can be processed."
            job.completed_at = utcnow()
        else:
            after_commit(self.session, self._enqueue_later(job.id))
        await self.session.flush()
        return job

    async def _check_quota(self, user: User, adding: int) -> None:
        await hold_until_commit(self.session, f"quota-photos:{user.dealership_id}")
        in_flight = await self._repository(user).items_in_flight(self.kinds.uploadable())
        check_quota(
            in_flight=in_flight,
            adding=adding,
            limit=self.settings.quota_photos_in_flight,
            unit="photos",
            retry_after=self.settings.quota_retry_after_seconds,
        )

    async def _check_attachments(
        self,
        job_type: JobType,
        uploads: Uploads,
        settings: dict[str, Any],
        attached: Mapping[str, Upload],
    ) -> list[_CheckedAttachment]:
        """Each attachment the settings want, read whole and checked; the request is refused
        for a missing, unwanted or unusable one. Removes client-sent storage keys from
        `settings`."""
        declared = uploads.attachments
        for field in attached:
            if not any(attachment.field == field for attachment in declared):
                raise BadRequest(f"Jobs of type {job_type.value} take no {field} file.")
        checked = []
        for attachment in declared:
            settings.pop(attachment.settings_key, None)
            upload = attached.get(attachment.field)
            if not attachment.wanted(settings):
                if upload is not None:
                    raise BadRequest(attachment.unused_message)
                continue
            if upload is None:
                raise BadRequest(attachment.missing_message)
            limit = self.settings.upload_max_file_bytes
            data = await read_at_most(upload, limit)
            if data is None:
                raise InvalidAttachment(
                    f"The {attachment.field} file is larger than the "
                    f"{limit // (1024 * 1024)} MB allowed."
                )
            try:
                _, extension = await anyio.to_thread.run_sync(attachment.check, data)
            except AttachmentRejected as exc:
                raise InvalidAttachment(str(exc)) from exc
            checked.append(_CheckedAttachment(attachment, data, extension))
        return checked

    async def _store_attachment(self, prefix: str, extra: _CheckedAttachment) -> str:
        name = f"{extra.attachment.field}-{secrets.token_hex(4)}.{extra.extension}"
        stored = await self.storage.put_bytes(f"{prefix}/attachments/{name}", extra.data)
        return stored.key

    def _enqueue_later(self, job_id: str) -> Callable[[], Any]:
        async def send() -> None:
            self.enqueue(job_id)

        return send

    async def _store_upload(
        self, prefix: str, position: int, identified: _IdentifiedUpload
    ) -> JobItem:
        item = JobItem(position=position, original_name=identified.name, status=ItemStatus.pending)
        key = f"{prefix}/inputs/{position:03d}-{secrets.token_hex(4)}.{identified.extension}"
        try:
            stored = await self.storage.put_stream(
                key,
                upload_chunks(identified.upload),
                max_bytes=self.settings.upload_max_file_bytes,
            )
        except PayloadTooLarge:
            item.status = ItemStatus.failed
            limit_mb = self.settings.upload_max_file_bytes // (1024 * 1024)
            item.error = f"Larger than the {limit_mb} MB allowed per file."
            return item
        item.input_key = stored.key
        item.input_sha256 = stored.sha256
        item.input_bytes = stored.size
        item.content_type = identified.content_type
        return item

    async def cancel(self, user: User, job_id: str) -> ProcessingJob:
        job = await self.get(user, job_id)
        if job.status.is_terminal:
            raise Conflict(f"The job is already {job.status.value}.")
        job.status = JobStatus.canceled
        # Ended now, unless a worker is on it: the runner then stamps the end when it stops.
        job.completed_at = utcnow()
        for item in job.items:
            if item.status is ItemStatus.pending:
                item.status = ItemStatus.skipped
        await self.session.flush()
        return job

    async def retry_failed(self, user: User, job_id: str) -> ProcessingJob:
        job = await self._finished(user, job_id)
        retryable = [
            item
            for item in job.items
            if item.status in (ItemStatus.failed, ItemStatus.skipped) and item.input_key
        ]
        if not retryable:
            raise Conflict("No image of this job can be retried.")
        await self._run_again(user, job, retryable)
        return job

    async def rework(
        self, user: User, job_id: str, change: Callable[[ProcessingJob], JobItem]
    ) -> ProcessingJob:
        """Runs a finished job again after `change` has edited its settings, with the item that
        `change` returns prepared anew. `change` raises AppError to refuse."""
        job = await self._finished(user, job_id)
        await self._run_again(user, job, [change(job)])
        return job

    async def _finished(self, user: User, job_id: str) -> ProcessingJob:
        """The job, once it has ended. Requests that run a job again take turns, so that two
        touch-ups cannot both start it and one's change to the settings be lost."""
        await hold_until_commit(self.session, f"job:{job_id}")
        job = await self.get(user, job_id)
        if not job.status.is_terminal:
            raise Conflict("The job is still running: wait until it has finished.")
        return job

    async def _run_again(self, user: User, job: ProcessingJob, redo: Sequence[JobItem]) -> None:
        """Queues the job with `redo` prepared anew. Its completed items whose prepared data
        was kept (JobKind.keeps_prepared) are finished again with them, since the set is
        planned as a whole and keeps one framing; the others stay as they are. Every item
        queued counts towards the photos quota."""
        refinish = []
        if self.kinds.of(job.job_type).keeps_prepared:
            refinish = [
                item
                for item in job.items
                if item not in redo
                and item.status is ItemStatus.completed
                and item.prepared_key is not None
                and await self.storage.exists(item.prepared_key)
            ]
        await self._check_quota(user, len(redo) + len(refinish))
        for item in redo:
            item.status = ItemStatus.pending
            item.error = None
        for item in refinish:
            item.status = ItemStatus.prepared
        job.status = JobStatus.pending
        job.error = None
        job.attempts = 0
        job.completed_at = None
        await self.session.flush()
        after_commit(self.session, self._enqueue_later(job.id))

    async def delete(self, user: User, job_id: str) -> None:
        job = await self.get(user, job_id)
        prefix = job_prefix(job)
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
                    "input_placement": _input_placement(item),
                }
            )
            for item in job.items
        ]
        has_outputs = any(item.output_key for item in job.items)
        return JobOut.model_validate(job).model_copy(
            update={"items": items, "archive_url": grant("archive") if has_outputs else None}
        )


def _input_placement(item: JobItem) -> InputPlacement | None:
    placement = item.facts.get(INPUT_PLACEMENT) if item.output_key else None
    return None if placement is None else InputPlacement.model_validate(placement)


async def delete_expired(
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    kinds: JobKinds,
    retention_days: int,
    batch_size: int = RETENTION_BATCH,
) -> int:
    """Deletes the jobs that finished (completed, failed or canceled) more than
    `retention_days` ago, then their files; returns how many. 0 days keeps every job.

    Only the kinds created through `/api/v1/jobs`: a kind created by its own module (a training
    session's speech analysis) lives as long as the row that refers to it. In batches, each its
    own transaction; files go only after the rows' commit, so a failure leaves files without a
    job (logged), never a job without its files."""
    if retention_days <= 0:
        return 0
    job_types = kinds.uploadable()
    if not job_types:
        return 0
    now = utcnow()
    before = now - timedelta(days=retention_days)
    deleted = files_failed = 0
    while True:
        async with sessionmaker() as session:
            batch = await delete_expired_jobs(session, now, before, job_types, batch_size)
            await session.commit()
        for dealership_id, job_id in batch:
            try:
                await storage.delete_prefix(f"{dealership_id}/jobs/{job_id}")
            except Exception:
                files_failed += 1
                log.exception("job_files_not_deleted", job_id=job_id, dealership_id=dealership_id)
        deleted += len(batch)
        if len(batch) < batch_size:
            break
    if deleted:
        log.info(
            "jobs_expired",
            jobs=deleted,
            file_sets_deleted=deleted - files_failed,
            file_sets_failed=files_failed,
            retention_days=retention_days,
        )
    return deleted
