"""Finished jobs and their files are deleted once their retention period is over."""

import asyncio
import contextlib
from datetime import datetime, timedelta

from fastapi import FastAPI
from sqlalchemy import select

from carsales.jobs.runtime import sweep_forever
from carsales.jobs.service import delete_expired
from carsales.kit.time import utcnow
from carsales.models import JobItem, JobStatus, JobType, ProcessingJob, Role
from carsales.storage import Storage
from tests.conftest import TestDealership
from tests.jobs.conftest import png_bytes


async def _job(
    app: FastAPI,
    dealership: TestDealership,
    status: JobStatus,
    ended_days_ago: float,
    job_type: JobType = JobType.background_removal,
    stamp_completion: bool = True,
) -> tuple[str, list[str]]:
    """A job that ended that many days ago (by its completion time, or only by its last change
    when `stamp_completion` is false), with an input and an output file; its id and file keys."""
    storage: Storage = app.state.storage
    ended: datetime = utcnow() - timedelta(days=ended_days_ago)
    async with app.state.sessionmaker() as session:
        job = ProcessingJob(
            dealership_id=dealership.id,
            owner_id=dealership[Role.salesperson].user.id,
            job_type=job_type,
            status=status,
            settings={},
            created_at=ended - timedelta(minutes=5),
            updated_at=ended,
            completed_at=ended if stamp_completion else None,
        )
        session.add(job)
        await session.flush()
        prefix = f"{dealership.id}/jobs/{job.id}"
        keys = [f"{prefix}/inputs/000-a.png", f"{prefix}/outputs/000-a.png"]
        for key in keys:
            await storage.put_bytes(key, png_bytes())
        session.add(JobItem(job_id=job.id, position=0, original_name="a.png", input_key=keys[0]))
        await session.commit()
        return job.id, keys


async def _exists(app: FastAPI, job_id: str) -> bool:
    async with app.state.sessionmaker() as session:
        return await session.get(ProcessingJob, job_id) is not None


async def _files_exist(app: FastAPI, keys: list[str]) -> list[bool]:
    return [await app.state.storage.exists(key) for key in keys]


async def test_old_finished_jobs_and_their_files_go_young_and_unfinished_ones_stay(
    app: FastAPI, dealership: TestDealership
) -> None:
    old_done, old_done_files = await _job(app, dealership, JobStatus.completed, 31)
    old_failed, _ = await _job(app, dealership, JobStatus.failed, 40)
    # Canceled before any worker took it: no completion time, its last change is its end.
    old_canceled, _ = await _job(app, dealership, JobStatus.canceled, 45, stamp_completion=False)
    young, young_files = await _job(app, dealership, JobStatus.completed, 29)
    old_pending, old_pending_files = await _job(
        app, dealership, JobStatus.pending, 60, stamp_completion=False
    )
    old_running, _ = await _job(app, dealership, JobStatus.processing, 60)
    # A training session's analysis lives as long as the session that shows it.
    speech, _ = await _job(app, dealership, JobStatus.completed, 90, JobType.speech_analysis)

    deleted = await delete_expired(
        app.state.sessionmaker, app.state.storage, app.state.job_kinds, 30
    )

    assert deleted == 3
    for gone in (old_done, old_failed, old_canceled):
        assert not await _exists(app, gone)
    assert await _files_exist(app, old_done_files) == [False, False]
    async with app.state.sessionmaker() as session:
        assert await session.scalar(select(JobItem).where(JobItem.job_id == old_done)) is None
    for kept in (young, old_pending, old_running, speech):
        assert await _exists(app, kept)
    assert await _files_exist(app, young_files) == [True, True]
    assert await _files_exist(app, old_pending_files) == [True, True]


async def test_zero_days_keeps_every_job(app: FastAPI, dealership: TestDealership) -> None:
    ancient, files = await _job(app, dealership, JobStatus.completed, 3650)
    assert (
        await delete_expired(app.state.sessionmaker, app.state.storage, app.state.job_kinds, 0) == 0
    )
    assert await _exists(app, ancient)
    assert await _files_exist(app, files) == [True, True]


async def test_works_through_many_jobs_in_batches(app: FastAPI, dealership: TestDealership) -> None:
    old = [(await _job(app, dealership, JobStatus.completed, 100 + n))[0] for n in range(5)]
    young, _ = await _job(app, dealership, JobStatus.completed, 1)
    deleted = await delete_expired(
        app.state.sessionmaker, app.state.storage, app.state.job_kinds, 30, batch_size=2
    )
    assert deleted == 5
    assert [await _exists(app, job_id) for job_id in old] == [False] * 5
    assert await _exists(app, young)


async def test_the_periodic_sweep_deletes_expired_jobs(
    app: FastAPI, dealership: TestDealership
) -> None:
    assert app.state.settings.job_retention_days == 30  # the default
    old, files = await _job(app, dealership, JobStatus.completed, 31)
    sweeper = asyncio.create_task(
        sweep_forever(app.state.job_queue, app.state.sessionmaker, interval=0.05)
    )
    try:
        for _ in range(100):
            if not await _exists(app, old):
                break
            await asyncio.sleep(0.05)
    finally:
        sweeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sweeper
    assert not await _exists(app, old)
    assert await _files_exist(app, files) == [False, False]
