"""The wiring of jobs: which modules' job kinds an app or a `carsales worker` process runs. It
lives at the root because it names the feature modules; `jobs/` stays generic and never imports
them."""

import asyncio
import contextlib
import signal

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.ai.cache import model_cache
from carsales.config import Settings
from carsales.db import create_engine, create_sessionmaker
from carsales.events import EventEmitter, bind_emitter
from carsales.jobs.processors import JobKinds
from carsales.jobs.queue import JobQueue, create_broker
from carsales.jobs.runtime import start_worker, sweep_forever
from carsales.notifications.scheduler import ScheduledTask, schedule_forever
from carsales.storage import Storage, create_storage
from carsales.tracing import create_tracer_provider, trace_worker_process

log = structlog.get_logger(__name__)


def register_job_kinds(settings: Settings, storage: Storage) -> JobKinds:
    """The job kinds of an app or worker: every module that owns job types registers its
    processors. `storage`: where processors read a job's attachments (a custom backdrop)."""
    from carsales.content import tasks as content_tasks
    from carsales.imaging import tasks as imaging_tasks
    from carsales.training import tasks as training_tasks

    kinds = JobKinds()
    imaging_tasks.register(kinds, settings, storage)
    training_tasks.register(kinds, settings)
    content_tasks.register(kinds)
    return kinds


def register_scheduled_tasks(settings: Settings, queue: JobQueue) -> list[ScheduledTask]:
    """The periodic work that every process running jobs also schedules: once-per-period
    tasks, and the end of idle practice sessions (whose analyses go to `queue`)."""
    from carsales.training.schedule import scheduled_tasks
    from carsales.training.sessions.idle import idle_sessions_task

    return [*scheduled_tasks(settings), idle_sessions_task(settings, queue.storage, queue.enqueue)]


def start_loops(
    queue: JobQueue, sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
) -> list[asyncio.Task[None]]:
    """What every job-running process keeps going beside its workers: the job sweep (lost and
    expired jobs) and the scheduler (once-per-period work)."""
    return [
        asyncio.create_task(sweep_forever(queue, sessionmaker, settings.job_lease_seconds / 2)),
        asyncio.create_task(
            schedule_forever(
                sessionmaker,
                register_scheduled_tasks(settings, queue),
                queue.worker_id,
                settings.scheduler_interval_s,
            )
        ),
    ]


async def stop_loops(loops: list[asyncio.Task[None]]) -> None:
    for loop_task in loops:
        loop_task.cancel()
    for loop_task in loops:
        with contextlib.suppress(asyncio.CancelledError):
            await loop_task


def run_worker_process(settings: Settings, threads: int) -> None:
    """`carsales worker`: consume jobs from Redis until SIGTERM or SIGINT, then finish the
    current images' bookkeeping and stop; unfinished jobs go back to the queue."""
    if not settings.redis_url:
        raise SystemExit(
            "carsales worker needs CARSALES_REDIS_URL: without Redis the app runs jobs itself."
        )
    model_cache.set_idle_unload(settings.model_idle_unload_s)
    tracer_provider = create_tracer_provider(settings, "carsales-worker")
    if tracer_provider is not None:
        trace_worker_process(tracer_provider)
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
        sessionmaker = create_sessionmaker(engine)
        # The scheduler's notifications reach browsers through Redis, like job events.
        emitter = EventEmitter.external(redis_url)
        bind_emitter(sessionmaker, emitter.to_user)
        loops = start_loops(queue, sessionmaker, settings)
        await stop.wait()
        await stop_loops(loops)
        await emitter.aclose()
        await engine.dispose()

    try:
        asyncio.run(supervise())
    finally:
        worker.stop()
        if tracer_provider is not None:  # sends the spans still waiting
            tracer_provider.shutdown()
        log.info("worker_stopped", worker_id=queue.worker_id)
