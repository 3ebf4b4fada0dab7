"""Job delivery through Dramatiq (see docs/decisions/0001-task-queue.md).

Embedded mode (no Redis): an in-memory broker and a worker thread inside the app process;
pending jobs survive a restart because the recovery sweep re-sends every unfinished job found
in the database. Scale-out mode: a Redis broker shared by the API (which only enqueues) and any
number of `carsales worker` processes; Dramatiq re-delivers the messages of a worker that died.
"""

import asyncio
import os
import socket
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Protocol

import dramatiq
import redis
import sqlalchemy.exc
import structlog
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from opentelemetry import trace
from sqlalchemy import event, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from carsales.config import Settings
from carsales.db import create_engine, create_sessionmaker
from carsales.errors import lost_database_connection
from carsales.events import EventEmitter, bind_emitter
from carsales.jobs.lease import LeaseHeld
from carsales.jobs.processors import JobKinds
from carsales.jobs.runner import JobRunner, RunnerConfig
from carsales.kit.time import utcnow
from carsales.models import JobStatus, ProcessingJob
from carsales.storage import Storage

log = structlog.get_logger(__name__)
# A span per job run, sent where the process's global tracer provider sends them: nowhere unless
# `carsales worker` runs with tracing on (carsales/tracing.py).
tracer = trace.get_tracer(__name__)
QUEUE_NAME = "jobs"
MAX_DELIVERIES = 10


def is_transient(retries: int, exception: BaseException) -> bool:
    """Retry what a later attempt can fix (I/O, a database or broker hiccup), and not forever."""
    transient = (
        OSError,
        sqlalchemy.exc.OperationalError,
        sqlalchemy.exc.InterfaceError,
        redis.ConnectionError,
        TimeoutError,
    )
    return retries < MAX_DELIVERIES and (
        isinstance(exception, transient) or lost_database_connection(exception)
    )


def create_worker_engine(settings: Settings) -> AsyncEngine:
    """The engine of one job run. On PostgreSQL the server ends a transaction left idle for a
    lease (a worker cut off between a write and its commit), so the job row's lock cannot keep
    the job from the worker that takes over once the lease has lapsed."""
    engine = create_engine(settings)
    if not settings.uses_sqlite:
        limit_ms = settings.job_lease_seconds * 1000

        def limit_idle_transactions(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute(f"SET idle_in_transaction_session_timeout = {limit_ms}")
            cursor.close()

        event.listen(engine.sync_engine, "connect", limit_idle_transactions)
    return engine


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class JobQueue:
    """Sends job ids to workers and, on a worker, runs them."""

    def __init__(
        self,
        settings: Settings,
        broker: dramatiq.Broker,
        storage: Storage,
        kinds: JobKinds,
        emitter_factory: Callable[[], "UserEmitter"],
    ) -> None:
        self.settings = settings
        self.broker = broker
        self.storage = storage
        self.kinds = kinds
        self.emitter_factory = emitter_factory
        self.worker_id = new_worker_id()
        self.actor: dramatiq.Actor[[str], None] = dramatiq.Actor(
            self._perform,
            broker=broker,
            actor_name="run_job",
            queue_name=QUEUE_NAME,
            priority=0,
            options={
                "retry_when": is_transient,
                "min_backoff": 1_000,
                "max_backoff": 60_000,
                "time_limit": settings.job_time_limit_seconds * 1000,
            },
        )

    def enqueue(self, job_id: str, delay_seconds: float | None = None) -> None:
        delay = int(delay_seconds * 1000) if delay_seconds else None
        self.actor.send_with_options(args=(job_id,), delay=delay)

    def _perform(self, job_id: str) -> None:
        """Runs on a Dramatiq worker thread, with an event loop and connections of its own."""
        try:
            with tracer.start_as_current_span("job run", attributes={"carsales.job.id": job_id}):
                asyncio.run(self._run(job_id))
        except LeaseHeld as held:
            # Another worker holds the job; if it died, its lease lapses and we take over.
            self.enqueue(job_id, delay_seconds=held.retry_in_seconds + 1)

    async def _run(self, job_id: str) -> None:
        engine = create_worker_engine(self.settings)
        emitter = self.emitter_factory()
        sessionmaker = create_sessionmaker(engine)
        # What a job's module notifies in its transactions reaches the browser the same way.
        bind_emitter(sessionmaker, emitter.to_user)
        try:
            runner = JobRunner(
                sessionmaker,
                self.storage,
                self.kinds,
                emitter.to_user,
                RunnerConfig(
                    worker_id=self.worker_id,
                    lease_seconds=self.settings.job_lease_seconds,
                    max_attempts=self.settings.job_max_attempts,
                ),
            )
            await runner.run(job_id)
        finally:
            await emitter.aclose()
            await engine.dispose()

    async def recover(self, sessionmaker: Any) -> int:
        """Re-sends every unfinished job whose lease is free or lapsed (lost or stale messages)."""
        async with sessionmaker() as session:
            job_ids = list(
                await session.scalars(
                    select(ProcessingJob.id).where(
                        ProcessingJob.status.in_([JobStatus.pending, JobStatus.processing]),
                        or_(
                            ProcessingJob.lease_expires_at.is_(None),
                            ProcessingJob.lease_expires_at < utcnow(),
                        ),
                        ProcessingJob.updated_at
                        < utcnow() - timedelta(seconds=self.settings.job_lease_seconds),
                    )
                )
            )
        for job_id in job_ids:
            self.enqueue(job_id)
        if job_ids:
            log.info("jobs_recovered", count=len(job_ids))
        return len(job_ids)


def create_broker(settings: Settings) -> dramatiq.Broker:
    if settings.redis_url:
        return RedisBroker(  # type: ignore[no-untyped-call]
            url=settings.redis_url,
            namespace="carsales",
            heartbeat_timeout=settings.job_lease_seconds * 1000,
        )
    return StubBroker()


class UserEmitter(Protocol):
    async def to_user(self, user_id: str, event: str, data: dict[str, Any]) -> None: ...

    async def aclose(self) -> None: ...


class ThreadsafeEmitter:
    """In embedded mode the worker's event loop is not the server's: hop over to it."""

    def __init__(self, loop: asyncio.AbstractEventLoop, emitter: EventEmitter) -> None:
        self.loop = loop
        self.emitter = emitter

    async def to_user(self, user_id: str, event: str, data: dict[str, Any]) -> None:
        coroutine = self.emitter.to_user(user_id, event, data)
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, self.loop))

    async def aclose(self) -> None:
        """The server's emitter belongs to the app, which closes it."""
