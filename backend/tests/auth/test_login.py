import re
from collections.abc import Callable

import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.auth import passwords, service
from carsales.auth.tokens import decode_access_token
from carsales.config import Settings
from carsales.models import LoginFailure, RefreshToken, Role, User
from tests.auth.conftest import audit_actions, refresh_cookie
from tests.conftest import TEST_PASSWORD, TestDealership

LOGIN = "/api/v1/auth/login"


async def test_login_returns_an_access_token_the_user_and_a_refresh_cookie(
    client: httpx.AsyncClient, dealership: TestDealership, db: AsyncSession, settings: Settings
) -> None:
    sales = dealership[Role.salesperson].user
    response = await client.post(
        LOGIN, json={"email": " SALES@North-Motors.example ", "password": TEST_PASSWORD}
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "authenticated"
    assert body["tokenType"] == "bearer"
    assert body["expiresIn"] == 15 * 60
    user = body["user"]
    assert user["id"] == sales.id
    assert user["email"] == sales.email
    assert user["role"] == "salesperson"
    assert user["isActive"] is True
    assert user["dealershipId"] == dealership.id
    assert user["managerId"] == dealership[Role.manager].user.id
    assert user["profile"] == {"firstName": "Sal", "lastName": "Person", "phone": ""}
    assert user["preferences"] == {"language": "en", "theme": "system", "notifications": True}
    assert user["twoFactorEnabled"] is False
    assert user["lastLoginAt"].endswith("Z")

    cookie = response.headers["set-cookie"].lower()
    for attribute in ("httponly", "samesite=strict", "path=/api/v1/auth"):
        assert attribute in cookie
    assert "secure" not in cookie
    max_age = re.search(r"max-age=(\d+)", cookie)
    assert max_age is not None
    assert 12 * 3600 - 5 <= int(max_age.group(1)) <= 12 * 3600

    claims = decode_access_token(settings, body["accessToken"])
    row = await db.scalar(select(RefreshToken).where(RefreshToken.family_id == claims.session_id))
    assert row is not None and row.user_id == sales.id
    assert row.token_hash != refresh_cookie(response)
    assert "auth.login_succeeded" in await audit_actions(db)


async def test_cookie_is_secure_behind_tls(
    client: httpx.AsyncClient, dealership: TestDealership, configure: Callable[..., Settings]
) -> None:
    configure(behind_tls=True)
    email = dealership[Role.admin].user.email
    response = await client.post(LOGIN, json={"email": email, "password": TEST_PASSWORD})
    assert "secure" in response.headers["set-cookie"].lower()


async def test_wrong_password_and_unknown_email_answer_alike(
    client: httpx.AsyncClient,
    dealership: TestDealership,
    db: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked: list[str | None] = []

    async def spy(password_hash: str | None, password: str) -> bool:
        checked.append(password_hash)
        return await passwords.verify_password_off_loop(password_hash, password)

    monkeypatch.setattr(service, "verify_password_off_loop", spy)
    admin = dealership[Role.admin].user
    wrong = await client.post(LOGIN, json={"email": admin.email, "password": "not-the-password"})
    unknown = await client.post(LOGIN, json={"email": "nobody@nowhere.example", "password": "x"})

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "invalid_credentials"
    # The unknown e-mail was still checked, against the dummy hash, so it takes as long.
    assert checked == [admin.password_hash, None]
    assert await db.scalar(select(LoginFailure.id).where(LoginFailure.email == admin.email))
    assert (await audit_actions(db)).count("auth.login_failed") == 2


async def test_deactivated_user_cannot_sign_in(
    client: httpx.AsyncClient, dealership: TestDealership, db: AsyncSession
) -> None:
    admin = dealership[Role.admin].user
    await db.execute(update(User).where(User.id == admin.id).values(is_active=False))
    await db.commit()
    response = await client.post(LOGIN, json={"email": admin.email, "password": TEST_PASSWORD})
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert "set-cookie" not in response.headers


async def test_outdated_password_hash_is_upgraded_at_login(
    client: httpx.AsyncClient, dealership: TestDealership, db: AsyncSession
) -> None:
    admin = dealership[Role.admin].user
    weak = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash(TEST_PASSWORD)
    await db.execute(update(User).where(User.id == admin.id).values(password_hash=weak))
    await db.commit()

    response = await client.post(LOGIN, json={"email": admin.email, "password": TEST_PASSWORD})

    assert response.status_code == 200
    stored = await db.scalar(
        select(User.password_hash)
        .where(User.id == admin.id)
        .execution_options(populate_existing=True)
    )
    assert stored is not None and stored != weak
    assert not passwords.needs_rehash(stored)
    assert passwords.verify_password(stored, TEST_PASSWORD)
