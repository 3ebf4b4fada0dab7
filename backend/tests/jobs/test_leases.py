"""Fenced leases: a worker that lost its job (another worker claimed it) writes nothing more, and
a worker cut off from the database keeps renewing until its lease would lapse. The outages are
real: a TCP hop between the worker and PostgreSQL that the test stalls or cuts."""

import asyncio
import contextlib
import sqlite3
import threading
from collections.abc import AsyncIterator, Mapping
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
import structlog
from fastapi import FastAPI
from sqlalchemy import update
from sqlalchemy.engine import make_url

from carsales.config import Settings
from carsales.db import create_sessionmaker
from carsales.jobs.lease import LeaseHeld
from carsales.jobs.processors import JobKinds, Prepared, ReportProgress
from carsales.jobs.queue import create_worker_engine
from carsales.jobs.runner import JobRunner, RunnerConfig
from carsales.kit.time import utcnow
from carsales.models import ItemStatus, JobStatus, JobType, ProcessingJob
from tests.conftest import TestDealership
from tests.jobs.conftest import EchoProcessor
from tests.jobs.test_runner import Events, _job, _make_job, _runner


class GatedProcessor(EchoProcessor):
    """Holds the first photo until the test lets it go, as a long photo would."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.gate = threading.Event()

    def prepare(
        self,
        data: bytes,
        settings: Mapping[str, Any],
        progress: ReportProgress,
        position: int,
    ) -> Prepared:
        self.entered.set()
        assert self.gate.wait(60), "the test never opened the gate"
        return super().prepare(data, settings, progress, position)


def _gated_kinds(app: FastAPI, processor: GatedProcessor) -> JobKinds:
    kinds = JobKinds()
    kinds.register(
        JobType.full_pipeline,
        replace(app.state.job_kinds.of(JobType.full_pipeline), processor=processor),
    )
    return kinds


async def _wait_for(event: threading.Event) -> None:
    for _ in range(200):
        if event.is_set():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the worker never reached the photo")


async def _assert_finished_once(app: FastAPI, job_id: str, events: list[Events]) -> None:
    """One completion, every photo completed (none back to `prepared`), one set of files."""
    job = await _job(app, job_id)
    assert job.status is JobStatus.completed
    assert job.lease_owner is None
    assert [item.status for item in job.items] == [ItemStatus.completed] * len(job.items)
    names = [name for sent in events for name in sent.names()]
    assert names.count("job.completed") == 1
    assert "job.failed" not in names
    keys = await app.state.storage.list_keys(f"{job.dealership_id}/jobs/{job_id}")
    outputs = sorted(key for key in keys if "/outputs/" in key)
    assert outputs == sorted(item.output_key or "" for item in job.items)
    assert not [key for key in keys if "/work/" in key]


async def test_a_worker_whose_job_was_taken_over_writes_nothing_more(
    app: FastAPI, dealership: TestDealership, echo: EchoProcessor
) -> None:
    """The fence alone: the first worker does not know it lost the job (its lease lapsed while
    it was stuck), a second worker claims and finishes it, then the first one wakes up."""
    job_id = await _make_job(app, dealership, photos=3)
    gated = GatedProcessor()
    stuck_events, rescuer_events = Events(), Events()
    stuck = JobRunner(
        app.state.sessionmaker,
        app.state.storage,
        _gated_kinds(app, gated),
        stuck_events,
        RunnerConfig(worker_id="stuck", lease_seconds=60, max_attempts=3),
    )
    running = asyncio.create_task(stuck.run(job_id))
    await _wait_for(gated.entered)
    async with app.state.sessionmaker() as session:
        await session.execute(
            update(ProcessingJob)
            .where(ProcessingJob.id == job_id)
            .values(lease_expires_at=utcnow() - timedelta(seconds=1))
        )
        await session.commit()
    await _runner(app, rescuer_events, worker="rescuer").run(job_id)
    finished = await _job(app, job_id)
    gated.gate.set()
    with structlog.testing.capture_logs() as logs:
        await asyncio.wait_for(running, 10)
    await _assert_finished_once(app, job_id, [stuck_events, rescuer_events])
    again = await _job(app, job_id)
    assert again.completed_at == finished.completed_at
    assert again.attempts == 2
    assert [item.output_key for item in again.items] == [i.output_key for i in finished.items]
    assert len(gated.calls) == 1 and len(echo.calls) == 3
    assert "job.completed" not in stuck_events.names()
    assert [entry["event"] for entry in logs if entry["log_level"] == "warning"] == [
        "job_lease_lost"
    ]


class Hop:
    """A TCP hop on loopback between one worker and PostgreSQL. `stall` holds every byte (a
    network partition: connections stay open, nothing gets through), `cut` closes every
    connection and refuses new ones (the server down), `restore` lets traffic through again."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.flowing = asyncio.Event()
        self.flowing.set()
        self.refusing = False
        self.writers: set[asyncio.StreamWriter] = set()
        self.server: asyncio.Server | None = None

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        port: int = self.server.sockets[0].getsockname()[1]
        return port

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.refusing:
            writer.close()
            return
        await self.flowing.wait()
        upstream_reader, upstream_writer = await asyncio.open_connection(self.host, self.port)
        self.writers |= {writer, upstream_writer}
        await asyncio.gather(
            self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer)
        )

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                await self.flowing.wait()
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self.writers.discard(writer)
            writer.close()

    def stall(self) -> None:
        self.flowing.clear()

    def cut(self) -> None:
        self.refusing = True
        for writer in list(self.writers):
            writer.close()

    def restore(self) -> None:
        self.refusing = False
        self.flowing.set()

    async def close(self) -> None:
        self.restore()
        self.cut()
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()


