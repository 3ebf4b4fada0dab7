import csv
import io
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.models import AuditEvent, Role, Vehicle
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
        "actorName": "Ada Admin",
        "targetType": "user",
        "targetId": dealership[Role.salesperson].user.id,
        "targetName": "Sal Person",
        "summary": "Ada Admin changed the role of Sal Person from salesperson to manager.",
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
    for bad in (
        {"since": "yesterday"},
        {"actorId": "someone"},
        {"limit": 500},
        {"action": "a\x00"},
    ):
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


async def test_the_trail_reads_as_sentences_naming_people_and_things(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    admin, manager = dealership[Role.admin], dealership[Role.manager]
    sales = dealership[Role.salesperson].user
    vehicle = Vehicle(
        dealership_id=dealership.id, year=2021, make="Toyota", model="Camry", stock_number="T42"
    )
    db.add(vehicle)
    await db.flush()
    db.add_all(
        [
            AuditEvent(
                dealership_id=dealership.id,
                actor_id=admin.user.id,
                action="user.manager_changed",
                target_type="user",
                target_id=sales.id,
                user_agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
                details={"old_manager_id": manager.user.id, "new_manager_id": None},
                created_at=START,
            ),
            AuditEvent(
                dealership_id=dealership.id,
                actor_id=manager.user.id,
                action="vehicle.updated",
                target_type="vehicle",
                target_id=vehicle.id,
                details={"fields": ["price", "exterior_color"]},
                created_at=START + timedelta(minutes=1),
            ),
            AuditEvent(
                dealership_id=dealership.id,
                action="auth.login_failed",
                actor_email="stranger@example.com",
                details={"reason": "unknown_email"},
                created_at=START + timedelta(minutes=2),
            ),
            # An action without a sentence of its own still reads as words.
            AuditEvent(
                dealership_id=dealership.id,
                actor_id=admin.user.id,
                action="certification.awarded",
                target_type="user",
                target_id=sales.id,
                details={"certification_name": "Price objections", "items": ["a", "b"]},
                created_at=START + timedelta(minutes=3),
            ),
            # A vehicle since deleted.
            AuditEvent(
                dealership_id=dealership.id,
                actor_id=manager.user.id,
                action="vehicle.deleted",
                target_type="vehicle",
                target_id="0" * 32,
                created_at=START + timedelta(minutes=4),
            ),
        ]
    )
    await db.commit()

    response = await client.get(
        AUDIT, headers=admin.headers, params={"until": "2026-03-02T00:00:00Z"}
    )

    items = response.json()["items"][::-1]
    assert [(item["targetName"], item["summary"]) for item in items] == [
        ("Sal Person", "Ada Admin changed the manager of Sal Person from Max Mgr to nobody."),
        (
            "2021 Toyota Camry (stock T42)",
            "Max Mgr changed the price, exterior color of 2021 Toyota Camry (stock T42).",
        ),
        (None, "A sign-in as stranger@example.com failed: no account has this e-mail address."),
        (
            "Sal Person",
            "Ada Admin: awarded Sal Person (certification name: Price objections; items: a, b).",
        ),
        (None, "Max Mgr removed a vehicle no longer here from the inventory."),
    ]
    assert all("Mozilla" not in item["summary"] and "{" not in item["summary"] for item in items)


async def test_filters_by_part_of_the_action_person_and_dates(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    ids = (await add_events(db, dealership, 3))[::-1]
    admin = dealership[Role.admin]
    cases: list[tuple[dict[str, str], list[str]]] = [
        ({"action": "ROLE"}, ids),
        ({"action": "role changed"}, ids),
        ({"action": "role%"}, []),  # a wildcard is a plain character
        ({"action": "role", "actorId": admin.user.id, "since": "2026-03-01T12:01:00Z"}, ids[:2]),
        ({"action": "role", "actorId": dealership[Role.manager].user.id}, []),
    ]
    for params, expected in cases:
        response = await client.get(AUDIT, headers=admin.headers, params=params)
        assert [item["id"] for item in response.json()["items"]] == expected, params
    signed_in = await client.get(AUDIT, headers=admin.headers, params={"action": "login"})
    assert {item["action"] for item in signed_in.json()["items"]} == {"auth.login_succeeded"}


async def test_the_filtered_trail_as_csv(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    await add_events(db, dealership, 2)
    admin = dealership[Role.admin]
    db.add(
        AuditEvent(
            dealership_id=dealership.id,
            action="auth.login_failed",
            actor_email="=HYPERLINK(1)@example.com",
            created_at=START - timedelta(minutes=1),
        )
    )
    await db.commit()

    response = await client.get(
        f"{AUDIT}/export.csv", headers=admin.headers, params={"until": "2026-03-02T00:00:00Z"}
    )

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="audit-log.csv"' in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == [
        "Time (UTC)",
        "Person",
        "E-mail",
        "Action",
        "Target",
        "Summary",
        "IP address",
    ]
    assert rows[1] == [
        "2026-03-01 12:01:00",
        "Ada Admin",
        "admin@north-motors.example",
        "user.role_changed",
        "Sal Person",
        "Ada Admin changed the role of Sal Person from salesperson to manager.",
        "203.0.113.7",
    ]
    assert len(rows) == 4
    # A cell a spreadsheet would run as a formula is defused.
    assert rows[3][1] == "'=HYPERLINK(1)@example.com"
    only_failures = await client.get(
        f"{AUDIT}/export.csv",
        headers=admin.headers,
        params={"action": "failed", "until": "2026-03-02T00:00:00Z"},
    )
    assert len(list(csv.reader(io.StringIO(only_failures.text)))) == 2
