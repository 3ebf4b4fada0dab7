"""Assignments with a pass mark: done when an attempt passes it, not when one is analysed; each
assignment shows its attempts and its status."""

from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.kit.time import utcnow
from carsales.models import PassOn, Role, TrainingAssignment
from carsales.training.assignments.attempts import Attempt
from tests.conftest import Member, TestDealership
from tests.training.coaching import analysed
from tests.training.test_assignments_api import ASSIGNMENTS, assign


async def listed(client: httpx.AsyncClient, member: Member, **params: str) -> list[dict[str, Any]]:
    response = await client.get(ASSIGNMENTS, headers=member.headers, params=params)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_done_only_once_an_attempt_reaches_the_overall_pass_mark(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    manager, seller = dealership[Role.manager], dealership[Role.salesperson]
    created = await assign(client, manager, seller, passMark=75, passOn="overall")
    assert created.status_code == 201, created.text
    assert (created.json()["passMark"], created.json()["status"]) == (75, "open")

    failed = await analysed(app, seller.user, "objection-price", overall=60, passed=True)
    # Another scenario, and a session without one, are no attempts at it.
    await analysed(app, seller.user, "closing-summary", overall=95, passed=True)
    await analysed(app, seller.user, None)
    [open_one] = await listed(client, seller)
    assert open_one["status"] == "open" and open_one["completedSessionId"] is None
    assert [(a["sessionId"], a["overallScore"], a["passed"]) for a in open_one["attempts"]] == [
        (failed, 60, False)
    ]

    passed = await analysed(app, seller.user, "objection-price", overall=80, passed=False)
    later = await analysed(app, seller.user, "objection-price", overall=90, passed=True)
    [done] = await listed(client, manager)
    assert done["status"] == "done" and done["completedSessionId"] == passed
    # The history stops at the attempt that passed: later practice belongs to no attempt of it.
    assert [a["sessionId"] for a in done["attempts"]] == [failed, passed]
    assert later not in [a["sessionId"] for a in done["attempts"]]
    assert [a["id"] for a in await listed(client, seller, status="done")] == [done["id"]]


async def test_the_rubric_pass_mark_counts_the_share_of_items_done(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    manager, seller = dealership[Role.manager], dealership[Role.salesperson]
    await assign(client, manager, seller, passMark=60, passOn="rubric")
    await analysed(app, seller.user, "objection-price", overall=99, rubric=[True, False])
    [half] = await listed(client, seller)
    assert half["status"] == "open"
    assert (half["attempts"][0]["rubricPassed"], half["attempts"][0]["rubricTotal"]) == (1, 2)
    await analysed(app, seller.user, "objection-price", overall=10, rubric=[True, True, False])
    [done] = await listed(client, seller)
    assert done["status"] == "done"  # 2 of 3: 67 %


async def test_without_a_pass_mark_the_scenarios_own_verdict_decides(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    manager, seller = dealership[Role.manager], dealership[Role.salesperson]
    await assign(client, manager, seller)
    await analysed(app, seller.user, "objection-price", overall=90, passed=False)
    assert (await listed(client, seller))[0]["status"] == "open"
    judged = await analysed(app, seller.user, "objection-price", overall=50, passed=True)
    assert (await listed(client, seller))[0]["completedSessionId"] == judged


def test_an_attempt_not_judged_passes_only_when_no_mark_asks_for_a_score() -> None:
    unjudged = Attempt("s", "u", "objection-price", utcnow(), None, None, None, None)
    assert unjudged.passes(None)
    assert not unjudged.passes(0, PassOn.overall)
    assert not unjudged.passes(0, PassOn.rubric)


async def test_a_due_date_in_the_past_is_refused(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    manager, seller = dealership[Role.manager], dealership[Role.salesperson]
    past = await assign(client, manager, seller, dueAt="2020-01-01T23:59:00Z")
    assert past.status_code == 400, past.text
    assert past.json()["code"] == "due_in_past"
    assert await listed(client, manager) == []


async def test_an_open_assignment_past_its_due_date_is_overdue(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    manager, seller = dealership[Role.manager], dealership[Role.salesperson]
    late = await assign(client, manager, seller, dueAt=(utcnow() + timedelta(hours=1)).isoformat())
    soon = await assign(client, manager, seller, dueAt=(utcnow() + timedelta(days=1)).isoformat())
    assert late.json()["status"] == soon.json()["status"] == "open"
    row = await db.get(TrainingAssignment, late.json()["id"])
    assert row is not None
    row.due_at = utcnow() - timedelta(hours=1)
    await db.commit()
    assert [a["id"] for a in await listed(client, manager, status="overdue")] == [late.json()["id"]]
    assert [a["id"] for a in await listed(client, manager, status="open")] == [soon.json()["id"]]


@pytest.mark.parametrize(
    "fields",
    [
        {"recurrence": "weekly"},
        {"weekday": 0},
        {"recurrence": "weekly", "weekday": 7},
        {"passMark": 101},
        {"passOn": "mood"},
    ],
)
async def test_recurrence_and_pass_marks_are_checked(
    client: httpx.AsyncClient, dealership: TestDealership, fields: dict[str, Any]
) -> None:
    response = await assign(
        client, dealership[Role.manager], dealership[Role.salesperson], **fields
    )
    assert response.status_code == 422, response.text
