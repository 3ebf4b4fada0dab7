"""Runs one job to its end on a worker. Safe to run twice, or after a worker died mid-job."""

import asyncio
import contextlib
import functools
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import anyio
import sqlalchemy.exc
import structlog
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.jobs.keys import job_prefix
from carsales.jobs.processors import (
    ItemOutput,
    ItemRejected,
    JobKinds,
    Prepared,
    ReportProgress,
    SetProcessor,
)
from carsales.jobs.progress import job_event, settings_digest
from carsales.jobs.schemas import JobEvent, JobEventName
from carsales.kit.time import as_utc, utcnow
from carsales.models import ItemStatus, JobItem, JobStatus, ProcessingJob
from carsales.storage import Storage

log = structlog.get_logger(__name__)

Emit = Callable[[str, str, dict[str, Any]], Awaitable[None]]
"""emit(user_id, event, data): sends a real-time event to one user's room."""


# How far each item state counts towards the job's progress: preparing is most of the work.
_PREPARED_WEIGHT = 0.8
_PROGRESS_WEIGHT = {
    ItemStatus.prepared: _PREPARED_WEIGHT,
    ItemStatus.completed: 1.0,
    ItemStatus.failed: 1.0,
    ItemStatus.skipped: 1.0,
}
# Progress within one item is written (and sent) at most this often.
ITEM_PROGRESS_INTERVAL_S = 1.0


class LeaseHeld(Exception):
    """Another live worker holds the job; look again once its lease can have expired."""

    def __init__(self, retry_in_seconds: float) -> None:
        super().__init__(f"job is leased by another worker for {retry_in_seconds:.0f} s")
        self.retry_in_seconds = retry_in_seconds


class LeaseLost(Exception):
    """This run no longer holds the job: another worker claimed it, or the lease lapsed before
    it could be renewed. The run stops and writes nothing more."""


# Renewal after a failed write: first retry after this long, doubling up to a third of the lease.
_RENEW_FIRST_BACKOFF_S = 0.2


