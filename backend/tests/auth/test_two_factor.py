import re
import time
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pyotp
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.auth import two_factor
from carsales.auth.tokens import ALGORITHM, CHALLENGE_AUDIENCE
from carsales.config import Settings
from carsales.kit.time import utcnow
from carsales.models import LoginFailure, RecoveryCode, Role, User
from tests.auth.conftest import audit_actions
from tests.conftest import TEST_PASSWORD, Member, TestDealership

LOGIN = "/api/v1/auth/login"
SECOND_FACTOR = "/api/v1/auth/login/two-factor"
SETUP = "/api/v1/auth/two-factor/setup"
CONFIRM = "/api/v1/auth/two-factor/confirm"
DISABLE = "/api/v1/auth/two-factor/disable"


async def _enable(client: httpx.AsyncClient, member: Member) -> tuple[pyotp.TOTP, list[str]]:
    setup = await client.post(SETUP, headers=member.headers)
    assert setup.status_code == 200, setup.text
    totp = pyotp.TOTP(setup.json()["secret"])
    confirm = await client.post(CONFIRM, headers=member.headers, json={"code": totp.now()})
    assert confirm.status_code == 200, confirm.text
    codes: list[str] = confirm.json()["recoveryCodes"]
    return totp, codes


async def _challenge(client: httpx.AsyncClient, member: Member) -> str:
    response = await client.post(
        LOGIN, json={"email": member.user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "two_factor_required"
    assert "set-cookie" not in response.headers
    token: str = response.json()["challengeToken"]
    return token


def _next_code(totp: pyotp.TOTP) -> str:
    """The next time step's code: the current one was used up by the confirmation."""
    return totp.at(time.time() + totp.interval)


async def test_setup_gives_a_secret_a_uri_and_a_qr_code_and_stores_the_secret_encrypted(
    client: httpx.AsyncClient, dealership: TestDealership, db: AsyncSession
) -> None:
    member = dealership[Role.manager]
    response = await client.post(SETUP, headers=member.headers)

    assert response.status_code == 200
    body = response.json()
    assert body["otpauthUri"].startswith("otpauth://totp/Car%20Sales%20AI%20Assistant:")
    assert "issuer=Car%20Sales%20AI%20Assistant" in body["otpauthUri"]
    assert f"secret={body['secret']}" in body["otpauthUri"]
    assert re.match(r"^<svg[^>]*>.*</svg>$", body["qrSvg"], re.S)
    stored = await db.scalar(select(User.totp_secret_encrypted).where(User.id == member.user.id))
    assert stored and body["secret"] not in stored
    wrong = await client.post(CONFIRM, headers=member.headers, json={"code": "000000"})
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "invalid_code"


async def test_confirm_without_setup_is_refused(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    member = dealership[Role.manager]
    response = await client.post(CONFIRM, headers=member.headers, json={"code": "123456"})
    assert response.status_code == 400
    assert response.json()["code"] == "two_factor_not_started"


async def test_sign_in_with_a_totp_code(
    client: httpx.AsyncClient, dealership: TestDealership, db: AsyncSession
) -> None:
    member = dealership[Role.salesperson]
    totp, codes = await _enable(client, member)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z0-9]{4}-[a-z0-9]{4}", code) for code in codes)
    assert (await client.post(SETUP, headers=member.headers)).status_code == 409
    challenge = await _challenge(client, member)
    # The challenge is not an access token.
    as_bearer = await client.post(SETUP, headers={"Authorization": f"Bearer {challenge}"})
    assert as_bearer.status_code == 401

    wrong = await client.post(SECOND_FACTOR, json={"challengeToken": challenge, "code": "000000"})
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "invalid_code"
    assert await db.scalar(select(func.count()).select_from(LoginFailure)) == 1

    code = _next_code(totp)
    response = await client.post(SECOND_FACTOR, json={"challengeToken": challenge, "code": code})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "authenticated"
    assert response.json()["user"]["twoFactorEnabled"] is True
    assert response.cookies.get("carsales_refresh")
    assert await db.scalar(select(func.count()).select_from(LoginFailure)) == 0

    # A code seen once (say, over a shoulder) cannot be replayed within its validity.
    again = await client.post(
        SECOND_FACTOR, json={"challengeToken": await _challenge(client, member), "code": code}
    )
    assert again.status_code == 401


async def test_a_recovery_code_works_once(
    client: httpx.AsyncClient, dealership: TestDealership, db: AsyncSession
) -> None:
    member = dealership[Role.salesperson]
    _totp, codes = await _enable(client, member)
    used = codes[3].upper()  # typed from paper: case does not matter

    first = await client.post(
        SECOND_FACTOR, json={"challengeToken": await _challenge(client, member), "code": used}
    )
    second = await client.post(
        SECOND_FACTOR, json={"challengeToken": await _challenge(client, member), "code": used}
    )

    assert first.status_code == 200
    assert second.status_code == 401
    assert "auth.recovery_code_used" in await audit_actions(db)
    unused = select(func.count()).select_from(RecoveryCode).where(RecoveryCode.used_at.is_(None))
    assert await db.scalar(unused) == 9


async def test_an_expired_challenge_is_refused(
    client: httpx.AsyncClient, dealership: TestDealership, settings: Settings
) -> None:
    member = dealership[Role.salesperson]
    totp, _codes = await _enable(client, member)
    expired = jwt.encode(
        {"sub": member.user.id, "aud": CHALLENGE_AUDIENCE, "exp": utcnow() - timedelta(seconds=1)},
        settings.secret_key.get_secret_value(),
        algorithm=ALGORITHM,
    )
    response = await client.post(
        SECOND_FACTOR, json={"challengeToken": expired, "code": _next_code(totp)}
    )
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_challenge"
    # Nor does an access token pass for a challenge.
    response = await client.post(
        SECOND_FACTOR, json={"challengeToken": member.token, "code": _next_code(totp)}
    )
    assert response.json()["code"] == "invalid_challenge"


async def test_disable_needs_the_password_and_turns_two_factor_off(
    client: httpx.AsyncClient, dealership: TestDealership, db: AsyncSession
) -> None:
    member = dealership[Role.salesperson]
    await _enable(client, member)

    wrong = await client.post(DISABLE, headers=member.headers, json={"password": "nope-nope"})
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "wrong_password"
    right = await client.post(DISABLE, headers=member.headers, json={"password": TEST_PASSWORD})
    assert right.status_code == 204

    login = await client.post(LOGIN, json={"email": member.user.email, "password": TEST_PASSWORD})
    assert login.json()["status"] == "authenticated"
    assert await db.scalar(select(func.count()).select_from(RecoveryCode)) == 0
    actions = await audit_actions(db)
    assert "auth.two_factor_enabled" in actions and "auth.two_factor_disabled" in actions


def test_a_code_is_matched_within_one_step_of_drift_either_way() -> None:
    # Fixed, so that no code two steps away happens to equal a nearer one's.
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    totp = pyotp.TOTP(secret)
    now = datetime(2026, 12, 5, 12, 0, 10, tzinfo=UTC)
    current = totp.timecode(now)
    for drift in (-1, 0, 1):
        code = totp.generate_otp(current + drift)
        assert two_factor.matching_step(secret, code, now) == current + drift
    for drift in (-2, 2):
        assert two_factor.matching_step(secret, totp.generate_otp(current + drift), now) is None
