"""Where jobs run: a worker thread inside the app (embedded mode) or `carsales worker` processes
(scale-out mode), each with a periodic sweep that re-sends jobs whose messages were lost and
deletes finished jobs past their retention period."""

import asyncio
import signal
import time

import dramatiq
import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.config import Settings
from carsales.db import create_engine, create_sessionmaker
from carsales.events import EventEmitter
from carsales.jobs.processors import JobKinds
from carsales.jobs.queue import JobQueue, create_broker
from carsales.jobs.service import delete_expired
from carsales.storage import LocalStorage, S3Storage, Storage

log = structlog.get_logger(__name__)
# Retention works in days: looking once an hour is plenty, and the first look is at start-up.
RETENTION_INTERVAL_S = 3600.0


def create_storage(settings: Settings) -> Storage:
    if settings.s3_bucket:
        return S3Storage.from_settings(settings)
    assert settings.storage_dir is not None  # filled in by Settings
    return LocalStorage(settings.storage_dir)


def register_job_kinds(settings: Settings, storage: Storage) -> JobKinds:
    """The job kinds of an app or worker: every module that owns job types registers its
    processors. `storage`: where processors read a job's attachments (a custom backdrop)."""
    from carsales.imaging import tasks as imaging_tasks
    from carsales.training import tasks as training_tasks

    kinds = JobKinds()
    imaging_tasks.register(kinds, settings, storage)
    training_tasks.register(kinds, settings)
    return kinds


async def sweep_forever(
    queue: JobQueue,
    sessionmaker: async_sessionmaker[AsyncSession],
    interval: float,
    retention_interval: float = RETENTION_INTERVAL_S,
) -> None:
    """Every `interval` seconds, re-send lost jobs; every `retention_interval`, delete expired
    ones. Every process that runs jobs sweeps: deleting the same job twice is harmless."""
    next_retention = time.monotonic()
    while True:
        try:
            await queue.recover(sessionmaker)
        except Exception:
            log.exception("job_sweep_failed")
        if time.monotonic() >= next_retention:
            next_retention = time.monotonic() + retention_interval
            try:
                await delete_expired(
                    sessionmaker, queue.storage, queue.kinds, queue.settings.job_retention_days
                )
            except Exception:
                log.exception("job_retention_failed")
        await asyncio.sleep(interval)


def start_worker(queue: JobQueue, threads: int) -> dramatiq.Worker:
    worker = dramatiq.Worker(queue.broker, worker_threads=threads)
    # A job runs for minutes. Dramatiq's default prefetch (2 per thread) lets a busy worker hold
    # the next vehicle's job while another worker sits idle; take only what can start now.
    worker.queue_prefetch = threads
    worker.start()
    return worker


def run_worker_process(settings: Settings, threads: int) -> None:
    """`carsales worker`: consume jobs from Redis until SIGTERM or SIGINT, then finish the
    current images' bookkeeping and stop; unfinished jobs go back to the queue."""
    if not settings.redis_url:
        raise SystemExit(
            "carsales worker needs CARSALES_REDIS_URL: without Redis the app runs jobs itself."
        )
    storage = create_storage(settings)
    kinds = register_job_kinds(settings, storage)
    redis_url = settings.redis_url
    queue = JobQueue(
        settings,
        create_broker(settings),
        storage,
        kinds,
        lambda: EventEmitter.external(redis_url),
    )
    worker = start_worker(queue, threads)
    log.info("worker_started", worker_id=queue.worker_id, threads=threads)

    async def supervise() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        engine = create_engine(settings)
        sweeper = asyncio.create_task(
            sweep_forever(queue, create_sessionmaker(engine), settings.job_lease_seconds / 2)
        )
        await stop.wait()
        sweeper.cancel()
        await engine.dispose()

    try:
        asyncio.run(supervise())
    finally:
        worker.stop()
        log.info("worker_stopped", worker_id=queue.worker_id)
