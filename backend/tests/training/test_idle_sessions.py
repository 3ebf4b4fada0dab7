"""Idle sessions: a live session without audio for `training_idle_minutes` is ended by the
scheduler as if stopped, its recording kept and its analysis queued; exactly once, however many
processes sweep."""

import asyncio
from datetime import datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.db import create_engine, create_sessionmaker, transaction
from carsales.kit.time import utcnow
from carsales.models import ProcessingJob, Role, SessionStatus, TrainingSession
from carsales.notifications.scheduler import Tick
from carsales.training.recording import part_key, recording_key, store_part
from carsales.training.sessions.idle import IDLE_TASK, end_idle_sessions
from carsales.training.sessions.repository import SessionRepository
from carsales.training.speech.audio import wav_bytes
from carsales.worker import register_scheduled_tasks
from tests.conftest import TestDealership
from tests.training.test_sessions_api import SESSIONS, record_live, start


async def sweep(app: FastAPI, now: datetime, sent: list[str], worker: str = "worker-a") -> int:
    tick = Tick(app.state.sessionmaker, now, worker)
    return await end_idle_sessions(tick, app.state.settings, app.state.storage, sent.append)


async def read(db: AsyncSession, session_id: str) -> TrainingSession:
    row = await db.scalar(
        select(TrainingSession)
        .where(TrainingSession.id == session_id)
        .execution_options(populate_existing=True)
    )
    assert row is not None
    return row


async def test_an_idle_session_ends_with_its_recording_analysed(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    idle = await start(client, seller, scenarioId="closing-summary")
    pcm = await record_live(app, db, idle["id"], 1.5)
    # Paused and left: the tab was closed while paused.
    paused = await start(client, seller)
    await record_live(app, db, paused["id"], 0.5)
    assert (
        await client.post(f"{SESSIONS}/{paused['id']}/pause", headers=seller.headers)
    ).is_success
    started = (await read(db, idle["id"])).started_at
    minutes = app.state.settings.training_idle_minutes

    sent: list[str] = []
    # Not yet: silent for less than the timeout.
    assert await sweep(app, started + timedelta(minutes=minutes - 1), sent) == 0
    assert (await read(db, idle["id"])).status is SessionStatus.active

    assert await sweep(app, started + timedelta(minutes=minutes + 1), sent) == 2
    row = await read(db, idle["id"])
    assert row.status is SessionStatus.completed
    assert row.ended_at is not None
    assert row.duration_s == 1.5
    assert await app.state.storage.get_bytes(recording_key(row)) == wav_bytes(pcm)
    assert not await app.state.storage.exists(part_key(row, 0))
    assert row.analysis_job is not None
    assert row.analysis_job.status == "pending"
    # The paused one too, with its analysis sent to the queue like the other's.
    assert set(sent) == {row.analysis_job.id, (await read(db, paused["id"])).analysis_job_id}

    # The owner sees it ended, with its analysis on the way, as if they had pressed stop.
    report = (await client.get(f"{SESSIONS}/{idle['id']}", headers=seller.headers)).json()
    assert (report["status"], report["hasAudio"]) == ("completed", True)
    assert report["analysis"]["jobId"] == row.analysis_job.id
    assert await sweep(app, started + timedelta(minutes=minutes + 2), sent) == 0  # once only


async def test_audio_keeps_a_session_open_and_silence_ends_it_empty(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    talking = await start(client, seller)
    started = (await read(db, talking["id"])).started_at
    minutes = app.state.settings.training_idle_minutes
    later = started + timedelta(minutes=minutes * 3)
    # The live handler's count of a part stamps the session's last audio.
    await store_part(app.state.storage, await read(db, talking["id"]), 0, bytes(32000))
    async with transaction(app.state.sessionmaker) as session:
        counted = await SessionRepository(session, dealership.id).count_live_part(
            talking["id"], 0, 1.0
        )
    assert counted == 1.0
    heard = (await read(db, talking["id"])).last_audio_at
    assert heard is not None and heard >= started
    silent = await start(client, seller)  # started, then nothing was ever said

    sent: list[str] = []
    assert await sweep(app, heard + timedelta(minutes=minutes - 1), sent) == 0
    assert await sweep(app, later, sent) == 2
    empty = await read(db, silent["id"])
    assert empty.status is SessionStatus.completed
    assert empty.ended_at is not None
    # Nothing to keep or analyse.
    assert (empty.audio_key, empty.analysis_job_id) == (None, None)
    assert len(sent) == 1


async def test_of_two_processes_sweeping_at_once_one_ends_the_session(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    session = await start(client, dealership[Role.salesperson])
    await record_live(app, db, session["id"], 1.0)
    now = utcnow() + timedelta(minutes=app.state.settings.training_idle_minutes + 1)
    engines = [create_engine(app.state.settings) for _ in range(2)]
    sent: list[str] = []
    try:
        ended = await asyncio.gather(
            *(
                end_idle_sessions(
                    Tick(create_sessionmaker(engine), now, name),
                    app.state.settings,
                    app.state.storage,
                    sent.append,
                )
                for engine, name in zip(engines, ("worker-a", "worker-b"), strict=True)
            )
        )
    finally:
        for engine in engines:
            await engine.dispose()
    assert sorted(ended) == [0, 1]
    assert len(sent) == 1
    jobs = await db.scalar(select(func.count()).select_from(ProcessingJob))
    assert jobs == 1


async def test_a_session_over_the_audio_quota_waits_for_the_next_sweep(
    app: FastAPI,
    client: httpx.AsyncClient,
    db: AsyncSession,
    dealership: TestDealership,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = await start(client, dealership[Role.salesperson])
    await record_live(app, db, session["id"], 90.0)  # a minute and a half of audio
    now = utcnow() + timedelta(minutes=app.state.settings.training_idle_minutes + 1)
    monkeypatch.setattr(app.state.settings, "quota_audio_minutes_in_flight", 1)
    sent: list[str] = []
    assert await sweep(app, now, sent) == 0
    row = await read(db, session["id"])
    assert (row.status, row.audio_key, sent) == (SessionStatus.active, None, [])
    assert await app.state.storage.exists(part_key(row, 0))  # nothing lost

    monkeypatch.setattr(app.state.settings, "quota_audio_minutes_in_flight", 180)
    assert await sweep(app, now, sent) == 1
    assert (await read(db, session["id"])).status is SessionStatus.completed
    assert len(sent) == 1


def test_every_job_running_process_sweeps_idle_sessions(app: FastAPI) -> None:
    tasks = register_scheduled_tasks(app.state.settings, app.state.job_queue)
    assert IDLE_TASK in {task.name for task in tasks}
