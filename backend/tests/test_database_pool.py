"""PostgreSQL's connection pool pings a connection only when it has been idle a while
(`db.PING_IDLE_AFTER_S`): one cut while idle is replaced unseen; one cut moments after its last
use fails that one request with 503 and Retry-After, and the next request is served."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from carsales import db
from carsales.config import Settings
from carsales.main import create_fastapi

SIGN_IN = {"email": "nobody@example.com", "password": "Not-the-password-1"}


@pytest.fixture
async def pg_app(settings: Settings, database_url: str, _migrated: None) -> AsyncIterator[FastAPI]:
    """An app with a pool of its own, so cutting its connections disturbs no other test."""
    if database_url.startswith("sqlite"):
        pytest.skip("a server connection to cut: runs in the PostgreSQL run (pytest -m db)")
    app = create_fastapi(settings)
    yield app
    await app.state.engine.dispose()


async def _sign_in(app: FastAPI) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        return await http.post("/api/v1/auth/login", json=SIGN_IN)


async def _cut_pooled_connection(engine: AsyncEngine) -> None:
    """Ends the pool's connection from the server's side, as a restart would."""
    async with engine.connect() as connection:  # the one connection the pool holds
        pid = await connection.scalar(text("SELECT pg_backend_pid()"))
    outside = create_async_engine(engine.url, poolclass=NullPool)
    try:
        async with outside.connect() as other:
            assert await other.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        await outside.dispose()


async def test_a_connection_cut_while_idle_is_replaced_unseen(
    pg_app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (await _sign_in(pg_app)).status_code == 401
    await _cut_pooled_connection(pg_app.state.engine)
    monkeypatch.setattr(db, "PING_IDLE_AFTER_S", 0.0)  # every pooled connection counts as idle
    response = await _sign_in(pg_app)
    assert response.status_code == 401, response.text


async def test_a_connection_cut_right_after_use_fails_one_request_with_503(
    pg_app: FastAPI,
) -> None:
    assert (await _sign_in(pg_app)).status_code == 401
    await _cut_pooled_connection(pg_app.state.engine)
    failed = await _sign_in(pg_app)  # not pinged: used moments ago
    assert failed.status_code == 503, failed.text
    assert (failed.json()["code"], failed.headers["retry-after"]) == ("service_unavailable", "5")
    # The pool dropped the cut connection (and any as old): the next request is served.
    response = await _sign_in(pg_app)
    assert response.status_code == 401, response.text
