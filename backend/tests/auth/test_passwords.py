import asyncio
import os
import threading
from collections.abc import Callable
from datetime import timedelta

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.auth import passwords
from carsales.config import Settings
from carsales.kit import background
from carsales.kit.time import utcnow
from carsales.models import ActionToken, Role
from tests.auth.conftest import (
    Mailbox,
    audit_actions,
    link_in,
    post_with_cookie,
    refresh_cookie,
)
from tests.conftest import TEST_PASSWORD, TestDealership

LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
CHANGE = "/api/v1/users/me/password"
FORGOT = "/api/v1/auth/password/forgot"
RESET = "/api/v1/auth/password/reset"
NEW_PASSWORD = "Fresh-Paint-Pickup-47"


async def _login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(LOGIN, json={"email": email, "password": password})


async def test_changing_the_password_ends_the_other_sessions_only(
    client: httpx.AsyncClient, dealership: TestDealership, db: AsyncSession
) -> None:
    email = dealership[Role.salesperson].user.email
    here = await _login(client, email, TEST_PASSWORD)
    there = await _login(client, email, TEST_PASSWORD)
    headers = {"Authorization": f"Bearer {here.json()['accessToken']}"}

    async def change(current: str, new: str) -> httpx.Response:
        body = {"currentPassword": current, "newPassword": new}
        return await client.post(CHANGE, headers=headers, json=body)

    wrong = await change("nope-nope", NEW_PASSWORD)
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "wrong_password"
    weak = await change(TEST_PASSWORD, "password1")
    assert weak.status_code == 400
    assert weak.json()["code"] == "weak_password"
    assert (await change(TEST_PASSWORD, NEW_PASSWORD)).status_code == 204

    assert (await post_with_cookie(client, REFRESH, refresh_cookie(here))).status_code == 200
    assert (await post_with_cookie(client, REFRESH, refresh_cookie(there))).status_code == 401
    assert (await _login(client, email, TEST_PASSWORD)).status_code == 401
    assert (await _login(client, email, NEW_PASSWORD)).status_code == 200
    assert "auth.password_changed" in await audit_actions(db)


async def test_password_reset_through_the_e_mailed_link(
    client: httpx.AsyncClient, dealership: TestDealership, db: AsyncSession, mailbox: Mailbox
) -> None:
    user = dealership[Role.salesperson].user
    session = await _login(client, user.email, TEST_PASSWORD)
    # An unknown address gets the same answer and no mail: the first mail is the second request's.
    assert (await client.post(FORGOT, json={"email": "nobody@nowhere.example"})).status_code == 202
    assert (await client.post(FORGOT, json={"email": user.email.upper()})).status_code == 202

    [message] = await mailbox.wait_for(1)
    assert message["To"] == user.email
    token = link_in(message, "/reset-password")

    weak = await client.post(RESET, json={"token": token, "password": "password1"})
    assert weak.status_code == 400
    assert weak.json()["code"] == "weak_password"
    done = await client.post(RESET, json={"token": token, "password": NEW_PASSWORD})
    assert done.status_code == 204

    again = await client.post(RESET, json={"token": token, "password": "Another-Good-One-58"})
    assert again.status_code == 400
    assert again.json()["code"] == "invalid_token"
    assert (await post_with_cookie(client, REFRESH, refresh_cookie(session))).status_code == 401
    assert (await _login(client, user.email, NEW_PASSWORD)).status_code == 200
    actions = await audit_actions(db)
    assert "auth.password_reset_requested" in actions
    assert "auth.password_reset_completed" in actions


async def test_an_expired_reset_link_is_refused(
    client: httpx.AsyncClient, dealership: TestDealership, db: AsyncSession, mailbox: Mailbox
) -> None:
    email = dealership[Role.salesperson].user.email
    await client.post(FORGOT, json={"email": email})
    token = link_in((await mailbox.wait_for(1))[0], "/reset-password")
    await db.execute(update(ActionToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    await db.commit()

    response = await client.post(RESET, json={"token": token, "password": NEW_PASSWORD})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_token"


async def test_at_most_three_reset_links_are_live_per_account(
    client: httpx.AsyncClient,
    dealership: TestDealership,
    db: AsyncSession,
    configure: Callable[..., Settings],
) -> None:
    configure(rate_limit_forgot_per_email=100)  # the cap, not the rate limit, is tested here
    email = dealership[Role.salesperson].user.email
    for _ in range(5):
        assert (await client.post(FORGOT, json={"email": email})).status_code == 202
    await background.drain()  # the links are made after the answer
    assert await db.scalar(select(func.count()).select_from(ActionToken)) == 3


async def test_hashing_threads_run_at_a_lower_cpu_priority_than_the_event_loop() -> None:
    def priority() -> int:  # Linux: a thread's own nice value
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    hashing = await asyncio.get_running_loop().run_in_executor(passwords._pool, priority)
    assert hashing == min(19, priority() + passwords.HASHING_NICENESS)
