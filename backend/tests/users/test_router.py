from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.models import AuditEvent, Role
from tests.conftest import TestDealership
from tests.users.factories import add_user

USERS = "/api/v1/users"


def item_ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def audit_details(db: AsyncSession, action: str, target_id: str) -> list[dict[str, Any]]:
    events = await db.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == action, AuditEvent.target_id == target_id)
        .order_by(AuditEvent.created_at)
    )
    return [event.details for event in events]


async def test_me_is_the_caller(client: httpx.AsyncClient, dealership: TestDealership) -> None:
    member = dealership[Role.salesperson]
    response = await client.get(f"{USERS}/me", headers=member.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == member.user.id
    assert body["email"] == "sales@north-motors.example"
    assert body["role"] == "salesperson"
    assert body["isActive"] is True
    assert body["dealershipId"] == dealership.id
    assert body["managerId"] == dealership[Role.manager].user.id
    assert body["profile"] == {"firstName": "Sal", "lastName": "Person", "phone": ""}
    assert body["preferences"] == {"language": "en", "theme": "system", "notifications": True}
    assert body["twoFactorEnabled"] is False
    assert body["createdAt"].endswith("Z")
    assert {"lastLoginAt", "updatedAt"} <= body.keys()


async def test_update_me_changes_only_what_was_sent(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    headers = dealership[Role.salesperson].headers
    response = await client.patch(
        f"{USERS}/me",
        headers=headers,
        json={
            "profile": {"firstName": "  Sally ", "phone": "+1 (555) 010-0200"},
            "preferences": {"language": "fr", "theme": "dark", "notifications": False},
        },
    )
    assert response.status_code == 200, response.text
    expected_profile = {"firstName": "Sally", "lastName": "Person", "phone": "+1 (555) 010-0200"}
    expected_preferences = {"language": "fr", "theme": "dark", "notifications": False}
    assert response.json()["profile"] == expected_profile
    assert response.json()["preferences"] == expected_preferences

    reread = (await client.get(f"{USERS}/me", headers=headers)).json()
    assert reread["profile"] == expected_profile
    assert reread["preferences"] == expected_preferences


async def test_update_me_refuses_invalid_changes(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    invalid_bodies: list[dict[str, Any]] = [
        {"profile": {"phone": "555-CALL-NOW"}},
        {"profile": {"firstName": "x" * 101}},
        {"profile": {"lastName": None}},
        {"profile": None},
        {"preferences": {"language": "it"}},
        {"preferences": {"theme": "neon"}},
        {"role": "admin"},  # not one's own to change: refused, not silently ignored
        {"profile": {"email": "someone@else.example"}},
    ]
    headers = dealership[Role.salesperson].headers
    for body in invalid_bodies:
        response = await client.patch(f"{USERS}/me", headers=headers, json=body)
        assert response.status_code == 422, body
        assert response.json()["code"] == "validation_error"
    me = (await client.get(f"{USERS}/me", headers=headers)).json()
    assert me["role"] == "salesperson"
    assert me["profile"]["lastName"] == "Person"


async def test_admin_lists_the_whole_dealership_and_nobody_else(
    client: httpx.AsyncClient, dealership: TestDealership, other_dealership: TestDealership
) -> None:
    response = await client.get(USERS, headers=dealership[Role.admin].headers)
    assert response.status_code == 200
    body = response.json()
    assert {item["id"] for item in body["items"]} == {
        member.user.id for member in dealership.members.values()
    }
    assert (body["total"], body["offset"], body["limit"]) == (3, 0, 20)


async def test_manager_lists_self_and_team(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    manager = dealership[Role.manager].user
    other_manager = await add_user(db, dealership.id, "boss@north.example", Role.manager)
    await add_user(db, dealership.id, "theirs@north.example", manager_id=other_manager.id)
    inactive_report = await add_user(
        db, dealership.id, "mine@north.example", manager_id=manager.id, is_active=False
    )

    response = await client.get(USERS, headers=dealership[Role.manager].headers)

    assert set(item_ids(response)) == {
        manager.id,
        dealership[Role.salesperson].user.id,
        inactive_report.id,
    }


async def test_list_pages_through_every_user_once(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    for number in range(7):
        await add_user(db, dealership.id, f"user{number}@north.example", last_name="Same")
    headers = dealership[Role.admin].headers

    everyone = item_ids(await client.get(USERS, headers=headers, params={"limit": 100}))
    pages = [
        await client.get(USERS, headers=headers, params={"offset": offset, "limit": 4})
        for offset in (0, 4, 8)
    ]

    assert len(everyone) == 10
    assert [len(page.json()["items"]) for page in pages] == [4, 4, 2]
    assert {page.json()["total"] for page in pages} == {10}
    assert [user_id for page in pages for user_id in item_ids(page)] == everyone
    for params in ({"limit": 101}, {"limit": 0}, {"offset": -1}):
        assert (await client.get(USERS, headers=headers, params=params)).status_code == 422


async def test_list_filters_by_role_activity_and_text(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    jo = await add_user(
        db, dealership.id, "jo@north.example", first_name="Jo", last_name="Smith", is_active=False
    )
    pat = await add_user(
        db, dealership.id, "pat@north.example", Role.manager, last_name="Blacksmith"
    )
    percent = await add_user(db, dealership.id, "deals@north.example", last_name="50% Off")
    manager = dealership[Role.manager].user.id
    sales = dealership[Role.salesperson].user.id
    cases: list[tuple[dict[str, str], set[str]]] = [
        ({"role": "manager"}, {manager, pat.id}),
        ({"active": "false"}, {jo.id}),
        ({"role": "salesperson", "active": "true"}, {sales, percent.id}),
        ({"q": "SMITH"}, {jo.id, pat.id}),
        ({"q": "jo"}, {jo.id}),
        ({"q": "north-motors"}, {member.user.id for member in dealership.members.values()}),
        ({"q": "%"}, {percent.id}),  # a wildcard in the text is matched literally
        ({"q": "smith", "active": "true"}, {pat.id}),
    ]
    headers = dealership[Role.admin].headers
    for params, expected in cases:
        response = await client.get(USERS, headers=headers, params=params)
        assert set(item_ids(response)) == expected, params
        assert response.json()["total"] == len(expected), params
    assert (await client.get(USERS, headers=headers, params={"role": "owner"})).status_code == 422


async def test_list_sorts(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    admin, manager, sales = (dealership[role].user.id for role in Role)
    # Lower-case last name: names sort regardless of case. Created last: newest.
    zoe = (
        await add_user(db, dealership.id, "zoe@north.example", first_name="Zoe", last_name="baker")
    ).id
    expected = {
        "lastName": [admin, zoe, manager, sales],  # Admin, baker, Mgr, Person
        "-lastName": [sales, manager, zoe, admin],
        "email": [admin, manager, sales, zoe],
        "-email": [zoe, sales, manager, admin],
        "createdAt": [admin, manager, sales, zoe],
        "-createdAt": [zoe, sales, manager, admin],
        "role": [admin, manager, sales, zoe],  # salespeople tied: by first name
        "-role": [sales, zoe, manager, admin],
    }
    headers = dealership[Role.admin].headers
    for sort, order in expected.items():
        response = await client.get(USERS, headers=headers, params={"sort": sort})
        assert item_ids(response) == order, sort
    assert item_ids(await client.get(USERS, headers=headers)) == expected["lastName"]
    response = await client.get(USERS, headers=headers, params={"sort": "password"})
    assert response.status_code == 422


async def test_each_role_reads_only_whom_it_may_see(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    admin, manager, sales = (dealership[role].user.id for role in Role)
    unassigned = (await add_user(db, dealership.id, "solo@north.example")).id
    visible = {
        Role.admin: {admin, manager, sales, unassigned},
        Role.manager: {manager, sales},
        Role.salesperson: {sales},
    }
    for role, allowed in visible.items():
        for user_id in visible[Role.admin]:
            response = await client.get(f"{USERS}/{user_id}", headers=dealership[role].headers)
            expected = 200 if user_id in allowed else 404
            assert response.status_code == expected, (role, user_id)
            if expected == 200:
                assert response.json()["id"] == user_id
    response = await client.get(f"{USERS}/not-an-id", headers=dealership[Role.admin].headers)
    assert response.status_code == 422


async def test_role_change_takes_effect_at_once_and_is_audited(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    manager, sales = dealership[Role.manager], dealership[Role.salesperson]
    response = await client.patch(
        f"{USERS}/{sales.user.id}", headers=dealership[Role.admin].headers, json={"role": "manager"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["role"] == "manager"
    assert response.json()["managerId"] is None  # only salespeople report to a manager

    assert (await client.get(USERS, headers=sales.headers)).status_code == 200
    assert await audit_details(db, "user.role_changed", sales.user.id) == [
        {"old_role": "salesperson", "new_role": "manager", "manager_cleared": manager.user.id}
    ]


async def test_demoting_a_manager_unassigns_their_team(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    manager, sales = dealership[Role.manager], dealership[Role.salesperson]
    admin_headers = dealership[Role.admin].headers
    response = await client.patch(
        f"{USERS}/{manager.user.id}", headers=admin_headers, json={"role": "salesperson"}
    )
    assert response.status_code == 200, response.text

    assert (await client.get(USERS, headers=manager.headers)).status_code == 403
    report = await client.get(f"{USERS}/{sales.user.id}", headers=admin_headers)
    assert report.json()["managerId"] is None
    assert await audit_details(db, "user.role_changed", manager.user.id) == [
        {"old_role": "manager", "new_role": "salesperson", "reports_unassigned": 1}
    ]


async def test_admin_assigns_and_removes_a_manager(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    sales = dealership[Role.salesperson].user
    old_manager = dealership[Role.manager].user
    new_manager = await add_user(db, dealership.id, "boss@north.example", Role.manager)
    headers = dealership[Role.admin].headers
    url = f"{USERS}/{sales.id}"

    response = await client.patch(url, headers=headers, json={"managerId": new_manager.id})
    assert response.status_code == 200, response.text
    assert response.json()["managerId"] == new_manager.id
    response = await client.patch(url, headers=headers, json={"managerId": None})
    assert response.json()["managerId"] is None
    # Sending the values it already has changes nothing and records nothing.
    await client.patch(url, headers=headers, json={"managerId": None, "role": "salesperson"})

    assert await audit_details(db, "user.manager_changed", sales.id) == [
        {"old_manager_id": old_manager.id, "new_manager_id": new_manager.id},
        {"old_manager_id": new_manager.id, "new_manager_id": None},
    ]


async def test_a_manager_must_be_an_active_manager_of_the_dealership(
    client: httpx.AsyncClient,
    db: AsyncSession,
    dealership: TestDealership,
    other_dealership: TestDealership,
) -> None:
    retired = await add_user(db, dealership.id, "gone@north.example", Role.manager, is_active=False)
    headers = dealership[Role.admin].headers
    sales_url = f"{USERS}/{dealership[Role.salesperson].user.id}"
    not_managers = [
        dealership[Role.admin].user.id,
        dealership[Role.salesperson].user.id,
        other_dealership[Role.manager].user.id,
        retired.id,
        "0" * 32,
    ]
    for manager_id in not_managers:
        response = await client.patch(sales_url, headers=headers, json={"managerId": manager_id})
        assert response.status_code == 400, manager_id
        assert response.json()["code"] == "invalid_manager"

    manager_url = f"{USERS}/{dealership[Role.manager].user.id}"
    manager_id = dealership[Role.manager].user.id
    response = await client.patch(manager_url, headers=headers, json={"managerId": manager_id})
    assert response.json()["code"] == "invalid_manager"  # only salespeople report to someone
    response = await client.patch(sales_url, headers=headers, json={"managerId": "nope"})
    assert response.status_code == 422


async def test_the_last_active_admin_cannot_be_demoted(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    admin = dealership[Role.admin]
    await add_user(db, dealership.id, "former@north.example", Role.admin, is_active=False)
    url = f"{USERS}/{admin.user.id}"

    response = await client.patch(url, headers=admin.headers, json={"role": "manager"})
    assert response.status_code == 409
    assert response.json()["code"] == "last_admin"

    await add_user(db, dealership.id, "second@north.example", Role.admin)
    response = await client.patch(url, headers=admin.headers, json={"role": "manager"})
    assert response.status_code == 200, response.text
    assert (await client.get("/api/v1/audit", headers=admin.headers)).status_code == 403


async def test_admin_profile_edits_are_audited_by_field(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    sales = dealership[Role.salesperson].user
    url = f"{USERS}/{sales.id}"
    body = {"profile": {"lastName": "Seller", "phone": "555 0100", "firstName": "Sal"}}
    headers = dealership[Role.admin].headers

    response = await client.patch(url, headers=headers, json=body)
    assert response.status_code == 200, response.text
    assert response.json()["profile"] == {
        "firstName": "Sal",
        "lastName": "Seller",
        "phone": "555 0100",
    }
    assert response.json()["managerId"] == dealership[Role.manager].user.id  # left out: kept
    await client.patch(url, headers=headers, json=body)  # no change: no event

    assert await audit_details(db, "user.profile_updated", sales.id) == [
        {"fields": ["last_name", "phone"]}
    ]
    response = await client.patch(url, headers=headers, json={"profile": {"phone": "call me"}})
    assert response.status_code == 422
