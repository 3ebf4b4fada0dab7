from datetime import timedelta

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.kit.time import utcnow
from carsales.models import ActionToken, Role
from tests.auth.conftest import Mailbox, audit_actions, link_in
from tests.conftest import TestDealership

INVITATIONS = "/api/v1/users/invitations"
PREVIEW = "/api/v1/auth/invitations"
ACCEPT = "/api/v1/auth/invitations/accept"
PASSWORD = "Showroom-Floor-Lights-83"


async def _invite(
    client: httpx.AsyncClient, dealership: TestDealership, email: str, **extra: object
) -> httpx.Response:
    return await client.post(
        INVITATIONS,
        headers=dealership[Role.admin].headers,
        json={"email": email, "role": "salesperson", **extra},
    )


async def test_invitee_joins_the_dealership_through_the_e_mailed_link(
    client: httpx.AsyncClient, dealership: TestDealership, db: AsyncSession, mailbox: Mailbox
) -> None:
    manager_id = dealership[Role.manager].user.id
    created = await _invite(
        client, dealership, "New.Hire@North-Motors.example", managerId=manager_id
    )
    assert created.status_code == 201, created.text
    assert created.json()["email"] == "new.hire@north-motors.example"
    assert created.json()["role"] == "salesperson"

    [message] = await mailbox.wait_for(1)
    assert message["To"] == "new.hire@north-motors.example"
    assert "North Motors" in message["Subject"]
    token = link_in(message, "/accept-invitation")

    preview = await client.get(f"{PREVIEW}/{token}")
    assert preview.status_code == 200
    assert preview.json()["dealershipName"] == "North Motors"
    assert preview.json()["email"] == "new.hire@north-motors.example"
    assert preview.json()["expiresAt"] == created.json()["expiresAt"]

    accept = {"token": token, "password": PASSWORD, "firstName": " Nia ", "lastName": "Hire"}
    weak = await client.post(ACCEPT, json={**accept, "password": "password1"})
    assert weak.status_code == 400
    assert weak.json()["code"] == "weak_password"
    joined = await client.post(ACCEPT, json=accept)
    assert joined.status_code == 200, joined.text
    body = joined.json()
    assert body["status"] == "authenticated"
    assert body["user"]["dealershipId"] == dealership.id
    assert body["user"]["role"] == "salesperson"
    assert body["user"]["managerId"] == manager_id
    assert body["user"]["profile"]["firstName"] == "Nia"
    assert joined.cookies.get("carsales_refresh")

    reused = await client.post(ACCEPT, json={**accept, "password": "Another-Good-One-58"})
    assert reused.status_code == 400
    assert reused.json()["code"] == "invalid_token"
    listed = await client.get(INVITATIONS, headers=dealership[Role.admin].headers)
    assert listed.json() == []
    actions = await audit_actions(db)
    assert "user.invitation_sent" in actions and "user.invitation_accepted" in actions


async def test_invitations_are_refused_for_own_users_and_foreign_managers(
    client: httpx.AsyncClient, dealership: TestDealership, other_dealership: TestDealership
) -> None:
    taken = await _invite(client, dealership, dealership[Role.salesperson].user.email)
    assert taken.status_code == 409
    assert taken.json()["code"] == "email_taken"
    for manager_id in (
        other_dealership[Role.manager].user.id,
        dealership[Role.salesperson].user.id,
    ):
        response = await _invite(client, dealership, "x@north-motors.example", managerId=manager_id)
        assert response.status_code == 400
        assert response.json()["code"] == "invalid_manager"
    as_manager = await client.post(
        INVITATIONS,
        headers=dealership[Role.manager].headers,
        json={"email": "y@north-motors.example", "role": "salesperson"},
    )
    assert as_manager.status_code == 403


async def test_only_the_inviting_dealership_sees_and_revokes_its_invitations(
    client: httpx.AsyncClient, dealership: TestDealership, other_dealership: TestDealership
) -> None:
    first = (await _invite(client, dealership, "a@north-motors.example")).json()
    second = (await _invite(client, dealership, "b@north-motors.example")).json()

    listed = await client.get(INVITATIONS, headers=dealership[Role.admin].headers)
    assert [item["id"] for item in listed.json()] == [second["id"], first["id"]]
    assert set(listed.json()[0]) == {"id", "email", "role", "expiresAt", "createdAt"}
    foreign = await client.get(INVITATIONS, headers=other_dealership[Role.admin].headers)
    assert foreign.json() == []

    url = f"{INVITATIONS}/{first['id']}"
    own, foreign_admin = dealership[Role.admin].headers, other_dealership[Role.admin].headers
    assert (await client.delete(url, headers=foreign_admin)).status_code == 404
    assert (await client.delete(url, headers=own)).status_code == 204
    assert (await client.delete(url, headers=own)).status_code == 404
    listed = await client.get(INVITATIONS, headers=dealership[Role.admin].headers)
    assert [item["id"] for item in listed.json()] == [second["id"]]


async def test_a_revoked_or_expired_invitation_link_is_refused(
    client: httpx.AsyncClient, dealership: TestDealership, db: AsyncSession, mailbox: Mailbox
) -> None:
    revoked = (await _invite(client, dealership, "a@north-motors.example")).json()
    await _invite(client, dealership, "b@north-motors.example")
    messages = await mailbox.wait_for(2)
    tokens = {str(m["To"]): link_in(m, "/accept-invitation") for m in messages}
    await client.delete(f"{INVITATIONS}/{revoked['id']}", headers=dealership[Role.admin].headers)
    await db.execute(
        update(ActionToken)
        .where(ActionToken.email == "b@north-motors.example")
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    await db.commit()

    for token in tokens.values():
        response = await client.get(f"{PREVIEW}/{token}")
        assert response.status_code == 400
        assert response.json()["code"] == "invalid_token"
    assert (await client.get(INVITATIONS, headers=dealership[Role.admin].headers)).json() == []


async def test_inviting_an_address_of_another_dealership_answers_like_any_invitation(
    client: httpx.AsyncClient,
    dealership: TestDealership,
    other_dealership: TestDealership,
    mailbox: Mailbox,
) -> None:
    elsewhere = other_dealership[Role.salesperson].user.email
    fresh = await _invite(client, dealership, "new.person@example.com")
    taken = await _invite(client, dealership, elsewhere)

    assert taken.status_code == fresh.status_code == 201, taken.text
    assert taken.json().keys() == fresh.json().keys()
    # The owner of the address is told, and gets no link that could only fail.
    messages = {message["To"]: message for message in await mailbox.wait_for(2)}
    notice = messages[elsewhere].get_body(preferencelist=("plain",))
    assert notice is not None
    assert "already has an account with another dealership" in notice.get_content()
    assert "accept-invitation?token=" not in notice.get_content()