@pytest.fixture
async def cut_off_worker(
    app: FastAPI, settings: Settings, database_url: str, echo: EchoProcessor
) -> AsyncIterator[tuple[Hop, Settings]]:
    """Settings whose database is reached through a Hop. PostgreSQL only: the PostgreSQL run
    (`pytest -m db` with CARSALES_TEST_DATABASE_URL, as CI does) covers it; SQLite is a file,
    with no connection to cut."""
    if database_url.startswith("sqlite"):
        pytest.skip("a database server to cut off: runs in the PostgreSQL run (pytest -m db)")
    url = make_url(database_url)
    hop = Hop(url.host or "127.0.0.1", url.port or 5432)
    port = await hop.start()
    proxied = url.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
    yield hop, settings.model_copy(update={"database_url": proxied})
    await hop.close()


async def _cut_off_runner(
    app: FastAPI, settings: Settings, kinds: JobKinds, events: Events, lease_seconds: int
) -> tuple[JobRunner, Any]:
    engine = create_worker_engine(settings.model_copy(update={"job_lease_seconds": lease_seconds}))
    runner = JobRunner(
        create_sessionmaker(engine),
        app.state.storage,
        kinds,
        events,
        RunnerConfig(worker_id="cut-off", lease_seconds=lease_seconds, max_attempts=3),
    )
    return runner, engine


async def test_an_outage_shorter_than_the_lease_does_not_lose_the_job(
    app: FastAPI, dealership: TestDealership, cut_off_worker: tuple[Hop, Settings]
) -> None:
    """The database refuses the worker for 2.5 s of a 6 s lease: renewal fails, retries with
    backoff and gets through, so no other worker may claim the job meanwhile."""
    hop, proxied = cut_off_worker
    job_id = await _make_job(app, dealership, photos=2)
    gated = GatedProcessor()
    events = Events()
    worker, engine = await _cut_off_runner(app, proxied, _gated_kinds(app, gated), events, 6)
    try:
        with structlog.testing.capture_logs() as logs:
            running = asyncio.create_task(worker.run(job_id))
            await _wait_for(gated.entered)
            hop.cut()
            await asyncio.sleep(2.5)
            hop.restore()
            await asyncio.sleep(5.0)  # past the lease the worker had before the outage
            with pytest.raises(LeaseHeld):
                await _runner(app, Events(), worker="eager").run(job_id)
            gated.gate.set()
            await asyncio.wait_for(running, 20)
    finally:
        gated.gate.set()
        await engine.dispose()
    failures = [entry for entry in logs if entry["event"] == "job_lease_renewal_failed"]
    assert len(failures) >= 2, logs  # retried, not given up after the first failed write
    await _assert_finished_once(app, job_id, [events])
    assert (await _job(app, job_id)).attempts == 1


