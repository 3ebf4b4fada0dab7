"""How jobs run: dramatiq worker threads (inside the app in embedded mode, in `carsales worker`
processes in scale-out mode, see carsales/worker.py), each process with a periodic sweep that
re-sends jobs whose messages were lost and deletes finished jobs past their retention period."""

import asyncio
import time

import dramatiq
import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.jobs.queue import JobQueue
from carsales.jobs.service import delete_expired

log = structlog.get_logger(__name__)
# Retention works in days: looking once an hour is plenty, and the first look is at start-up.
RETENTION_INTERVAL_S = 3600.0


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
