"""Where the invitation link goes: in the e-mail when a mail server is set; on the admin's
screen without one (never in production, where inviting without mail is refused)."""

from collections.abc import Callable

import httpx

from carsales.config import Settings
from carsales.models import Role
from tests.auth.conftest import PUBLIC_URL, Mailbox, link_in
from tests.conftest import TestDealership

INVITATIONS = "/api/v1/users/invitations"


async def _invite(
    client: httpx.AsyncClient, dealership: TestDealership, email: str
) -> httpx.Response:
    return await client.post(
        INVITATIONS,
        headers=dealership[Role.admin].headers,
        json={"email": email, "role": "salesperson"},
    )


async def test_without_a_mail_server_the_answer_carries_a_working_link(
    client: httpx.AsyncClient, dealership: TestDealership, configure: Callable[..., Settings]
) -> None:
    configure(public_url="http://localhost:18800")
    created = await _invite(client, dealership, "walk.in@north-motors.example")
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["emailSent"] is False
    link: str = body["inviteUrl"]
    assert link.startswith("http://localhost:18800/accept-invitation?token=")
    preview = await client.get(f"/api/v1/auth/invitations/{link.rpartition('=')[2]}")
    assert preview.status_code == 200
    assert preview.json()["email"] == "walk.in@north-motors.example"
    # The list of pending invitations never shows links.
    listed = await client.get(INVITATIONS, headers=dealership[Role.admin].headers)
    assert "inviteUrl" not in listed.json()[0]


async def test_with_a_mail_server_the_link_goes_by_e_mail_only(
    client: httpx.AsyncClient, dealership: TestDealership, mailbox: Mailbox
) -> None:
    created = await _invite(client, dealership, "walk.in@north-motors.example")
    assert created.status_code == 201, created.text
    assert created.json()["emailSent"] is True
    assert created.json()["inviteUrl"] is None
    [message] = await mailbox.wait_for(1)
    assert link_in(message, "/accept-invitation")
    assert PUBLIC_URL in message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]


async def test_production_without_a_mail_server_refuses_to_invite(
    client: httpx.AsyncClient, dealership: TestDealership, configure: Callable[..., Settings]
) -> None:
    configure(env="production", smtp_host=None)
    refused = await _invite(client, dealership, "walk.in@north-motors.example")
    assert refused.status_code == 409
    assert refused.json()["code"] == "mail_not_configured"
    assert "CARSALES_SMTP_HOST" in refused.json()["detail"]
    listed = await client.get(INVITATIONS, headers=dealership[Role.admin].headers)
    assert listed.json() == []
