"""A session that ends stops working at once: access tokens, open sockets and their events
(issue 11, defect 4); a socket event without a payload is refused and acknowledged (defect 8)."""

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import socketio
import structlog
from sqlalchemy import update

from carsales.auth import dependencies
from carsales.config import Settings
from carsales.db import create_engine, create_sessionmaker
from carsales.dealerships import provisioning
from carsales.main import create_app
from carsales.migrate import upgrade
from carsales.models import RefreshToken, Role
from tests.auth.conftest import refresh_cookie
from tests.conftest import TEST_PASSWORD, TestDealership
from tests.test_events import WAIT_SECONDS, ThreadedServer

ME = "/api/v1/users/me"
LOGIN = "/api/v1/auth/login"


async def _sign_in(client: httpx.AsyncClient, email: str) -> httpx.Response:
    response = await client.post(LOGIN, json={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 200, response.text
    return response


def _bearer(response: httpx.Response) -> dict[str, str]:
    return {"Authorization": f"Bearer {response.json()['accessToken']}"}


async def test_an_access_token_stops_working_right_after_logout(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    signed_in = await _sign_in(client, dealership[Role.salesperson].user.email)
    headers = _bearer(signed_in)
    assert (await client.get(ME, headers=headers)).status_code == 200

    logout = await client.post(
        "/api/v1/auth/logout", headers={"Cookie": f"carsales_refresh={refresh_cookie(signed_in)}"}
    )
    assert logout.status_code == 204

    assert (await client.get(ME, headers=headers)).status_code == 401


async def test_a_password_change_ends_the_other_sessions_access_tokens(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    email = dealership[Role.salesperson].user.email
    laptop, phone = await _sign_in(client, email), await _sign_in(client, email)
    changed = await client.post(
        "/api/v1/users/me/password",
        headers=_bearer(laptop),
        json={"currentPassword": TEST_PASSWORD, "newPassword": "Another-Long-Passphrase-42"},
    )
    assert changed.status_code == 204, changed.text

    assert (await client.get(ME, headers=_bearer(laptop))).status_code == 200
    assert (await client.get(ME, headers=_bearer(phone))).status_code == 401


@dataclass
class Live:
    settings: Settings
    server: ThreadedServer
    admin: str
    sales: str
    sales_id: str


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    data_dir = tmp_path_factory.mktemp("session-end")
    settings = Settings(
        env="test", data_dir=data_dir, database_url="", frontend_dir=data_dir / "none"
    )
    upgrade(settings.database_url)

    async def provision() -> tuple[str, str, str]:
        engine = create_engine(settings)
        try:
            async with create_sessionmaker(engine)() as session:
                north = await provisioning.create_dealership(session, "North Motors")
                admin = await provisioning.create_user(
                    session, north, "admin@north.example", TEST_PASSWORD, Role.admin
                )
                sales = await provisioning.create_user(
                    session, north, "sales@north.example", TEST_PASSWORD, Role.salesperson
                )
                await session.commit()
                return admin.email, sales.email, sales.id
        finally:
            await engine.dispose()

    admin, sales, sales_id = asyncio.run(provision())
    logging_config = structlog.get_config()
    server = ThreadedServer(create_app(settings))
    server.start()
    yield Live(settings, server, admin, sales, sales_id)
    server.stop()
    structlog.configure(**logging_config)


@asynccontextmanager
async def _socket(live: Live, email: str) -> AsyncIterator[tuple[socketio.AsyncClient, Any]]:
    async with httpx.AsyncClient(base_url=live.server.url) as http:
        token = (await _sign_in(http, email)).json()["accessToken"]
    client = socketio.AsyncClient(reconnection=False)
    ended = asyncio.Event()
    client.on("disconnect", lambda *_: ended.set())
    await client.connect(
        live.server.url, auth={"token": token}, transports=["websocket"], wait_timeout=10
    )
    try:
        yield client, ended
    finally:
        await client.disconnect()


async def test_a_socket_is_disconnected_when_its_user_is_deactivated(live: Live) -> None:
    async with (
        httpx.AsyncClient(base_url=live.server.url) as http,
        _socket(live, live.sales) as (_client, ended),
    ):
        admin = _bearer(await _sign_in(http, live.admin))
        response = await http.post(f"/api/v1/users/{live.sales_id}/deactivate", headers=admin)
        assert response.status_code == 200, response.text
        await asyncio.wait_for(ended.wait(), WAIT_SECONDS)
        await http.post(f"/api/v1/users/{live.sales_id}/reactivate", headers=admin)


async def test_an_event_of_a_session_ended_elsewhere_is_refused(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another process ended the session: this one learns it at the socket's next event.
    monkeypatch.setattr(dependencies, "SOCKET_RECHECK_SECONDS", 0.0)
    async with _socket(live, live.sales) as (client, ended):
        engine = create_engine(live.settings)
        async with create_sessionmaker(engine)() as session:
            await session.execute(update(RefreshToken).values(revoked_at=RefreshToken.created_at))
            await session.commit()
        await engine.dispose()

        await client.emit("training.audio", {"sessionId": "x", "seq": 0, "audio": b"\0\0"})
        await asyncio.wait_for(ended.wait(), WAIT_SECONDS)


async def test_an_audio_event_without_a_payload_is_refused_and_acknowledged(live: Live) -> None:
    async with _socket(live, live.sales) as (client, _ended):
        ack = await client.call("training.audio", timeout=WAIT_SECONDS)
        assert ack["ok"] is False, ack
        assert ack["error"] == "invalid", ack
