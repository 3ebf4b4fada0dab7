"""Rate limits on the public and costly routes besides login (issue 11, defect 6)."""

import asyncio
import secrets
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from carsales.config import Settings
from carsales.kit.ratelimit import MemoryRateLimiter, RedisRateLimiter
from carsales.models import Role
from tests.conftest import TestDealership, require_service

LIMIT = 3
WINDOW = 60
# Each route with the setting that limits it per address, and a request that reaches it.
ROUTES: dict[str, tuple[str, str, str, dict[str, Any]]] = {
    "forgot": ("forgot", "post", "/api/v1/auth/password/forgot", {"email": "a@b.example"}),
    "reset": ("reset", "post", "/api/v1/auth/password/reset", {"token": "x", "password": "y"}),
    "refresh": ("refresh", "post", "/api/v1/auth/refresh", {}),
    "invitation-preview": ("invitation_preview", "get", "/api/v1/auth/invitations/abc", {}),
}


async def _send(http: httpx.AsyncClient, method: str, path: str, body: dict[str, Any]) -> int:
    if method == "get":
        return (await http.get(path)).status_code
    return (await http.post(path, json=body)).status_code


@pytest.mark.parametrize("route", list(ROUTES))
async def test_an_address_is_limited_per_window_with_retry_after(
    client_at: Callable[[str], httpx.AsyncClient],
    configure: Callable[..., Settings],
    route: str,
) -> None:
    rule, method, path, body = ROUTES[route]
    # (The per-address limit of forgot is the test below's.)
    configure(rate_limit_forgot_per_email=100, rate_limit_window_seconds=WINDOW)
    configure(**{f"rate_limit_{rule}_per_ip": LIMIT})
    caller, other = client_at("198.51.100.7"), client_at("198.51.100.8")

    served = [await _send(caller, method, path, body) for _ in range(LIMIT)]
    assert 429 not in served
    response = await (caller.get(path) if method == "get" else caller.post(path, json=body))

    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert 0 < int(response.headers["retry-after"]) <= WINDOW
    assert await _send(other, method, path, body) != 429


async def test_forgot_is_limited_per_e_mail_from_any_address(
    client_at: Callable[[str], httpx.AsyncClient], configure: Callable[..., Settings]
) -> None:
    configure(rate_limit_forgot_per_email=2, rate_limit_forgot_per_ip=100)
    path, body = "/api/v1/auth/password/forgot", {"email": "Someone@Example.com"}
    statuses = [
        (await client_at(f"198.51.100.{n}").post(path, json=body)).status_code for n in range(3)
    ]
    assert statuses == [202, 202, 429]


async def test_training_sessions_are_limited_per_user(
    client: httpx.AsyncClient, dealership: TestDealership, configure: Callable[..., Settings]
) -> None:
    configure(rate_limit_session_create_per_user=2)
    path, body = "/api/v1/sessions", {"sessionType": "pitch"}
    seller, manager = dealership[Role.salesperson], dealership[Role.manager]
    statuses = [
        (await client.post(path, json=body, headers=seller.headers)).status_code for _ in range(3)
    ]
    assert statuses == [201, 201, 429]
    assert (await client.post(path, json=body, headers=manager.headers)).status_code == 201


async def test_the_memory_limiter_opens_a_new_window_when_the_last_ends() -> None:
    limiter = MemoryRateLimiter()
    assert await limiter.hit("k", 1, 1) is None
    assert await limiter.hit("k", 1, 1) == 1
    await asyncio.sleep(1.05)
    assert await limiter.hit("k", 1, 1) is None


async def test_the_redis_limiter_counts_parallel_hits_exactly() -> None:
    limiter = RedisRateLimiter(require_service("CARSALES_TEST_REDIS_URL"))
    key = f"test:{secrets.token_hex(8)}"
    try:
        waits = await asyncio.gather(*(limiter.hit(key, 5, 30) for _ in range(40)))
    finally:
        await limiter.aclose()
    assert waits.count(None) == 5
    assert all(wait is not None and 0 < wait <= 30 for wait in waits if wait is not None)
