"""The dealership's public profile (what copy quotes) and its compliance packs: everyone reads
them, an admin edits them. (Here rather than in tests/dealerships: written with the vehicles.)"""

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.models import AuditEvent, Role
from tests.conftest import TestDealership

CURRENT = "/api/v1/dealerships/current"


async def test_a_new_dealership_has_an_empty_profile_and_the_federal_pack(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    body = (await client.get(CURRENT, headers=dealership[Role.salesperson].headers)).json()
    assert (body["address"], body["phone"], body["website"]) == (None, None, None)
    assert body["compliancePacks"] == ["federal"]


async def test_an_admin_edits_the_profile(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    admin = dealership[Role.admin]
    response = await client.patch(
        CURRENT,
        headers=admin.headers,
        json={
            "address": " 100 Main St, Springfield, IL 62701 ",
            "phone": "(217) 555-0100",
            "website": "https://northmotors.example",
            "compliancePacks": ["california"],
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["address"] == "100 Main St, Springfield, IL 62701"
    assert (body["phone"], body["website"]) == ("(217) 555-0100", "https://northmotors.example")
    assert body["compliancePacks"] == ["federal", "california"]  # federal always applies
    assert body["name"] == "North Motors"

    cleared = await client.patch(
        CURRENT, headers=admin.headers, json={"phone": None, "website": ""}
    )
    assert (cleared.json()["phone"], cleared.json()["website"]) == (None, None)
    assert cleared.json()["address"] == "100 Main St, Springfield, IL 62701"
    back = await client.patch(CURRENT, headers=admin.headers, json={"compliancePacks": []})
    assert back.json()["compliancePacks"] == ["federal"]

    events = (
        await db.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "dealership.profile_updated")
            .order_by(AuditEvent.created_at, AuditEvent.id)
        )
    ).all()
    assert [sorted(event.details) for event in events] == [
        ["address", "compliance_packs", "phone", "website"],
        ["phone", "website"],
        ["compliance_packs"],
    ]


async def test_only_an_admin_and_only_known_values(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    refused = await client.patch(
        CURRENT, headers=dealership[Role.manager].headers, json={"phone": "555-0100"}
    )
    assert refused.status_code == 403
    admin = dealership[Role.admin]
    for body in (
        {"compliancePacks": ["texas"]},
        {"compliancePacks": None},
        {"phone": "call us"},
        {"website": "not a site"},
        {"address": "x" * 301},
    ):
        response = await client.patch(CURRENT, headers=admin.headers, json=body)
        assert response.status_code == 422, body