async def test_a_worker_cut_off_longer_than_its_lease_stops_and_the_job_finishes_once(
    app: FastAPI,
    dealership: TestDealership,
    echo: EchoProcessor,
    cut_off_worker: tuple[Hop, Settings],
) -> None:
    """The probe's scenario: the database unreachable for longer than the lease during one long
    photo. Another worker claims the job and finishes it; when the database comes back, the
    first worker must not put a photo back to `prepared` nor finish the job a second time."""
    hop, proxied = cut_off_worker
    job_id = await _make_job(app, dealership, photos=3)
    gated = GatedProcessor()
    cut_off_events, rescuer_events = Events(), Events()
    worker, engine = await _cut_off_runner(
        app, proxied, _gated_kinds(app, gated), cut_off_events, 3
    )
    try:
        with structlog.testing.capture_logs() as logs:
            running = asyncio.create_task(worker.run(job_id))
            await _wait_for(gated.entered)
            hop.stall()
            await asyncio.sleep(4.0)  # the 3 s lease lapses
            await _runner(app, rescuer_events, worker="rescuer").run(job_id)
            finished = await _job(app, job_id)
            hop.restore()
            gated.gate.set()
            await asyncio.wait_for(running, 20)
    finally:
        gated.gate.set()
        await engine.dispose()
    await _assert_finished_once(app, job_id, [cut_off_events, rescuer_events])
    again = await _job(app, job_id)
    assert again.completed_at == finished.completed_at
    assert again.attempts == 2
    assert len(gated.calls) == 1 and len(echo.calls) == 3
    events = [entry["event"] for entry in logs]
    assert "job_lease_renewal_failed" in events and "job_lease_lost" in events, logs


async def test_a_transaction_left_open_by_a_cut_off_worker_does_not_block_the_takeover(
    app: FastAPI,
    dealership: TestDealership,
    echo: EchoProcessor,
    cut_off_worker: tuple[Hop, Settings],
) -> None:
    """Cut off between a write and its commit, a worker leaves the job row locked; the server
    ends that transaction after a lease, so the worker taking over is not blocked for good."""
    hop, proxied = cut_off_worker
    job_id = await _make_job(app, dealership, photos=1)
    engine = create_worker_engine(proxied.model_copy(update={"job_lease_seconds": 2}))
    session = create_sessionmaker(engine)()
    try:
        await session.execute(
            update(ProcessingJob)
            .where(ProcessingJob.id == job_id)
            .values(
                status=JobStatus.processing,
                lease_owner="cut-off#0",
                lease_expires_at=utcnow() + timedelta(seconds=2),
            )
        )
        hop.stall()  # before the commit: the row stays locked on the server
        await asyncio.sleep(2.5)
        await asyncio.wait_for(_runner(app, Events(), worker="rescuer").run(job_id), 15)
    finally:
        hop.restore()
        with contextlib.suppress(Exception):
            await session.close()
        await engine.dispose()
    job = await _job(app, job_id)
    assert job.status is JobStatus.completed and len(echo.calls) == 1


async def test_on_sqlite_a_worker_locked_out_longer_than_its_lease_stops(
    app: FastAPI, dealership: TestDealership, echo: EchoProcessor, database_url: str
) -> None:
    """SQLite's outage: another process holds the database's write lock past the lease. The
    worker's renewals fail until the lease lapses, it stops, and the job is finished once by
    the worker that claims it after the lock is gone."""
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's write lock: runs in the SQLite run")
    job_id = await _make_job(app, dealership, photos=2)
    gated = GatedProcessor()
    locked_out_events, rescuer_events = Events(), Events()
    worker = JobRunner(
        app.state.sessionmaker,
        app.state.storage,
        _gated_kinds(app, gated),
        locked_out_events,
        RunnerConfig(worker_id="locked-out", lease_seconds=3, max_attempts=3),
    )
    lock = sqlite3.connect(make_url(database_url).database or "", isolation_level=None)
    try:
        with structlog.testing.capture_logs() as logs:
            running = asyncio.create_task(worker.run(job_id))
            await _wait_for(gated.entered)
            lock.execute("BEGIN EXCLUSIVE")
            await asyncio.sleep(3.5)  # the 3 s lease lapses
            lock.execute("ROLLBACK")
            # A renewal abandoned while locked may still land now, for one more lease.
            await asyncio.sleep(1.0)
            await _runner(app, rescuer_events, worker="rescuer").run(job_id)
            gated.gate.set()
            await asyncio.wait_for(running, 20)
    finally:
        gated.gate.set()
        lock.close()
    await _assert_finished_once(app, job_id, [locked_out_events, rescuer_events])
    assert (await _job(app, job_id)).attempts == 2
    events = [entry["event"] for entry in logs]
    assert "job_lease_renewal_failed" in events and "job_lease_lost" in events, logs
