"""Weekly assignments: the scheduler's `spawn_due` opens each week once, however often and
however many workers run it, until the series is withdrawn."""

import asyncio
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.db import transaction
from carsales.kit.time import utcnow
from carsales.models import Notification, NotificationKind, Role, TrainingAssignment
from carsales.training.assignments.recurrence import spawn_due, week_began
from tests.conftest import TestDealership
from tests.training.test_assignments_api import ASSIGNMENTS, assign


@pytest.mark.parametrize(
    ("today", "weekday", "began"),
    [
        (date(2026, 12, 7), 0, date(2026, 12, 7)),  # a Monday, for Mondays: today
        (date(2026, 12, 9), 0, date(2026, 12, 7)),  # a Wednesday: the Monday before
        (date(2026, 12, 6), 0, date(2026, 11, 30)),  # a Sunday: six days back
        (date(2026, 12, 7), 6, date(2026, 12, 6)),  # a Monday, for Sundays: yesterday
    ],
)
def test_a_week_begins_on_the_latest_such_weekday(today: date, weekday: int, began: date) -> None:
    assert week_began(today, weekday) == began


async def spawn(app: FastAPI, now: datetime) -> int:
    async with transaction(app.state.sessionmaker) as db:
        return await spawn_due(db, now)


async def weeks(db: AsyncSession, series_id: str) -> list[TrainingAssignment]:
    db.expire_all()
    rows = await db.scalars(
        select(TrainingAssignment)
        .where(TrainingAssignment.series_id == series_id)
        .order_by(TrainingAssignment.occurs_on)
    )
    return list(rows)


async def test_each_week_is_opened_once_on_its_weekday(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    manager, seller = dealership[Role.manager], dealership[Role.salesperson]
    now = utcnow()
    weekday = (now.weekday() + 2) % 7  # the series' day comes in two days
    created = await assign(
        client, manager, seller, recurrence="weekly", weekday=weekday, passMark=70, note="Drill"
    )
    assert created.status_code == 201, created.text
    first = created.json()
    assert (first["recurrence"], first["weekday"], first["seriesId"]) == (
        "weekly",
        weekday,
        first["id"],
    )
    # The first week is open at once, due a week on.
    assert abs(datetime.fromisoformat(first["dueAt"]) - (now + timedelta(days=7))).seconds < 60

    assert await spawn(app, now) == 0
    assert await spawn(app, now + timedelta(days=1)) == 0  # the weekday has not come
    two_days_on = now + timedelta(days=2)
    assert await spawn(app, two_days_on) == 1
    assert await spawn(app, two_days_on + timedelta(hours=5)) == 0  # idempotent

    _, second_week = await weeks(db, first["id"])
    assert second_week.occurs_on == two_days_on.date()
    assert second_week.due_at == datetime.combine(
        two_days_on.date() + timedelta(days=7), datetime.min.time(), UTC
    )
    assert (second_week.user_id, second_week.scenario_id, second_week.note) == (
        seller.user.id,
        "objection-price",
        "Drill",
    )
    assert (second_week.pass_mark, second_week.weekday) == (70, weekday)
    told = await db.scalar(
        select(func.count())
        .select_from(Notification)
        .where(
            Notification.user_id == seller.user.id,
            Notification.kind == NotificationKind.assignment_new,
        )
    )
    assert told == 2  # the first week (when assigned) and the second

    # Missed weeks are not made up: three weeks later, only the current week opens.
    assert await spawn(app, two_days_on + timedelta(days=21)) == 1
    assert len(await weeks(db, first["id"])) == 3


async def test_workers_running_at_once_open_the_week_once(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    now = utcnow()
    created = await assign(
        client,
        dealership[Role.manager],
        dealership[Role.salesperson],
        recurrence="weekly",
        weekday=now.weekday(),
    )
    series_id = created.json()["seriesId"]
    next_week = now + timedelta(days=7)
    results = await asyncio.gather(*(spawn(app, next_week) for _ in range(4)))
    assert sum(results) == 1
    assert len(await weeks(db, series_id)) == 2


async def test_withdrawing_a_week_ends_the_series(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    manager = dealership[Role.manager]
    now = utcnow()
    created = await assign(
        client, manager, dealership[Role.salesperson], recurrence="weekly", weekday=now.weekday()
    )
    series_id = created.json()["seriesId"]
    assert await spawn(app, now + timedelta(days=7)) == 1
    latest = (await weeks(db, series_id))[-1]
    deleted = await client.delete(f"{ASSIGNMENTS}/{latest.id}", headers=manager.headers)
    assert deleted.status_code == 204
    assert await spawn(app, now + timedelta(days=14)) == 0
    [kept] = await weeks(db, series_id)
    assert kept.id == created.json()["id"]
    listed = await client.get(ASSIGNMENTS, headers=manager.headers)
    assert listed.json()["items"][0]["recurrence"] == "none"
