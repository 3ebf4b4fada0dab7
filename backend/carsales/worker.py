"""The wiring of jobs: which modules' job kinds an app or a `carsales worker` process runs. It
lives at the root because it names the feature modules; `jobs/` stays generic and never imports
them."""

import asyncio
import signal

import structlog

from carsales.ai.cache import model_cache
from carsales.config import Settings
from carsales.db import create_engine, create_sessionmaker
from carsales.events import EventEmitter
from carsales.jobs.processors import JobKinds
from carsales.jobs.queue import JobQueue, create_broker
from carsales.jobs.runtime import start_worker, sweep_forever
from carsales.storage import Storage, create_storage

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


def run_worker_process(settings: Settings, threads: int) -> None:
    """`carsales worker`: consume jobs from Redis until SIGTERM or SIGINT, then finish the
    current images' bookkeeping and stop; unfinished jobs go back to the queue."""
    if not settings.redis_url:
        raise SystemExit(
            "carsales worker needs CARSALES_REDIS_URL: without Redis the app runs jobs itself."
        )
    model_cache.set_idle_unload(settings.model_idle_unload_s)
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
