from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.models import AuditEvent, Role
from tests.conftest import TestDealership

AUDIT = "/api/v1/audit"
START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def add_events(db: AsyncSession, dealership: TestDealership, count: int) -> list[str]:
    """`count` role changes by the admin, one minute apart from START; their ids, oldest first."""
    admin = dealership[Role.admin].user
    events = [
        AuditEvent(
            dealership_id=dealership.id,
            actor_id=admin.id,
            actor_email=admin.email,
            action="user.role_changed",
            target_type="user",
            target_id=dealership[Role.salesperson].user.id,
            ip="203.0.113.7",
            user_agent="pytest",
            details={"old_role": "salesperson", "new_role": "manager", "n": n},
            created_at=START + timedelta(minutes=n),
        )
        for n in range(count)
    ]
    db.add_all(events)
    await db.commit()
    return [event.id for event in events]


async def test_admin_reads_the_trail_newest_first(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    ids = await add_events(db, dealership, 3)
    headers = dealership[Role.admin].headers

    response = await client.get(AUDIT, headers=headers, params={"action": "user.role_changed"})

    assert response.status_code == 200, response.text
    body = response.json()
    assert [item["id"] for item in body["items"]] == ids[::-1]
    assert (body["total"], body["offset"], body["limit"]) == (3, 0, 20)
    assert body["items"][0] == {
        "id": ids[2],
        "action": "user.role_changed",
        "actorId": dealership[Role.admin].user.id,
        "actorEmail": "admin@north-motors.example",
        "targetType": "user",
        "targetId": dealership[Role.salesperson].user.id,
        "ip": "203.0.113.7",
        "userAgent": "pytest",
        "details": {"old_role": "salesperson", "new_role": "manager", "n": 2},
        "createdAt": "2026-03-01T12:02:00Z",
    }


async def test_trail_pages_and_filters(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    ids = (await add_events(db, dealership, 5))[::-1]
    admin = dealership[Role.admin]
    # Signing the fixture's users in wrote events too: the role changes are picked by action.
    cases: list[tuple[dict[str, str | int], list[str], int]] = [
        ({"limit": 2, "offset": 1}, ids[1:3], 5),
        ({"actorId": admin.user.id, "until": "2026-03-01T12:03:00Z"}, ids[2:], 3),
        ({"since": "2026-03-01T12:01:00Z", "until": "2026-03-01T12:03:00Z"}, ids[2:4], 2),
        # A time in another zone, and one without a zone (read as UTC).
        ({"since": "2026-03-01T13:03:00+01:00"}, ids[:2], 2),
        ({"since": "2026-03-01T12:04:00"}, ids[:1], 1),
        ({"actorId": dealership[Role.manager].user.id}, [], 0),
    ]
    for params, expected, total in cases:
        params = {"action": "user.role_changed", **params}
        response = await client.get(AUDIT, headers=admin.headers, params=params)
        assert response.status_code == 200, (params, response.text)
        assert [item["id"] for item in response.json()["items"]] == expected, params
        assert response.json()["total"] == total, params
    response = await client.get(AUDIT, headers=admin.headers, params={"action": "user.deactivated"})
    assert response.json()["items"] == []
    for bad in ({"since": "yesterday"}, {"actorId": "someone"}, {"limit": 500}):
        assert (await client.get(AUDIT, headers=admin.headers, params=bad)).status_code == 422


async def test_trail_is_the_admins_dealership_only(
    client: httpx.AsyncClient,
    db: AsyncSession,
    dealership: TestDealership,
    other_dealership: TestDealership,
) -> None:
    await add_events(db, other_dealership, 2)
    db.add(AuditEvent(dealership_id=None, action="auth.login_failed", actor_email="x@y.example"))
    await db.commit()
    await add_events(db, dealership, 1)
    ours = set(
        await db.scalars(select(AuditEvent.id).where(AuditEvent.dealership_id == dealership.id))
    )

    response = await client.get(AUDIT, headers=dealership[Role.admin].headers)

    assert {item["id"] for item in response.json()["items"]} == ours
    assert response.json()["total"] == len(ours)
    for role in (Role.manager, Role.salesperson):
        assert (await client.get(AUDIT, headers=dealership[role].headers)).status_code == 403


async def test_user_changes_appear_in_the_trail(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    admin = dealership[Role.admin]
    sales = dealership[Role.salesperson].user
    await client.patch(f"/api/v1/users/{sales.id}", headers=admin.headers, json={"role": "manager"})
    await client.post(f"/api/v1/users/{sales.id}/deactivate", headers=admin.headers)

    response = await client.get(AUDIT, headers=admin.headers, params={"actorId": admin.user.id})

    events = [(item["action"], item["targetId"]) for item in response.json()["items"]]
    assert ("user.deactivated", sales.id) in events
    assert ("user.role_changed", sales.id) in events
    newest = response.json()["items"][0]
    assert newest["ip"] == "203.0.113.10"
    assert newest["actorEmail"] == admin.user.email
