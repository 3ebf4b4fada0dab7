from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.auth.tokens import decode_access_token, token_digest
from carsales.config import Settings
from carsales.kit.time import as_utc, utcnow
from carsales.models import RefreshToken, Role
from tests.auth.conftest import audit_actions, post_with_cookie, refresh_cookie
from tests.conftest import TEST_PASSWORD, TestDealership

REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"


async def _sign_in(client: httpx.AsyncClient, dealership: TestDealership) -> httpx.Response:
    email = dealership[Role.salesperson].user.email
    response = await client.post(
        "/api/v1/auth/login", json={"email": email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    return response


async def _row(db: AsyncSession, token: str) -> RefreshToken:
    row = await db.scalar(
        select(RefreshToken)
        .where(RefreshToken.token_hash == token_digest(token))
        .execution_options(populate_existing=True)
    )
    assert row is not None
    return row


async def test_refresh_rotates_the_token_within_the_session(
    client: httpx.AsyncClient, dealership: TestDealership, db: AsyncSession, settings: Settings
) -> None:
    login = await _sign_in(client, dealership)
    first = refresh_cookie(login)

    response = await post_with_cookie(client, REFRESH, first)

    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"accessToken", "tokenType", "expiresIn", "user"}
    assert body["user"]["id"] == dealership[Role.salesperson].user.id
    second = refresh_cookie(response)
    assert second != first
    old, new = await _row(db, first), await _row(db, second)
    assert old.rotated_at is not None and new.rotated_at is None
    assert new.family_id == old.family_id
    assert decode_access_token(settings, body["accessToken"]).session_id == old.family_id
    assert new.absolute_expires_at == old.absolute_expires_at
    idle = as_utc(new.idle_expires_at) - utcnow()
    assert timedelta(minutes=59) < idle <= timedelta(minutes=60)


async def test_reusing_a_rotated_token_ends_the_whole_session(
    client: httpx.AsyncClient, dealership: TestDealership, db: AsyncSession
) -> None:
    first = refresh_cookie(await _sign_in(client, dealership))
    second = refresh_cookie(await post_with_cookie(client, REFRESH, first))

    replay = await post_with_cookie(client, REFRESH, first)

    assert replay.status_code == 401
    assert replay.json()["code"] == "refresh_token_reused"
    assert "auth.refresh_token_reused" in await audit_actions(db)
    assert (await _row(db, second)).revoked_at is not None
    newest = await post_with_cookie(client, REFRESH, second)
    assert newest.status_code == 401
    assert newest.json()["code"] == "session_expired"


@pytest.mark.parametrize("deadline", ["idle_expires_at", "absolute_expires_at"])
async def test_a_session_past_its_deadline_cannot_be_refreshed(
    client: httpx.AsyncClient, dealership: TestDealership, db: AsyncSession, deadline: str
) -> None:
    token = refresh_cookie(await _sign_in(client, dealership))
    past: dict[str, Any] = {deadline: utcnow() - timedelta(seconds=1)}
    await db.execute(
        update(RefreshToken).where(RefreshToken.token_hash == token_digest(token)).values(past)
    )
    await db.commit()

    response = await post_with_cookie(client, REFRESH, token)

    assert response.status_code == 401
    assert response.json()["code"] == "session_expired"


async def test_refresh_without_a_cookie_is_unauthorised(client: httpx.AsyncClient) -> None:
    client.cookies.clear()
    response = await client.post(REFRESH)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


async def test_logout_ends_the_session_and_clears_the_cookie(
    client: httpx.AsyncClient, dealership: TestDealership, db: AsyncSession
) -> None:
    token = refresh_cookie(await _sign_in(client, dealership))

    response = await post_with_cookie(client, LOGOUT, token)

    assert response.status_code == 204
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("carsales_refresh=") and "max-age=0" in cookie
    assert "path=/api/v1/auth" in cookie
    assert (await post_with_cookie(client, REFRESH, token)).status_code == 401
    assert "auth.logout" in await audit_actions(db)


async def test_logout_without_a_session_still_succeeds(client: httpx.AsyncClient) -> None:
    client.cookies.clear()
    assert (await client.post(LOGOUT)).status_code == 204
    assert (await post_with_cookie(client, LOGOUT, "unknown-token")).status_code == 204
