"""The real-time channel end to end: a real server on a real port, Socket.IO clients, real tokens.

The in-memory tests run the ASGI app under uvicorn in a thread of this process, so they can emit
through the app's own EventEmitter. The Redis tests run `carsales serve` in a subprocess and emit
from yet another process, as a worker on another machine would.
"""

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Coroutine, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import socketio
import structlog
import uvicorn
from pydantic import SecretStr
from redis.asyncio import Redis

from carsales.auth.tokens import AccessClaims, issue_access_token
from carsales.config import Settings
from carsales.db import create_engine, create_sessionmaker
from carsales.dealerships import provisioning
from carsales.events import CHANNEL, EventEmitter
from carsales.main import create_app
from carsales.migrate import upgrade
from carsales.models import Role, User
from tests.conftest import TEST_PASSWORD, exclusive_redis, live_session_row

T = TypeVar("T")
Received = asyncio.Queue[tuple[str, Any]]
WAIT_SECONDS = 10
DEV_FRONTEND = "http://localhost:3000"

EMIT_SCRIPT = """
import asyncio, sys
from carsales.events import EventEmitter

async def main() -> None:
    emitter = EventEmitter.external(sys.argv[1])
    try:
        await emitter.to_user(sys.argv[2], "job.progress", {"progress": 40})
        await emitter.to_user(sys.argv[3], "barrier", {})
    finally:
        await emitter.aclose()

asyncio.run(main())
"""


@dataclass
class Realtime:
    settings: Settings
    north_sales: User
    north_admin: User
    south_sales: User
    inactive: User

    def token(self, user: User, secret_key: str | None = None) -> str:
        claims = AccessClaims(user.id, user.dealership_id, user.role, session_id="socket-test")
        settings = self.settings
        if secret_key is not None:
            settings = settings.model_copy(update={"secret_key": SecretStr(secret_key)})
        return issue_access_token(settings, claims)


@pytest.fixture(scope="module")
def realtime(tmp_path_factory: pytest.TempPathFactory) -> Realtime:
    """A migrated SQLite data dir with two dealerships, shared by this module's servers."""
    data_dir = tmp_path_factory.mktemp("realtime")
    settings = Settings(
        env="test",
        data_dir=data_dir,
        database_url="",
        redis_url=None,
        frontend_dir=data_dir / "no-frontend",
        cors_origins=[DEV_FRONTEND],
    )
    upgrade(settings.database_url)

    async def provision() -> Realtime:
        engine = create_engine(settings)
        try:
            async with create_sessionmaker(engine)() as session:
                north = await provisioning.create_dealership(session, "North Motors")
                south = await provisioning.create_dealership(session, "South Cars")

                async def user(dealer: Any, email: str, role: Role) -> User:
                    return await provisioning.create_user(
                        session, dealer, email, TEST_PASSWORD, role
                    )

                result = Realtime(
                    settings=settings,
                    north_sales=await user(north, "sales@north.example", Role.salesperson),
                    north_admin=await user(north, "admin@north.example", Role.admin),
                    south_sales=await user(south, "sales@south.example", Role.salesperson),
                    inactive=await user(north, "gone@north.example", Role.salesperson),
                )
                result.inactive.is_active = False
                session.add_all(
                    live_session_row(user, "socket-test")
                    for user in (
                        result.north_sales,
                        result.north_admin,
                        result.south_sales,
                        result.inactive,
                    )
                )
                await session.commit()
                return result
        finally:
            await engine.dispose()

    return asyncio.run(provision())


