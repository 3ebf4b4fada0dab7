"""Shared fixtures: an app on SQLite (or PostgreSQL when CARSALES_TEST_DATABASE_URL is set),
a clean database for every test, HTTP clients and ready-made dealerships with one user per role.
"""

import asyncio
import fcntl
import os
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import dramatiq
import httpx
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import delete, make_url, text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from carsales.auth import passwords
from carsales.auth.tokens import new_opaque_token
from carsales.config import Settings
from carsales.dealerships import provisioning
from carsales.kit.time import utcnow
from carsales.main import create_fastapi
from carsales.migrate import upgrade
from carsales.models import Base, RefreshToken, Role, User

TEST_PASSWORD = "Correct-Horse-Battery-9"
IN_CI = bool(os.environ.get("CI"))


def require_service(env_var: str) -> str:
    """The URL of a test service; skipped locally when unset, a failure in CI."""
    value = os.environ.get(env_var)
    if not value:
        if IN_CI:
            pytest.fail(f"{env_var} must be set in CI")
        pytest.skip(f"{env_var} is not set")
    return value


_redis_held = 0  # how many fixtures of this process hold the Redis lock


@contextmanager
def exclusive_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The test Redis server's URL, for tests that no other test may share it with meanwhile.

    Redis's pub/sub channels are shared by all its database numbers, and these tests count a
    channel's subscribers (their servers must have subscribed before they publish): under
    pytest-xdist, a server of another worker's test would be counted. So they take turns, through
    a lock file in the temporary folder that the workers of one run share."""
    global _redis_held
    url = require_service("CARSALES_TEST_REDIS_URL")
    if _redis_held:  # a module's fixture already holds it for this process
        _redis_held += 1
        try:
            yield url
        finally:
            _redis_held -= 1
        return
    base = tmp_path_factory.getbasetemp()
    folder = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    with (folder / "redis.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _redis_held = 1
        try:
            yield url
        finally:
            _redis_held = 0
            fcntl.flock(lock, fcntl.LOCK_UN)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "db: uses the test database (PostgreSQL when CARSALES_TEST_DATABASE_URL is set)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks `db` every test that reaches the test database (the `database_url` fixture, through
    `app`, `db`, `client`, `dealership`...), so `pytest -m db` is the PostgreSQL run and a new
    suite joins it without a list to keep."""
    for item in items:
        if "database_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing() -> None:
    """argon2id's production cost (~0.1 s a hash) would dominate the suite's run time."""
    passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A SQLite file in the session's temporary folder (one per pytest-xdist worker), or the
    PostgreSQL database CARSALES_TEST_DATABASE_URL names; under pytest-xdist each worker gets a
    database of its own next to it (`<name>_gw0`...), created here and dropped at the end."""
    url = os.environ.get("CARSALES_TEST_DATABASE_URL")
    if not url:
        yield f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        yield url
        return
    name = f"{make_url(url).database}_{worker}"
    _run_as_admin(
        url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'
    )
    yield make_url(url).set(database=name).render_as_string(hide_password=False)
    _run_as_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run_as_admin(url: str, *statements: str) -> None:
    """Statements outside a transaction (CREATE/DROP DATABASE), on the database `url` names."""

    async def run() -> None:
        engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                for statement in statements:
                    await conn.execute(text(statement))
        finally:
            await engine.dispose()

    asyncio.run(run())


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Settings:
    data_dir: Path = tmp_path_factory.mktemp("data")
    return Settings(
        env="test",
        data_dir=data_dir,
        database_url=database_url,
        redis_url=None,
        frontend_dir=data_dir / "no-frontend",
        # The installed models (`make models`), shared with the app and the CLI.
        model_dir=Settings().model_dir,
        smtp_host=None,
        # Small enough that the limit tests stay fast.
        upload_max_file_bytes=1024 * 1024,
        upload_max_files=12,
        log_json=True,
    )


@pytest.fixture(scope="session")
def _migrated(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        _drop_everything(database_url)
    upgrade(database_url)


def _drop_everything(url: str) -> None:
    async def drop() -> None:
        engine = create_async_engine(url)
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await engine.dispose()

    asyncio.run(drop())


@pytest.fixture(scope="session")
async def app(settings: Settings, _migrated: None) -> AsyncIterator[FastAPI]:
    application = create_fastapi(settings)
    yield application
    await application.state.engine.dispose()


@pytest.fixture(autouse=True)
async def _clean_database(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    yield
    if "app" not in request.fixturenames:
        return
    application: FastAPI = request.getfixturevalue("app")
    # Rate-limit counters start afresh with each test, like the data.
    application.state.rate_limiter = None
    async with application.state.sessionmaker() as session:
        for table in reversed(Base.metadata.sorted_tables):
            await session.execute(delete(table))
        await session.commit()


@pytest.fixture
async def db(app: FastAPI) -> AsyncIterator[AsyncSession]:
    """A session for arranging and checking data directly; commit what the app must see."""
    async with app.state.sessionmaker() as session:
        yield session


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.10", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@dataclass
class Member:
    user: User
    password: str
    token: str = ""

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class TestDealership:
    __test__ = False  # a fixture's value, not a test class

    id: str
    name: str
    members: dict[Role, Member] = field(default_factory=dict)

    def __getitem__(self, role: Role) -> Member:
        return self.members[role]


def live_session_row(user: User, family_id: str) -> RefreshToken:
    """A live sign-in session for tokens made in a test (`AccessClaims(session_id=family_id)`):
    access tokens are only accepted while their session lives."""
    now = utcnow()
    return RefreshToken(
        user_id=user.id,
        family_id=family_id,
        token_hash=new_opaque_token()[1],
        idle_expires_at=now + timedelta(hours=12),
        absolute_expires_at=now + timedelta(hours=12),
    )


async def login(client: httpx.AsyncClient, email: str, password: str) -> str:
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["accessToken"]
    return token


async def make_dealership(app: FastAPI, client: httpx.AsyncClient, name: str) -> TestDealership:
    """A dealership with an admin, a manager and a salesperson reporting to that manager."""
    async with app.state.sessionmaker() as session:
        dealership = await provisioning.create_dealership(session, name)
        slug = dealership.slug
        admin = await provisioning.create_user(
            session, dealership, f"admin@{slug}.example", TEST_PASSWORD, Role.admin, "Ada", "Admin"
        )
        manager = await provisioning.create_user(
            session,
            dealership,
            f"manager@{slug}.example",
            TEST_PASSWORD,
            Role.manager,
            "Max",
            "Mgr",
        )
        sales = await provisioning.create_user(
            session,
            dealership,
            f"sales@{slug}.example",
            TEST_PASSWORD,
            Role.salesperson,
            "Sal",
            "Person",
            manager_id=manager.id,
        )
        await session.commit()
    result = TestDealership(id=dealership.id, name=name)
    for user in (admin, manager, sales):
        member = Member(user=user, password=TEST_PASSWORD)
        member.token = await login(client, user.email, TEST_PASSWORD)
        result.members[user.role] = member
    return result


@pytest.fixture
async def dealership(app: FastAPI, client: httpx.AsyncClient) -> TestDealership:
    return await make_dealership(app, client, "North Motors")


@pytest.fixture
async def other_dealership(app: FastAPI, client: httpx.AsyncClient) -> TestDealership:
    return await make_dealership(app, client, "South Cars")


@pytest.fixture
async def job_worker(app: FastAPI) -> AsyncIterator[dramatiq.Worker]:
    app.state.loop = asyncio.get_running_loop()
    # Idle threads wake every 50 ms instead of every second, so stopping the worker after each
    # test takes a tick, not the 1.9 s it took with dramatiq's default.
    worker = dramatiq.Worker(app.state.job_queue.broker, worker_threads=1, worker_timeout=50)
    worker.start()
    yield worker
    await asyncio.to_thread(worker.stop)
    app.state.job_queue.broker.flush_all()


async def wait_until_finished(
    client: httpx.AsyncClient, job_id: str, headers: dict[str, str], within: float = 20
) -> dict[str, Any]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        response = await client.get(f"/api/v1/jobs/{job_id}", headers=headers)
        body: dict[str, Any] = response.json()
        if body["status"] in ("completed", "failed", "canceled"):
            return body
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {body}")
