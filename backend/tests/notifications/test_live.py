"""Notifications reach the open pages live, and only once their transaction has committed: a
real server on a real port with a Socket.IO client, as in tests/test_events.py."""

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import structlog
from fastapi import FastAPI
from sqlalchemy import func, select

from carsales.config import Settings
from carsales.db import create_sessionmaker, transaction
from carsales.events import bind_emitter
from carsales.main import create_app
from carsales.models import Notification, NotificationKind, Role
from carsales.notifications.schemas import NOTIFICATION_EVENT, NotificationOut
from carsales.notifications.service import notify
from tests.conftest import TestDealership
from tests.test_events import ThreadedServer, connected, next_event
from tests.wire import conforms


@pytest.fixture
def live_server(dealership: TestDealership, settings: Settings) -> Iterator[ThreadedServer]:
    """The whole app (lifespan included: job worker and scheduler) on the test database, after
    the dealership exists, so the test's tokens are good there."""
    logging_config = structlog.get_config()
    running = ThreadedServer(create_app(settings))
    running.start()
    yield running
    running.stop()
    structlog.configure(**logging_config)


async def test_a_new_assignment_rings_the_assignees_bell_live(
    live_server: ThreadedServer, dealership: TestDealership
) -> None:
    manager, seller = dealership[Role.manager], dealership[Role.salesperson]
    async with connected(live_server.url, {"token": seller.token}) as received:
        async with httpx.AsyncClient(base_url=live_server.url) as http:
            created = await http.post(
                "/api/v1/training/assignments",
                headers=manager.headers,
                json={"scenarioId": "objection-price", "userId": seller.user.id},
            )
        assert created.status_code == 201, created.text
        event, data = await next_event(received)
    assert event == NOTIFICATION_EVENT
    conforms(NotificationOut, data)
    assert data["kind"] == "assignment_new"
    assert data["readAt"] is None


class Pushed:
    """The transport of one process's live events, recorded: what `notify` hands over."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, dict[str, Any]]] = []

    async def __call__(self, user_id: str, event: str, data: dict[str, Any]) -> None:
        self.sent.append((user_id, event, data))


async def test_the_event_follows_the_commit_and_never_a_rollback(
    app: FastAPI, dealership: TestDealership
) -> None:
    pushed = Pushed()
    sessionmaker = create_sessionmaker(app.state.engine)
    bind_emitter(sessionmaker, pushed)
    seller = dealership[Role.salesperson].user
    fields: dict[str, Any] = {
        "dealership_id": dealership.id,
        "user_id": seller.id,
        "kind": NotificationKind.job_finished,
        "title": "Photos ready",
        "body": "3 of 3 photos processed.",
    }

    with pytest.raises(RuntimeError):
        async with transaction(sessionmaker) as db:
            await notify(db, **fields)
            raise RuntimeError("the change failed after the notification was added")
    assert pushed.sent == []

    async with transaction(sessionmaker) as db:
        await notify(db, **fields, link="/images/")
        assert pushed.sent == []  # not before the commit
    [(user_id, event, data)] = pushed.sent
    assert (user_id, event) == (seller.id, NOTIFICATION_EVENT)
    async with sessionmaker() as db:
        row = await db.scalar(select(Notification))
        assert await db.scalar(select(func.count()).select_from(Notification)) == 1
    assert row is not None
    assert data == NotificationOut.model_validate(row).model_dump(mode="json")
    assert data["link"] == "/images/"
