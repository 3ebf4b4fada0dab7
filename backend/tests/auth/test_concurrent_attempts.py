"""Guessing in parallel gets no further than guessing one after the other (issue 11, defect 1),
and a second-factor challenge signs in once (defect 8)."""

import asyncio
from collections import Counter
from collections.abc import Callable

import httpx

from carsales.config import Settings
from carsales.models import Role
from tests.auth.test_two_factor import SECOND_FACTOR, _challenge, _enable, _next_code
from tests.conftest import TestDealership

LOGIN = "/api/v1/auth/login"
PARALLEL = 40
LIMIT = 5


async def test_parallel_wrong_passwords_check_at_most_the_limit(
    client_at: Callable[[str], httpx.AsyncClient],
    dealership: TestDealership,
    configure: Callable[..., Settings],
) -> None:
    configure(login_max_failures_per_account=LIMIT, login_max_failures_per_ip=1000)
    email = dealership[Role.admin].user.email
    attackers = [client_at(f"198.51.100.{index + 1}") for index in range(PARALLEL)]

    responses = await asyncio.gather(
        *(http.post(LOGIN, json={"email": email, "password": "guess-guess"}) for http in attackers)
    )

    statuses = Counter(response.status_code for response in responses)
    # Each 401 is a password that was checked; everything past the limit is refused unchecked.
    assert statuses == {401: LIMIT, 429: PARALLEL - LIMIT}, statuses


async def test_parallel_wrong_codes_check_at_most_the_limit(
    client: httpx.AsyncClient,
    dealership: TestDealership,
    configure: Callable[..., Settings],
) -> None:
    configure(login_max_failures_per_account=LIMIT, login_max_failures_per_ip=1000)
    member = dealership[Role.manager]
    await _enable(client, member)
    challenge = await _challenge(client, member)

    responses = await asyncio.gather(
        *(
            client.post(SECOND_FACTOR, json={"challengeToken": challenge, "code": f"{n:06d}"})
            for n in range(PARALLEL)
        )
    )

    statuses = Counter(response.status_code for response in responses)
    assert statuses == {401: LIMIT, 429: PARALLEL - LIMIT}, statuses


async def test_a_challenge_signs_in_once(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    member = dealership[Role.manager]
    _totp, recovery_codes = await _enable(client, member)
    challenge = await _challenge(client, member)

    first = await client.post(
        SECOND_FACTOR, json={"challengeToken": challenge, "code": recovery_codes[0]}
    )
    second = await client.post(
        SECOND_FACTOR, json={"challengeToken": challenge, "code": recovery_codes[1]}
    )

    assert first.status_code == 200, first.text
    assert second.status_code == 401
    assert second.json()["code"] == "invalid_challenge"
    # A fresh challenge still works with another code.
    again = await client.post(
        SECOND_FACTOR,
        json={"challengeToken": await _challenge(client, member), "code": recovery_codes[1]},
    )
    assert again.status_code == 200, again.text


async def test_a_right_password_with_two_factor_on_counts_no_failure(
    client: httpx.AsyncClient,
    dealership: TestDealership,
    configure: Callable[..., Settings],
) -> None:
    configure(login_max_failures_per_account=2)
    member = dealership[Role.manager]
    totp, _codes = await _enable(client, member)
    for _ in range(3):
        await _challenge(client, member)

    response = await client.post(
        SECOND_FACTOR,
        json={"challengeToken": await _challenge(client, member), "code": _next_code(totp)},
    )
    assert response.status_code == 200, response.text
