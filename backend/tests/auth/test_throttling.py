from collections.abc import Callable
from datetime import timedelta

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.config import Settings
from carsales.kit.time import utcnow
from carsales.models import LoginFailure, Role
from tests.auth.conftest import audit_actions
from tests.conftest import TEST_PASSWORD, TestDealership

LOGIN = "/api/v1/auth/login"


async def test_too_many_failures_on_an_account_block_it_from_every_address(
    client_at: Callable[[str], httpx.AsyncClient],
    dealership: TestDealership,
    configure: Callable[..., Settings],
    db: AsyncSession,
) -> None:
    configure(login_max_failures_per_account=3, login_max_failures_per_ip=100)
    email = dealership[Role.admin].user.email
    attacker, owner = client_at("198.51.100.1"), client_at("198.51.100.2")
    for _ in range(3):
        response = await attacker.post(LOGIN, json={"email": email, "password": "guess-guess"})
        assert response.status_code == 401

    blocked = await attacker.post(LOGIN, json={"email": email, "password": "guess-guess"})
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "too_many_attempts"
    assert 0 < int(blocked.headers["retry-after"]) <= 900
    # The right password does not get through either, from anywhere, while the block lasts.
    right = await owner.post(LOGIN, json={"email": email, "password": TEST_PASSWORD})
    assert right.status_code == 429
    assert (await audit_actions(db)).count("auth.login_throttled") == 2
    # Throttled attempts are not failures themselves, or the block would never end.
    assert await db.scalar(select(func.count()).select_from(LoginFailure)) == 3

    await db.execute(update(LoginFailure).values(created_at=utcnow() - timedelta(seconds=901)))
    await db.commit()
    response = await owner.post(LOGIN, json={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 200
    remaining = select(func.count()).select_from(LoginFailure).where(LoginFailure.email == email)
    assert await db.scalar(remaining) == 0


async def test_retry_after_is_when_the_oldest_counted_failure_leaves_the_window(
    client: httpx.AsyncClient,
    dealership: TestDealership,
    configure: Callable[..., Settings],
    db: AsyncSession,
) -> None:
    configure(login_max_failures_per_account=3, login_failure_window_seconds=900)
    email = dealership[Role.admin].user.email
    now = utcnow()
    db.add_all(
        LoginFailure(email=email, ip="192.0.2.9", created_at=now - timedelta(seconds=age))
        for age in (2000, 100, 50, 10)  # the first is outside the window and does not count
    )
    await db.commit()

    response = await client.post(LOGIN, json={"email": email, "password": TEST_PASSWORD})

    assert response.status_code == 429
    assert 795 <= int(response.headers["retry-after"]) <= 800


async def test_too_many_failures_from_an_address_block_that_address_only(
    client_at: Callable[[str], httpx.AsyncClient],
    dealership: TestDealership,
    configure: Callable[..., Settings],
) -> None:
    configure(login_max_failures_per_account=100, login_max_failures_per_ip=3)
    email = dealership[Role.admin].user.email
    attacker, elsewhere = client_at("198.51.100.1"), client_at("198.51.100.2")
    for index in range(3):
        guess = {"email": f"user{index}@nowhere.example", "password": "guess-guess"}
        assert (await attacker.post(LOGIN, json=guess)).status_code == 401

    blocked = await attacker.post(LOGIN, json={"email": email, "password": TEST_PASSWORD})
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "too_many_attempts"
    assert "retry-after" in blocked.headers
    allowed = await elsewhere.post(LOGIN, json={"email": email, "password": TEST_PASSWORD})
    assert allowed.status_code == 200
