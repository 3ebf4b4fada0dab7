"""A session ended through one API process closes its sockets on every other one, at once, with
no event from the socket (issue 11, defect 4): two app instances share the test database and a
real Redis, as two `carsales serve` processes behind a proxy do.

Only where a Redis server is given (always in CI)."""

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import httpx
import pytest
import socketio
import structlog
from redis.asyncio import Redis

from carsales.auth.session_relay import CHANNEL
from carsales.config import Settings
from carsales.main import create_app
from carsales.models import Role
from tests.auth.conftest import REFRESH_COOKIE, refresh_cookie
from tests.conftest import TEST_PASSWORD, TestDealership, exclusive_redis
from tests.test_events import WAIT_SECONDS, ThreadedServer

CLOSED_WITHIN_SECONDS = 2.0


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with exclusive_redis(tmp_path_factory) as url:
        yield url


@pytest.fixture(scope="module")
def instances(
    settings: Settings, _migrated: None, redis_url: str
) -> Iterator[tuple[ThreadedServer, ThreadedServer]]:
    """Instances A and B, subscribed to the ended-sessions channel."""
    configured = settings.model_copy(update={"redis_url": redis_url})
    logging_config = structlog.get_config()  # create_app configures logging for a process
    servers = ThreadedServer(create_app(configured)), ThreadedServer(create_app(configured))
    try:
        for server in servers:
            server.start()
        asyncio.run(_wait_for_subscribers(redis_url, len(servers)))
        yield servers
    finally:
        for server in servers:
            server.stop()
        structlog.configure(**logging_config)


async def _wait_for_subscribers(redis_url: str, count: int) -> None:
    redis = Redis.from_url(redis_url)
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            [(_channel, subscribers)] = await redis.pubsub_numsub(CHANNEL)
            if subscribers >= count:
                return
            await asyncio.sleep(0.05)
        pytest.fail("the instances never subscribed to the ended-sessions channel")
    finally:
        await redis.aclose()


async def _sign_in(url: str, email: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=url) as http:
        response = await http.post(
            "/api/v1/auth/login", json={"email": email, "password": TEST_PASSWORD}
        )
    assert response.status_code == 200, response.text
    return response


@asynccontextmanager
async def _socket(url: str, token: str) -> AsyncIterator[asyncio.Event]:
    """A connected client that sends nothing; yields the event set when the server drops it."""
    client = socketio.AsyncClient(reconnection=False)
    closed = asyncio.Event()
    client.on("disconnect", lambda *_: closed.set())
    await client.connect(url, auth={"token": token}, transports=["websocket"], wait_timeout=10)
    try:
        yield closed
    finally:
        await client.disconnect()


async def test_logout_on_one_instance_closes_that_sessions_socket_on_the_other(
    instances: tuple[ThreadedServer, ThreadedServer], dealership: TestDealership
) -> None:
    a, b = instances
    email = dealership[Role.salesperson].user.email
    ending, staying = await _sign_in(a.url, email), await _sign_in(a.url, email)
    async with (
        _socket(b.url, ending.json()["accessToken"]) as ended_closed,
        _socket(b.url, staying.json()["accessToken"]) as other_closed,
    ):
        async with httpx.AsyncClient(base_url=a.url) as http:
            logout = await http.post(
                "/api/v1/auth/logout",
                headers={"Cookie": f"{REFRESH_COOKIE}={refresh_cookie(ending)}"},
            )
        assert logout.status_code == 204, logout.text

        await asyncio.wait_for(ended_closed.wait(), CLOSED_WITHIN_SECONDS)
        # The notice names one session: the user's other sign-in keeps its socket.
        assert not other_closed.is_set()


async def test_deactivation_on_one_instance_closes_the_users_sockets_on_the_other(
    instances: tuple[ThreadedServer, ThreadedServer], dealership: TestDealership
) -> None:
    a, b = instances
    sales = dealership[Role.salesperson].user
    signed_in = await _sign_in(a.url, sales.email)
    async with _socket(b.url, signed_in.json()["accessToken"]) as closed:
        admin = await _sign_in(a.url, dealership[Role.admin].user.email)
        async with httpx.AsyncClient(base_url=a.url) as http:
            response = await http.post(
                f"/api/v1/users/{sales.id}/deactivate",
                headers={"Authorization": f"Bearer {admin.json()['accessToken']}"},
            )
        assert response.status_code == 200, response.text

        await asyncio.wait_for(closed.wait(), CLOSED_WITHIN_SECONDS)
