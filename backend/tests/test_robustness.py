"""Answers that used to be 500s (issue 11, defect 8): huge offsets, an unreachable database,
and times without a zone on SQLite."""

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.config import Settings
from carsales.main import create_fastapi
from carsales.models import LoginFailure, Role
from tests.conftest import TestDealership

LISTS = [
    "/api/v1/users",
    "/api/v1/audit",
    "/api/v1/jobs",
    "/api/v1/sessions",
    "/api/v1/vehicles",
    "/api/v1/training/assignments",
]


@pytest.mark.parametrize("path", LISTS)
async def test_an_offset_past_64_bits_is_a_validation_error(
    client: httpx.AsyncClient, dealership: TestDealership, path: str
) -> None:
    headers = dealership[Role.admin].headers
    response = await client.get(path, params={"offset": 2**63}, headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "validation_error"


@pytest.mark.parametrize("database", ["postgresql", "sqlite"])
async def test_an_unreachable_database_answers_503_with_retry_after(
    settings: Settings, tmp_path: Path, database: str
) -> None:
    url = {
        # Nothing listens on port 9 (discard); asyncpg's connection is refused.
        "postgresql": "postgresql+asyncpg://carsales@127.0.0.1:9/carsales",
        # A folder where the database file should be: SQLite cannot open it.
        "sqlite": f"sqlite+aiosqlite:///{tmp_path}",
    }[database]
    app = create_fastapi(settings.model_copy(update={"database_url": url}))
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            response = await http.post(
                "/api/v1/auth/login", json={"email": "a@b.example", "password": "whatever1"}
            )
    finally:
        await app.state.engine.dispose()
    assert response.status_code == 503, response.text
    assert response.json()["code"] == "service_unavailable"
    assert int(response.headers["retry-after"]) > 0


async def test_times_read_back_carry_their_zone(db: AsyncSession) -> None:
    # Written in another zone: stored as the same instant, read back in UTC, on every database.
    written = datetime(2026, 3, 1, 14, 30, tzinfo=timezone(timedelta(hours=-5)))
    db.add(LoginFailure(email="tz@example.com", ip="192.0.2.1", created_at=written))
    await db.commit()
    db.expunge_all()

    read = await db.scalar(select(LoginFailure.created_at))

    assert read is not None
    assert read.utcoffset() == timedelta(0)
    assert read == written
    assert read == datetime(2026, 3, 1, 19, 30, tzinfo=UTC)