class ThreadedServer:
    """uvicorn on its own event loop in a thread; `call` runs a coroutine on that loop."""

    def __init__(self, app: Any) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self.app = app
        self._server = uvicorn.Server(uvicorn.Config(app, log_config=None, lifespan="on"))
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=asyncio.run, args=(self._serve(),), daemon=True)

    async def _serve(self) -> None:
        # asyncio.run, as uvicorn itself uses, cancels the tasks still pending at the end
        # (engine.io's pings and its service task) instead of leaving them to be destroyed.
        self._loop = asyncio.get_running_loop()
        await self._server.serve(sockets=[self._socket])

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + WAIT_SECONDS
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                pytest.fail("the test server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(WAIT_SECONDS)

    async def call(self, work: Coroutine[Any, Any, T]) -> T:
        assert self._loop is not None, "the server is not started"
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work, self._loop))


@pytest.fixture(scope="module")
def server(realtime: Realtime) -> Iterator[ThreadedServer]:
    # create_app configures logging for a real process; the other test modules keep theirs.
    logging_config = structlog.get_config()
    running = ThreadedServer(create_app(realtime.settings))
    running.start()
    yield running
    running.stop()
    structlog.configure(**logging_config)


class Refused(Exception):
    """The server refused the connection; args[0] is the reason it gave."""


@asynccontextmanager
async def connected(
    url: str, auth: dict[str, str] | None, headers: dict[str, str] | None = None
) -> AsyncIterator[Received]:
    """A connected Socket.IO client; yields the queue of (event, data) it receives."""
    client = socketio.AsyncClient(reconnection=False)
    received: Received = asyncio.Queue()
    refusals: list[Any] = []

    async def any_event(event: str, data: Any) -> None:
        received.put_nowait((event, data))

    async def connect_error(data: Any) -> None:
        refusals.append(data)

    client.on("*", any_event)
    client.on("connect_error", connect_error)

    try:
        await client.connect(
            url,
            auth=auth,
            headers=headers or {},
            transports=["websocket"],
            wait_timeout=WAIT_SECONDS,
        )
    except socketio.exceptions.ConnectionError as exc:
        raise Refused(refusals[0] if refusals else str(exc)) from exc
    try:
        yield received
    finally:
        await client.disconnect()


async def next_event(received: Received) -> tuple[str, Any]:
    return await asyncio.wait_for(received.get(), WAIT_SECONDS)


async def test_connection_without_a_token_is_refused(server: ThreadedServer) -> None:
    with pytest.raises(Refused) as refused:
        async with connected(server.url, auth=None):
            pass
    assert refused.value.args[0] == {"message": "unauthorized"}


@pytest.mark.parametrize("case", ["garbage", "wrong-key", "inactive-user"])
async def test_connection_with_an_invalid_token_is_refused(
    server: ThreadedServer, realtime: Realtime, case: str
) -> None:
    tokens = {
        "garbage": "not-a-jwt",
        "wrong-key": realtime.token(realtime.north_sales, secret_key="x" * 48),
        "inactive-user": realtime.token(realtime.inactive),
    }
    with pytest.raises(Refused) as refused:
        async with connected(server.url, auth={"token": tokens[case]}):
            pass
    assert refused.value.args[0] == {"message": "unauthorized"}


@pytest.mark.parametrize(
    ("headers", "accepted"),
    [
        ({}, True),  # not a browser: no Origin header
        ({"Origin": "SERVER"}, True),
        ({"Origin": DEV_FRONTEND}, True),  # configured CORS origins are added to same-origin
        # Behind a TLS proxy: the origin is the public one the proxy forwards.
        (
            {
                "Origin": "https://cars.example",
                "X-Forwarded-Proto": "https",
                "X-Forwarded-Host": "cars.example",
            },
            True,
        ),
        ({"Origin": "https://evil.example"}, False),
    ],
    ids=["no-origin", "same-origin", "cors-origin", "behind-tls-proxy", "foreign-origin"],
)
async def test_browsers_connect_from_allowed_origins_only(
    server: ThreadedServer, realtime: Realtime, headers: dict[str, str], accepted: bool
) -> None:
    headers = {name: server.url if value == "SERVER" else value for name, value in headers.items()}
    auth = {"token": realtime.token(realtime.north_sales)}
    if accepted:
        async with connected(server.url, auth, headers):
            pass
    else:
        with pytest.raises(Refused):
            async with connected(server.url, auth, headers):
                pass


