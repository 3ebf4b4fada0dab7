"""Runs one job to its end on a worker. Safe to run twice, or after a worker died mid-job."""

import asyncio
import contextlib
import functools
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import anyio
import sqlalchemy.exc
import structlog
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.db import run_after_commit
from carsales.jobs.keys import job_prefix
from carsales.jobs.lease import Lease, LeaseHeld, LeaseLost, claim
from carsales.jobs.metrics import observe_claimed, observe_finished
from carsales.jobs.processors import (
    POSITION,
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
        observe_claimed(job)
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
            await lease.release(self.sessionmaker)
            raise
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError, LeaseLost):
                await heartbeat

    async def _claim(self, job_id: str) -> tuple[ProcessingJob, Lease] | None:
        async with self.sessionmaker() as session:
            lease = await claim(session, job_id, self.config.worker_id, self.config.lease_seconds)
            job = await session.get(ProcessingJob, job_id)
            if job is None or job.status.is_terminal:
                return None
            if lease is None:
                now = utcnow()
                remaining = as_utc(job.lease_expires_at or now) - now
                raise LeaseHeld(max(remaining.total_seconds(), 1.0))
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
        observe_finished(job, ran=False)
        await self._send(JobEventName.failed, job_event(job), job.owner_id)

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
        prepare = functools.partial(processor.prepare, data, job.settings, report, item.position)
        prepared: Prepared | None = await self._run_step(job, lease, item, prepare)
        if prepared is None:
            return
        key = f"{job_prefix(job)}/work/{_item_stem(job, item)}.bin"
        await lease.confirm(self.sessionmaker)
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
        await self._forget(item.prepared_key, key)

    async def _finish_set(self, lease: Lease, processor: SetProcessor) -> None:
        async with self.sessionmaker() as session:
            job = await session.get(ProcessingJob, lease.job_id, populate_existing=True)
        if job is None:
            return
        ready = [item for item in job.items if item.status is ItemStatus.prepared]
        if not ready:
            return
        facts = [{**item.facts, POSITION: item.position} for item in ready]
        plans = await anyio.to_thread.run_sync(processor.plan, facts, job.settings)
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
            await lease.confirm(self.sessionmaker)
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
                facts={**item.facts, **output.facts},
                # A finish run again after a crash must not repeat its warnings.
                warnings=list(dict.fromkeys([*item.warnings, *output.warnings])),
                completed_at=utcnow(),
                error=None,
            )
            await self._forget(item.output_key, key)

    async def _forget(self, previous: str | None, replacement: str) -> None:
        """Deletes the file an item's new one replaced, once the item points to the new one:
        a run with changed settings (a touch-up, see JobService.rework) writes under new keys."""
        if previous is not None and previous != replacement:
            await self.storage.delete(previous)

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
            # What on_finished registered for after the commit (notifications, mail).
            await run_after_commit(session)
            if not self.kinds.of(job.job_type).keeps_prepared:
                await self.storage.delete_prefix(f"{job_prefix(job)}/work")
            log.info("job_finished", job_id=job_id, status=job.status.value)
            observe_finished(job)
            await self._send(JobEventName.ending(job.status), job_event(job), job.owner_id)


def _item_stem(job: ProcessingJob, item: JobItem) -> str:
    """Deterministic per input and settings, so a re-run overwrites instead of duplicating."""
    digest = settings_digest(job.settings)
    return f"{item.position:03d}-{(item.input_sha256 or 'none')[:16]}-{digest}"
