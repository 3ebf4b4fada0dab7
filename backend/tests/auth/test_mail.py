"""What happens to an e-mail when SMTP is not set up or fails: the request still succeeds."""

import asyncio
from collections.abc import Callable, MutableMapping
from typing import Any

import httpx
from structlog.testing import capture_logs

from carsales.config import Settings
from carsales.models import Role
from tests.auth.conftest import PUBLIC_URL
from tests.conftest import TestDealership

FORGOT = "/api/v1/auth/password/forgot"


async def _logged(
    logs: list[MutableMapping[str, Any]], event: str, count: int
) -> list[MutableMapping[str, Any]]:
    """The first `count` log entries named `event`, waiting for them: mail is sent in the
    background."""
    for _ in range(500):
        found = [entry for entry in logs if entry["event"] == event]
        if len(found) >= count:
            return found[:count]
        await asyncio.sleep(0.02)
    raise AssertionError(f"fewer than {count} {event!r} log entries: {logs}")


async def test_without_smtp_the_link_is_logged_outside_production_only(
    client: httpx.AsyncClient, dealership: TestDealership, configure: Callable[..., Settings]
) -> None:
    email = dealership[Role.salesperson].user.email
    configure(smtp_host=None, public_url=PUBLIC_URL)
    with capture_logs() as logs:
        assert (await client.post(FORGOT, json={"email": email})).status_code == 202
        configure(env="production")
        assert (await client.post(FORGOT, json={"email": email})).status_code == 202
        development, production = await _logged(logs, "mail_not_sent", 2)
    assert development["to"] == email
    assert development["link"].startswith(f"{PUBLIC_URL}/reset-password?token=")
    assert production["link"] is None


async def test_a_failing_smtp_server_is_logged_and_the_request_still_succeeds(
    client: httpx.AsyncClient, dealership: TestDealership, configure: Callable[..., Settings]
) -> None:
    email = dealership[Role.salesperson].user.email
    configure(smtp_host="127.0.0.1", smtp_port=1)  # nothing listens there
    with capture_logs() as logs:
        assert (await client.post(FORGOT, json={"email": email})).status_code == 202
        [failure] = await _logged(logs, "mail_send_failed", 1)
    assert failure["to"] == email
