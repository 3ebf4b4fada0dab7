"""The bell's API and the notifications that existing actions leave: an assignment for its
assignee, a submission for the reviewers. Live delivery: test_live.py."""

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.models import ContentProject, Notification, NotificationKind, Role
from tests.conftest import Member, TestDealership

NOTIFICATIONS = "/api/v1/notifications"


async def bell(client: httpx.AsyncClient, member: Member, **params: Any) -> dict[str, Any]:
    response = await client.get(NOTIFICATIONS, headers=member.headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def assign(client: httpx.AsyncClient, by: Member, to: Member) -> None:
    response = await client.post(
        "/api/v1/training/assignments",
        headers=by.headers,
        json={"scenarioId": "objection-price", "userId": to.user.id},
    )
    assert response.status_code == 201, response.text


async def test_an_assignment_notifies_its_assignee_only(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    manager, seller = dealership[Role.manager], dealership[Role.salesperson]
    await assign(client, manager, seller)

    received = await bell(client, seller)
    assert received["unreadCount"] == 1
    [item] = received["items"]
    assert item["kind"] == "assignment_new"
    assert item["readAt"] is None
    assert item["title"] == 'New assignment: Price: "It\'s more than I want to spend"'
    assert item["body"].startswith("Max Mgr asked you to practise")
    assert item["link"] == "/training/"
    assert (await bell(client, manager))["total"] == 0


async def test_nothing_rings_for_someone_who_turned_notifications_off(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    turned_off = await client.patch(
        "/api/v1/users/me", headers=seller.headers, json={"preferences": {"notifications": False}}
    )
    assert turned_off.status_code == 200, turned_off.text
    await assign(client, dealership[Role.manager], seller)
    assert (await bell(client, seller))["total"] == 0


async def test_marking_read_one_and_all_counts_down(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    manager, seller = dealership[Role.manager], dealership[Role.salesperson]
    for _ in range(3):
        await assign(client, manager, seller)
    newest = (await bell(client, seller))["items"][0]

    read = await client.post(f"{NOTIFICATIONS}/{newest['id']}/read", headers=seller.headers)
    assert read.status_code == 200
    assert read.json()["readAt"] is not None
    again = await client.post(f"{NOTIFICATIONS}/{newest['id']}/read", headers=seller.headers)
    assert again.json()["readAt"] == read.json()["readAt"]  # read once, not re-dated
    assert (await bell(client, seller))["unreadCount"] == 2

    marked = await client.post(f"{NOTIFICATIONS}/read-all", headers=seller.headers)
    assert marked.json() == {"marked": 2}
    after = await bell(client, seller)
    assert after["unreadCount"] == 0
    assert all(item["readAt"] for item in after["items"])


async def test_the_list_is_newest_first_and_paginated(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    for _ in range(4):
        await assign(client, dealership[Role.manager], seller)
    await client.post(f"{NOTIFICATIONS}/read-all", headers=seller.headers)
    await assign(client, dealership[Role.manager], seller)
    page = await bell(client, seller, limit=2, offset=1)
    everything = await bell(client, seller, limit=10)
    assert page["total"] == 5 and len(page["items"]) == 2
    assert [item["id"] for item in page["items"]] == [
        item["id"] for item in everything["items"][1:3]
    ]
    created = [item["createdAt"] for item in everything["items"]]
    assert created == sorted(created, reverse=True)
    assert page["unreadCount"] == everything["unreadCount"] == 1


async def test_nobody_reads_or_marks_another_users_notifications(
    client: httpx.AsyncClient,
    dealership: TestDealership,
    other_dealership: TestDealership,
) -> None:
    seller, admin = dealership[Role.salesperson], dealership[Role.admin]
    await assign(client, dealership[Role.manager], seller)
    item = (await bell(client, seller))["items"][0]

    assert (await bell(client, admin))["total"] == 0
    mine_only = await client.post(f"{NOTIFICATIONS}/{item['id']}/read", headers=admin.headers)
    assert mine_only.status_code == 403
    foreign = other_dealership[Role.salesperson]
    elsewhere = await client.post(f"{NOTIFICATIONS}/{item['id']}/read", headers=foreign.headers)
    assert elsewhere.status_code == 404
    await client.post(f"{NOTIFICATIONS}/read-all", headers=admin.headers)
    assert (await bell(client, seller))["unreadCount"] == 1


async def test_content_submitted_for_review_notifies_the_reviewers_not_the_author(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    content = ContentProject(
        dealership_id=dealership.id,
        owner_id=seller.user.id,
        title="Weekend special",
        content_type="social",
        channel="instagram",
        content={"text": "Come see the Fit this weekend."},
        settings={"platform": "instagram"},
    )
    db.add(content)
    await db.commit()

    submitted = await client.post(f"/api/v1/content/{content.id}/submit", headers=seller.headers)
    assert submitted.status_code == 200, submitted.text

    for reviewer in (dealership[Role.manager], dealership[Role.admin]):
        [item] = (await bell(client, reviewer))["items"]
        assert item["kind"] == NotificationKind.content_review
        assert item["title"] == "Waiting for your review: Weekend special"
        assert item["link"] == f"/content/?id={content.id}"
    assert (await bell(client, seller))["total"] == 0
    assert len((await db.scalars(Notification.__table__.select())).all()) == 2
