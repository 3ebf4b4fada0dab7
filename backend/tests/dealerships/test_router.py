import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.dealerships.provisioning import find_dealership
from carsales.models import AuditEvent, Role
from tests.conftest import TestDealership
from tests.users.factories import add_user

CURRENT = "/api/v1/dealerships/current"


async def test_every_member_reads_their_own_dealership(
    client: httpx.AsyncClient,
    db: AsyncSession,
    dealership: TestDealership,
    other_dealership: TestDealership,
) -> None:
    await add_user(db, dealership.id, "gone@north.example", is_active=False)
    for role in Role:
        response = await client.get(CURRENT, headers=dealership[role].headers)
        assert response.status_code == 200, role
        body = response.json()
        assert body["id"] == dealership.id
        assert body["name"] == "North Motors"
        assert body["slug"] == "north-motors"
        assert body["createdAt"].endswith("Z")
        assert (body["userCount"], body["activeUserCount"]) == (4, 3)


async def test_admin_renames_the_dealership_and_the_slug_stays(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    admin = dealership[Role.admin]
    response = await client.patch(CURRENT, headers=admin.headers, json={"name": "  North Group "})

    assert response.status_code == 200, response.text
    assert response.json()["name"] == "North Group"
    assert response.json()["slug"] == "north-motors"
    assert response.json()["userCount"] == 3
    event = await db.scalar(select(AuditEvent).where(AuditEvent.action == "dealership.renamed"))
    assert event is not None
    assert (event.actor_id, event.target_id) == (admin.user.id, dealership.id)
    assert event.details == {"old_name": "North Motors", "new_name": "North Group"}
    # The command line still finds it by either name.
    assert (await find_dealership(db, "North Group")).id == dealership.id
    assert (await find_dealership(db, "north motors")).id == dealership.id


async def test_rename_needs_an_admin_and_a_name(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    response = await client.patch(
        CURRENT, headers=dealership[Role.manager].headers, json={"name": "Mine Now"}
    )
    assert response.status_code == 403
    for body in ({"name": "   "}, {"name": "x" * 201}, {}, {"name": "Ok", "slug": "ok"}):
        response = await client.patch(CURRENT, headers=dealership[Role.admin].headers, json=body)
        assert response.status_code == 422, body
