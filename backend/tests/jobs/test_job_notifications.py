"""The end of a photo job rings its owner's bell (imaging's finish hook), and the live event
leaves once the job's final transaction has committed."""

from dataclasses import replace
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from carsales.db import create_sessionmaker
from carsales.events import bind_emitter
from carsales.imaging.tasks import job_ended
from carsales.jobs.runner import JobRunner, RunnerConfig
from carsales.models import JobType, Notification, NotificationKind, Role
from carsales.notifications.schemas import NOTIFICATION_EVENT
from tests.conftest import TestDealership
from tests.jobs.conftest import EchoProcessor, png_bytes
from tests.jobs.test_runner import Events, _make_job


@pytest.mark.parametrize(
    ("payload", "kind", "title"),
    [
        (None, NotificationKind.job_finished, "Photos ready"),
        (b"corrupt", NotificationKind.job_failed, "Photo job failed"),
    ],
)
async def test_the_owner_is_notified_when_a_photo_job_ends(
    app: FastAPI,
    dealership: TestDealership,
    echo: EchoProcessor,
    payload: bytes | None,
    kind: NotificationKind,
    title: str,
) -> None:
    kinds = app.state.job_kinds
    kinds.register(
        JobType.full_pipeline, replace(kinds.of(JobType.full_pipeline), on_finished=job_ended)
    )
    job_id = await _make_job(app, dealership, photos=2)
    if payload is not None:
        for position in range(2):
            key = f"{dealership.id}/jobs/{job_id}/inputs/{position}.png"
            await app.state.storage.put_bytes(key, png_bytes(payload))
    pushed: list[tuple[str, str, dict[str, Any]]] = []

    async def push(user_id: str, event: str, data: dict[str, Any]) -> None:
        pushed.append((user_id, event, data))

    sessionmaker = create_sessionmaker(app.state.engine)
    bind_emitter(sessionmaker, push)
    runner = JobRunner(
        sessionmaker,
        app.state.storage,
        kinds,
        Events(),
        RunnerConfig(worker_id="worker-a", lease_seconds=30, max_attempts=3),
    )
    await runner.run(job_id)

    owner = dealership[Role.salesperson].user
    async with app.state.sessionmaker() as db:
        [row] = (await db.scalars(select(Notification))).all()
    assert (row.user_id, row.kind, row.title, row.link) == (owner.id, kind, title, "/images/")
    assert [(user_id, event) for user_id, event, _ in pushed] == [(owner.id, NOTIFICATION_EVENT)]
    assert pushed[0][2]["id"] == row.id