class Lease:
    """One claim of a job. Its token (the `lease_owner` written by the claim, unique per claim)
    fences every write of the run: `hold` renews the lease on the job row, and is refused once
    another claim has replaced the token. Each writing transaction starts with `hold`, so on
    PostgreSQL the job row stays locked until the commit and no claim can slip in between."""

    def __init__(self, job_id: str, token: str, lease_seconds: int) -> None:
        self.job_id = job_id
        self.token = token
        self.lease_seconds = lease_seconds
        # When the lease lapses, as far as this process knows (monotonic, never later than
        # the row's expiry: each renewal counts from before it was sent).
        self.deadline = time.monotonic() + lease_seconds
        self._taken_over = False

    @property
    def lost(self) -> bool:
        """Past the deadline the run stops even if the renewal is still stuck on a stalled
        connection: another worker may claim the job from then on."""
        return self._taken_over or time.monotonic() >= self.deadline

    async def hold(self, session: AsyncSession) -> None:
        if self.lost:
            raise LeaseLost(f"job {self.job_id}: the lease was lost")
        result = await session.execute(
            update(ProcessingJob)
            .where(ProcessingJob.id == self.job_id, ProcessingJob.lease_owner == self.token)
            .values(lease_expires_at=utcnow() + timedelta(seconds=self.lease_seconds))
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) != 1:
            self._taken_over = True
            raise LeaseLost(f"job {self.job_id}: another worker took it over, or it was deleted")

    async def renew(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        """Renews, retrying failed writes with backoff until the lease would lapse; then (or
        when another worker took over) raises LeaseLost."""
        backoff = _RENEW_FIRST_BACKOFF_S
        while True:
            sent = time.monotonic()
            remaining = self.deadline - sent
            if remaining <= 0:
                raise LeaseLost(f"job {self.job_id}: the lease lapsed before it was renewed")
            error = await self._try_renewal(sessionmaker, remaining)
            if error is None:
                self.deadline = sent + self.lease_seconds
                return
            log.warning(
                "job_lease_renewal_failed",
                job_id=self.job_id,
                error=type(error).__name__,
                seconds_left=round(self.deadline - time.monotonic(), 2),
            )
            await asyncio.sleep(min(backoff, max(self.deadline - time.monotonic(), 0)))
            backoff = min(backoff * 2, self.lease_seconds / 3)

    async def _try_renewal(
        self, sessionmaker: async_sessionmaker[AsyncSession], within: float
    ) -> BaseException | None:
        """One renewal: None when it was written, else why not. On a stalled connection (a
        network partition) neither the write nor the session's clean-up returns, and a
        timeout inside the attempt would wait for the clean-up: the attempt is left to end
        in the background instead, and the lease's deadline decides."""

        async def write() -> None:
            async with sessionmaker() as session:
                await self.hold(session)
                await session.commit()

        attempt = asyncio.ensure_future(write())
        try:
            done, _ = await asyncio.wait({attempt}, timeout=within)
        except asyncio.CancelledError:
            attempt.cancel()
            raise
        if not done:
            attempt.add_done_callback(_ignore_outcome)
            return TimeoutError(f"no answer from the database within {within:.1f} s")
        error = attempt.exception()
        if isinstance(error, LeaseLost) or not isinstance(
            error, (sqlalchemy.exc.SQLAlchemyError, OSError, TimeoutError, type(None))
        ):
            raise error
        return error

    async def keep(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        while True:
            await asyncio.sleep(self.lease_seconds / 3)
            await self.renew(sessionmaker)


def _ignore_outcome(attempt: "asyncio.Future[None]") -> None:
    """A renewal abandoned on a stalled connection: what became of it no longer matters."""
    if not attempt.cancelled():
        attempt.exception()


def _lease_token(worker_id: str) -> str:
    """`<worker>#<random>`: the worker part lets it take back its own job at once after a
    failed release, the random part fences out any earlier run of the job in this worker."""
    return f"{_worker_prefix(worker_id)}{secrets.token_hex(6)}"


def _worker_prefix(worker_id: str) -> str:
    # lease_owner holds 64 characters: room for 50 of the worker id, "#" and the random part.
    return f"{worker_id[:50]}#"


@dataclass(frozen=True)
class RunnerConfig:
    worker_id: str
    lease_seconds: int = 60
    max_attempts: int = 5


class JobRunner:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        storage: Storage,
        kinds: JobKinds,
        emit: Emit,
        config: RunnerConfig,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.storage = storage
        self.kinds = kinds
        self.emit = emit
        self.config = config

    async def _send(self, name: JobEventName, event: JobEvent, owner_id: str) -> None:
        await self.emit(owner_id, name.value, event.model_dump(mode="json"))

    async def run(self, job_id: str) -> None:
        claimed = await self._claim(job_id)
        if claimed is None:
            return
        job, lease = claimed
        log.info("job_started", job_id=job_id, attempt=job.attempts)
        heartbeat = asyncio.create_task(lease.keep(self.sessionmaker))
        try:
            await self._process_items(job, lease)
            await self._finish(lease)
        except LeaseLost as lost:
            # Another worker has (or will get) the job: its run is the one that counts. Not
            # an error for the queue to retry; the recovery sweep re-sends a lapsed job.
            log.warning("job_lease_lost", job_id=job_id, attempt=job.attempts, reason=str(lost))
        except BaseException:
            # Hand the job back at once so the retry (here or on another worker) can claim it.
            await self._release(lease)
            raise
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError, LeaseLost):
                await heartbeat

    async def _claim(self, job_id: str) -> tuple[ProcessingJob, Lease] | None:
        now = utcnow()
        lease_until = now + timedelta(seconds=self.config.lease_seconds)
        token = _lease_token(self.config.worker_id)
        async with self.sessionmaker() as session:
            result = await session.execute(
                update(ProcessingJob)
                .where(
                    ProcessingJob.id == job_id,
                    ProcessingJob.status.in_([JobStatus.pending, JobStatus.processing]),
                    or_(
                        ProcessingJob.lease_expires_at.is_(None),
                        ProcessingJob.lease_expires_at < now,
                        ProcessingJob.lease_owner.startswith(
                            _worker_prefix(self.config.worker_id), autoescape=True
                        ),
                    ),
                )
                .values(
                    status=JobStatus.processing,
                    lease_owner=token,
                    lease_expires_at=lease_until,
                    attempts=ProcessingJob.attempts + 1,
                    started_at=now,
                    error=None,
                )
                .execution_options(synchronize_session=False)
            )
            await session.commit()
            job = await session.get(ProcessingJob, job_id)
            if job is None or job.status.is_terminal:
                return None
            if getattr(result, "rowcount", 0) != 1:
                remaining = as_utc(job.lease_expires_at or now) - now
                raise LeaseHeld(max(remaining.total_seconds(), 1.0))
            lease = Lease(job_id, token, self.config.lease_seconds)
            if job.attempts > self.config.max_attempts:
                await self._give_up(session, job, lease)
                return None
            return job, lease

    async def _give_up(self, session: AsyncSession, job: ProcessingJob, lease: Lease) -> None:
        await lease.hold(session)
        job.status = JobStatus.failed
        job.error = f"Gave up after {job.attempts - 1} attempts; the last one did not finish."
        job.completed_at = utcnow()
        job.lease_owner = None
        job.lease_expires_at = None
        await session.commit()
        log.warning("job_gave_up", job_id=job.id, attempts=job.attempts - 1)
        await self._send(JobEventName.failed, job_event(job), job.owner_id)

    async def _release(self, lease: Lease) -> None:
        """Lets go of the job, if this run still holds it."""
        try:
            async with self.sessionmaker() as session:
                await session.execute(
                    update(ProcessingJob)
                    .where(
                        ProcessingJob.id == lease.job_id, ProcessingJob.lease_owner == lease.token
                    )
                    .values(lease_owner=None, lease_expires_at=None)
                )
                await session.commit()
        except Exception:
            log.exception("job_release_failed", job_id=lease.job_id)

    async def _check_lease(self, lease: Lease) -> None:
        """Before writing a file: a run that lost the job must not leave files behind the one
        that finishes it (the keys are the same, but a finished job's work files are gone)."""
        async with self.sessionmaker() as session:
            await lease.hold(session)
            await session.commit()

    async def _is_canceled(self, job_id: str) -> bool:
        async with self.sessionmaker() as session:
            status = await session.scalar(
                select(ProcessingJob.status).where(ProcessingJob.id == job_id)
            )
        return status is None or status is JobStatus.canceled

    async def _process_items(self, job: ProcessingJob, lease: Lease) -> None:
        processor = self.kinds.of(job.job_type).processor
        todo = [
            item for item in job.items if item.status in (ItemStatus.pending, ItemStatus.processing)
        ]
        for item in todo:
            if await self._is_canceled(job.id):
                log.info("job_canceled_between_items", job_id=job.id)
                return
            await self._prepare_item(job, lease, item, processor)
        await self._finish_set(lease, processor)

    async def _run_step(
        self, job: ProcessingJob, lease: Lease, item: JobItem, step: Callable[[], Any]
    ) -> Any | None:
        """The step's result, or None once the item is marked failed with the reason."""
        try:
            return await anyio.to_thread.run_sync(step)
        except LeaseLost:
            raise
        except ItemRejected as exc:
            reason = str(exc)
        except Exception:
            # A bug, or an input the pipeline chokes on, must not fail the other items.
            log.exception("item_processing_error", job_id=job.id, item_id=item.id)
            reason = "This file could not be processed (internal error)."
        await self._update_item(
            lease, item.id, status=ItemStatus.failed, error=reason, completed_at=utcnow()
        )
        return None

    async def _prepare_item(
        self, job: ProcessingJob, lease: Lease, item: JobItem, processor: SetProcessor
    ) -> None:
        await self._update_item(lease, item.id, status=ItemStatus.processing, started_at=utcnow())
        if item.input_key is None:
            await self._update_item(
                lease, item.id, status=ItemStatus.failed, error="The upload was not stored."
            )
            return
        data = await self.storage.get_bytes(item.input_key)
        report = self._progress_reporter(lease, item.id)
        prepared: Prepared | None = await self._run_step(
            job, lease, item, functools.partial(processor.prepare, data, job.settings, report)
        )
        if prepared is None:
            return
        key = f"{job_prefix(job)}/work/{_item_stem(job, item)}.bin"
        await self._check_lease(lease)
        await self.storage.put_bytes(key, prepared.data)
        await self._update_item(
            lease,
            item.id,
            status=ItemStatus.prepared,
            prepared_key=key,
            facts=prepared.facts,
            timings=dict(prepared.timings),
            warnings=list(prepared.warnings),
        )

    async def _finish_set(self, lease: Lease, processor: SetProcessor) -> None:
        async with self.sessionmaker() as session:
            job = await session.get(ProcessingJob, lease.job_id, populate_existing=True)
        if job is None:
            return
        ready = [item for item in job.items if item.status is ItemStatus.prepared]
        if not ready:
            return
        plans = await anyio.to_thread.run_sync(
            processor.plan, [item.facts for item in ready], job.settings
        )
        for item, plan in zip(ready, plans, strict=True):
            if await self._is_canceled(job.id):
                return
            data = await self.storage.get_bytes(item.prepared_key or "")
            output: ItemOutput | None = await self._run_step(
                job, lease, item, functools.partial(processor.finish, data, plan, job.settings)
            )
            if output is None:
                continue
            key = f"{job_prefix(job)}/outputs/{_item_stem(job, item)}.{output.extension}"
            await self._check_lease(lease)
            stored = await self.storage.put_bytes(key, output.data)
            stem = item.original_name.rsplit(".", 1)[0] or f"file-{item.position + 1}"
            await self._update_item(
                lease,
                item.id,
                status=ItemStatus.completed,
                output_key=key,
                output_name=f"{stem}.{output.extension}",
                output_bytes=stored.size,
                output_content_type=output.content_type,
                timings={**item.timings, **output.timings},
                # A finish run again after a crash must not repeat its warnings.
                warnings=list(dict.fromkeys([*item.warnings, *output.warnings])),
                completed_at=utcnow(),
                error=None,
            )

    def _progress_reporter(self, lease: Lease, item_id: str) -> ReportProgress:
        """Called on the worker thread; hops to the job's event loop, at most once a second.
        Raises LeaseLost into the step, which stops it; a failed write only skips the hint."""
        last_sent = time.monotonic()

        def report(fraction: float) -> None:
            nonlocal last_sent
            now = time.monotonic()
            if lease.lost:
                raise LeaseLost(f"job {lease.job_id}: the lease was lost")
            if now - last_sent < ITEM_PROGRESS_INTERVAL_S:
                return
            last_sent = now
            try:
                anyio.from_thread.run(
                    functools.partial(self._update_item, lease, item_id, within=fraction)
                )
            except sqlalchemy.exc.SQLAlchemyError as exc:
                log.warning("job_progress_not_saved", job_id=lease.job_id, error=type(exc).__name__)

        return report

    async def _update_item(
        self, lease: Lease, item_id: str, within: float = 0.0, **values: Any
    ) -> None:
        """`within`: how far the item's preparation is, while it is processing."""
        async with self.sessionmaker() as session:
            await lease.hold(session)
            if values:
                await session.execute(update(JobItem).where(JobItem.id == item_id).values(**values))
            fresh = await session.get(ProcessingJob, lease.job_id, populate_existing=True)
            if fresh is None:
                return
            changed = next(item for item in fresh.items if item.id == item_id)
            in_progress = _PREPARED_WEIGHT * min(max(within, 0.0), 1.0)
            done = in_progress * (changed.status is ItemStatus.processing) + sum(
                _PROGRESS_WEIGHT.get(item.status, 0.0) for item in fresh.items
            )
            fresh.progress = round(100 * done / len(fresh.items)) if fresh.items else 100
            await session.commit()
            await self._send(JobEventName.progress, job_event(fresh, changed), fresh.owner_id)

    async def _finish(self, lease: Lease) -> None:
        job_id = lease.job_id
        async with self.sessionmaker() as session:
            await lease.hold(session)
            job = await session.get(ProcessingJob, job_id, populate_existing=True)
            if job is None:
                return
            now = utcnow()
            if job.status is not JobStatus.canceled:
                completed = [i for i in job.items if i.status is ItemStatus.completed]
                job.status = JobStatus.completed if completed else JobStatus.failed
                job.error = None if completed else "None of the images could be processed."
                job.progress = 100
            for item in job.items:
                if item.status in (ItemStatus.pending, ItemStatus.processing, ItemStatus.prepared):
                    item.status = ItemStatus.skipped
            job.completed_at = now
            job.lease_owner = None
            job.lease_expires_at = None
            on_finished = self.kinds.of(job.job_type).on_finished
            if on_finished is not None:
                await on_finished(session, job, self.storage)
            await session.commit()
            await self.storage.delete_prefix(f"{job_prefix(job)}/work")
            log.info("job_finished", job_id=job_id, status=job.status.value)
            await self._send(JobEventName.ending(job.status), job_event(job), job.owner_id)


def _item_stem(job: ProcessingJob, item: JobItem) -> str:
    """Deterministic per input and settings, so a re-run overwrites instead of duplicating."""
    digest = settings_digest(job.settings)
    return f"{item.position:03d}-{(item.input_sha256 or 'none')[:16]}-{digest}"
