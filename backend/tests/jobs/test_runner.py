import asyncio
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.jobs import runner as runner_module
from carsales.jobs.lease import Lease, LeaseHeld
from carsales.jobs.runner import JobRunner, RunnerConfig
from carsales.jobs.schemas import JOB_EVENTS, JobEventName
from carsales.kit.time import utcnow
from carsales.models import ItemStatus, JobItem, JobStatus, JobType, ProcessingJob, Role
from carsales.storage import Storage
from tests.conftest import TestDealership
from tests.jobs.conftest import EchoProcessor, png_bytes
from tests.wire import conforms


class Events:
    """Keeps what the runner emits; every event must be a documented one with its payload
    exactly as the model (`JobEvent`) writes it."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, dict[str, Any]]] = []

    async def __call__(self, user_id: str, event: str, data: dict[str, Any]) -> None:
        JobEventName(event)
        conforms(JOB_EVENTS[event], data)
        self.sent.append((user_id, event, data))

    def names(self) -> list[str]:
        return [event for _, event, _ in self.sent]


async def _make_job(app: FastAPI, dealership: TestDealership, photos: int) -> str:
    storage = app.state.storage
    owner = dealership[Role.salesperson].user
    async with app.state.sessionmaker() as session:
        job = ProcessingJob(
            dealership_id=dealership.id,
            owner_id=owner.id,
            job_type=JobType.full_pipeline,
            settings={"suffix": "!"},
        )
        session.add(job)
        await session.flush()
        for position in range(photos):
            key = f"{dealership.id}/jobs/{job.id}/inputs/{position}.png"
            stored = await storage.put_bytes(key, png_bytes(str(position).encode()))
            session.add(
                JobItem(
                    job_id=job.id,
                    position=position,
                    original_name=f"{position}.png",
                    input_key=key,
                    input_sha256=stored.sha256,
                    input_bytes=stored.size,
                )
            )
        await session.commit()
        return job.id


def _runner(app: FastAPI, events: Events, worker: str = "worker-a") -> JobRunner:
    return JobRunner(
        app.state.sessionmaker,
        app.state.storage,
        app.state.job_kinds,
        events,
        RunnerConfig(worker_id=worker, lease_seconds=30, max_attempts=3),
    )


async def _job(app: FastAPI, job_id: str) -> ProcessingJob:
    async with app.state.sessionmaker() as session:
        job: ProcessingJob | None = await session.get(ProcessingJob, job_id)
        assert job is not None
        return job


async def test_runs_every_item_and_reports_progress(
    app: FastAPI, dealership: TestDealership, echo: EchoProcessor
) -> None:
    job_id = await _make_job(app, dealership, photos=3)
    events = Events()
    await _runner(app, events).run(job_id)
    job = await _job(app, job_id)
    assert job.status is JobStatus.completed
    assert job.progress == 100
    assert job.lease_owner is None
    assert [item.status for item in job.items] == [ItemStatus.completed] * 3
    # Per photo: started, prepared, finished.
    assert events.names().count("job.progress") == 9
    assert events.names()[-1] == "job.completed"
    progress = [data["progress"] for _, name, data in events.sent if name == "job.progress"]
    assert progress == sorted(progress) and progress[-1] == 100


async def test_progress_within_an_item_moves_the_bar(
    app: FastAPI,
    dealership: TestDealership,
    echo: EchoProcessor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(runner_module, "ITEM_PROGRESS_INTERVAL_S", 0.0)
    echo.progress_steps = [0.25, 0.5]
    job_id = await _make_job(app, dealership, photos=1)
    events = Events()
    await _runner(app, events).run(job_id)
    progress = [data["progress"] for _, name, data in events.sent if name == "job.progress"]
    # Preparing is 80 % of an item: a quarter of it is 20 %, half is 40 %.
    assert progress == [0, 20, 40, 80, 100]


async def test_the_owning_module_sees_the_end_of_the_job_in_its_transaction(
    app: FastAPI, dealership: TestDealership, echo: EchoProcessor
) -> None:
    seen: list[JobStatus] = []

    async def on_finished(session: AsyncSession, job: ProcessingJob, storage: Storage) -> None:
        seen.append(job.status)
        job.vehicle_ref = "SEEN"

    kinds = app.state.job_kinds
    kinds.register(
        JobType.full_pipeline, replace(kinds.of(JobType.full_pipeline), on_finished=on_finished)
    )
    job_id = await _make_job(app, dealership, photos=1)
    await _runner(app, Events()).run(job_id)
    assert seen == [JobStatus.completed]
    assert (await _job(app, job_id)).vehicle_ref == "SEEN"


async def test_a_second_delivery_of_a_finished_job_does_nothing(
    app: FastAPI, dealership: TestDealership, echo: EchoProcessor
) -> None:
    job_id = await _make_job(app, dealership, photos=2)
    await _runner(app, Events()).run(job_id)
    outputs = [item.output_key for item in (await _job(app, job_id)).items]
    events = Events()
    await _runner(app, events, worker="worker-b").run(job_id)
    assert len(echo.calls) == 2
    assert events.sent == []
    assert [item.output_key for item in (await _job(app, job_id)).items] == outputs


async def test_a_job_left_by_a_dead_worker_is_finished_without_redoing_finished_photos(
    app: FastAPI, dealership: TestDealership, echo: EchoProcessor
) -> None:
    job_id = await _make_job(app, dealership, photos=3)
    await _runner(app, Events(), worker="doomed").run(job_id)
    first_outputs = [item.output_key for item in (await _job(app, job_id)).items]
    async with app.state.sessionmaker() as session:
        # As if "doomed" died after the first photo: its lease lapsed, two photos unfinished.
        await session.execute(
            update(ProcessingJob)
            .where(ProcessingJob.id == job_id)
            .values(
                status=JobStatus.processing,
                lease_owner="doomed",
                completed_at=None,
                lease_expires_at=utcnow() - timedelta(seconds=1),
            )
        )
        await session.execute(
            update(JobItem)
            .where(JobItem.job_id == job_id, JobItem.position > 0)
            .values(status=ItemStatus.processing)
        )
        await session.commit()
    echo.calls.clear()
    await _runner(app, Events(), worker="rescuer").run(job_id)
    job = await _job(app, job_id)
    assert job.status is JobStatus.completed
    assert len(echo.calls) == 2
    # Same deterministic keys: the re-run overwrote, it did not add outputs.
    assert [item.output_key for item in job.items] == first_outputs


async def test_a_job_leased_by_a_live_worker_is_left_alone(
    app: FastAPI, dealership: TestDealership, echo: EchoProcessor
) -> None:
    job_id = await _make_job(app, dealership, photos=1)
    async with app.state.sessionmaker() as session:
        await session.execute(
            update(ProcessingJob)
            .where(ProcessingJob.id == job_id)
            .values(
                status=JobStatus.processing,
                lease_owner="alive",
                lease_expires_at=utcnow() + timedelta(seconds=20),
            )
        )
        await session.commit()
    with pytest.raises(LeaseHeld) as held:
        await _runner(app, Events()).run(job_id)
    assert 1 <= held.value.retry_in_seconds <= 20
    assert echo.calls == []


async def test_gives_up_after_too_many_unfinished_attempts(
    app: FastAPI, dealership: TestDealership, echo: EchoProcessor
) -> None:
    job_id = await _make_job(app, dealership, photos=1)
    async with app.state.sessionmaker() as session:
        await session.execute(
            update(ProcessingJob).where(ProcessingJob.id == job_id).values(attempts=3)
        )
        await session.commit()
    events = Events()
    await _runner(app, events).run(job_id)
    job = await _job(app, job_id)
    assert job.status is JobStatus.failed
    assert "Gave up after 3 attempts" in (job.error or "")
    assert events.names() == ["job.failed"]
    assert echo.calls == []


async def test_a_canceled_job_stops_before_the_next_photo(
    app: FastAPI, dealership: TestDealership, echo: EchoProcessor
) -> None:
    job_id = await _make_job(app, dealership, photos=3)
    runner = _runner(app, Events())
    original = runner._update_item

    async def cancel_after_first(
        lease: Lease, item_id: str, within: float = 0.0, **values: Any
    ) -> None:
        await original(lease, item_id, within, **values)
        if values.get("status") is ItemStatus.prepared:
            async with app.state.sessionmaker() as session:
                await session.execute(
                    update(ProcessingJob)
                    .where(ProcessingJob.id == job_id)
                    .values(status=JobStatus.canceled)
                )
                await session.commit()

    runner._update_item = cancel_after_first  # type: ignore[method-assign]
    await runner.run(job_id)
    job = await _job(app, job_id)
    assert job.status is JobStatus.canceled
    assert [item.status for item in job.items] == [ItemStatus.skipped] * 3
    assert len(echo.calls) == 1


async def test_a_running_worker_keeps_its_lease_past_the_lease_period(
    app: FastAPI, dealership: TestDealership, echo: EchoProcessor
) -> None:
    job_id = await _make_job(app, dealership, photos=1)
    echo.delay = 3.0  # longer than the 2 s lease: only renewal keeps the job
    config = RunnerConfig(worker_id="slow", lease_seconds=2, max_attempts=3)
    slow = JobRunner(
        app.state.sessionmaker, app.state.storage, app.state.job_kinds, Events(), config
    )
    running = asyncio.create_task(slow.run(job_id))
    await asyncio.sleep(2.5)
    with pytest.raises(LeaseHeld):
        await _runner(app, Events(), worker="eager").run(job_id)
    await running
    assert (await _job(app, job_id)).status is JobStatus.completed
    assert len(echo.calls) == 1
