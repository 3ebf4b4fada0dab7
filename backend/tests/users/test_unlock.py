"""An admin sees whose sign-in is locked after failed attempts, and unlocks it at once."""

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.models import AuditEvent, Role
from tests.conftest import TEST_PASSWORD, TestDealership

LOGIN = "/api/v1/auth/login"


async def test_admin_unlocks_a_locked_account(
    client: httpx.AsyncClient,
    dealership: TestDealership,
    other_dealership: TestDealership,
    db: AsyncSession,
) -> None:
    admin = dealership[Role.admin]
    seller = dealership[Role.salesperson].user
    for _ in range(5):
        wrong = await client.post(LOGIN, json={"email": seller.email, "password": "wrong-guess"})
        assert wrong.status_code == 401
    locked = await client.post(LOGIN, json={"email": seller.email, "password": TEST_PASSWORD})
    assert locked.status_code == 429

    listed = await client.get("/api/v1/users/locked", headers=admin.headers)
    assert listed.json() == [{"userId": seller.id, "email": seller.email}]
    # Another dealership's admin neither sees nor unlocks the account.
    foreign = other_dealership[Role.admin]
    assert (await client.get("/api/v1/users/locked", headers=foreign.headers)).json() == []
    refused = await client.post(f"/api/v1/users/{seller.id}/unlock", headers=foreign.headers)
    assert refused.status_code == 404

    unlocked = await client.post(f"/api/v1/users/{seller.id}/unlock", headers=admin.headers)
    assert unlocked.status_code == 200, unlocked.text
    assert unlocked.json()["id"] == seller.id
    assert (await client.get("/api/v1/users/locked", headers=admin.headers)).json() == []
    signed_in = await client.post(LOGIN, json={"email": seller.email, "password": TEST_PASSWORD})
    assert signed_in.status_code == 200, signed_in.text

    actions = await db.scalars(
        select(AuditEvent.target_id).where(AuditEvent.action == "user.unlocked")
    )
    assert list(actions) == [seller.id]