async def test_events_reach_their_room_and_no_other(
    server: ThreadedServer, realtime: Realtime
) -> None:
    events: EventEmitter = server.app.fastapi.state.events
    north_id, south_id = realtime.north_sales.dealership_id, realtime.south_sales.dealership_id

    def auth(user: User) -> dict[str, str]:
        return {"token": realtime.token(user)}

    async with (
        connected(server.url, auth(realtime.north_sales)) as north_sales,
        connected(server.url, auth(realtime.north_admin)) as north_admin,
        connected(server.url, auth(realtime.south_sales)) as south_sales,
    ):
        await server.call(events.to_user(realtime.north_sales.id, "job.progress", {"p": 40}))
        await server.call(events.to_dealership(north_id, "notice", {"to": north_id}))
        await server.call(events.to_dealership(south_id, "notice", {"to": south_id}))

        # One connection delivers in emit order, so a client whose first event is a later one
        # never received the earlier ones: no sleeps needed to prove an absence.
        assert await next_event(north_sales) == ("job.progress", {"p": 40})
        assert await next_event(north_sales) == ("notice", {"to": north_id})
        assert await next_event(north_admin) == ("notice", {"to": north_id})
        assert await next_event(south_sales) == ("notice", {"to": south_id})


# Redis mode: only where a Redis server is given (always in CI).


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with exclusive_redis(tmp_path_factory) as url:
        yield url


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def redis_server(
    realtime: Realtime, redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """`carsales serve` in its own process, sharing events through Redis."""
    workdir = tmp_path_factory.mktemp("redis-server")
    settings = realtime.settings
    # Only what is set here configures the server, not the developer's own CARSALES_* values.
    env = {key: value for key, value in os.environ.items() if not key.startswith("CARSALES_")}
    env.update(
        CARSALES_ENV="test",
        CARSALES_DATA_DIR=str(settings.data_dir),
        CARSALES_FRONTEND_DIR=str(settings.frontend_dir),
        CARSALES_REDIS_URL=redis_url,
        CARSALES_SECRET_KEY=settings.secret_key.get_secret_value(),
    )
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = workdir / "server.log"
    command = [str(Path(sys.executable).with_name("carsales")), "serve", "--port", str(port)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, env=env, cwd=workdir, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"carsales serve did not start:\n{log_path.read_text()}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _wait_for_subscriber(redis_url: str) -> None:
    """The server subscribes to the channel after its first connection, asynchronously."""
    redis = Redis.from_url(redis_url)
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            [(_channel, subscribers)] = await redis.pubsub_numsub(CHANNEL)
            if subscribers:
                return
            await asyncio.sleep(0.05)
        pytest.fail("the server never subscribed to the Redis channel")
    finally:
        await redis.aclose()


async def test_ready_reports_redis(redis_server: str) -> None:
    async with httpx.AsyncClient() as http:
        response = await http.get(f"{redis_server}/api/v1/ready")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok", "storage": "ok"}


async def test_event_from_another_process_reaches_the_client(
    redis_server: str, redis_url: str, realtime: Realtime
) -> None:
    north, south = realtime.north_sales, realtime.south_sales
    async with (
        connected(redis_server, {"token": realtime.token(north)}) as north_events,
        connected(redis_server, {"token": realtime.token(south)}) as south_events,
    ):
        await _wait_for_subscriber(redis_url)
        emitter = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            EMIT_SCRIPT,
            redis_url,
            north.id,
            south.id,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await asyncio.wait_for(emitter.communicate(), 60)
        assert emitter.returncode == 0, output.decode()

        assert await next_event(north_events) == ("job.progress", {"progress": 40})
        # Published in order on one channel: the south client's first event is the barrier.
        assert await next_event(south_events) == ("barrier", {})
