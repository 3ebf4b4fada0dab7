"""Weekly assignments: each week of a series is an assignment of its own, created by the
scheduler (notifications/, which calls `spawn_due`) on the series' weekday, due 7 days later.

A series is the rows sharing `series_id` (the first week's id); `occurs_on` is the day (UTC) a
week began. The unique key (series_id, occurs_on) makes `spawn_due` idempotent: several workers
running it at once, or one running it twice, create each week once.
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.kit.ids import new_id
from carsales.kit.inserts import insert_once
from carsales.models import Recurrence, TrainingAssignment, User
from carsales.training.assignments.notices import announce
from carsales.training.scenarios.library import builtin_scenario
from carsales.training.scenarios.repository import ScenarioRepository

WEEK = timedelta(days=7)


def week_began(today: date, weekday: int) -> date:
    """The latest day on or before `today` that is a `weekday` (0 Monday .. 6 Sunday)."""
    return today - timedelta(days=(today.weekday() - weekday) % 7)


def due_after(occurs_on: date) -> datetime:
    """A week's due time: the start (UTC) of the same weekday a week later."""
    return datetime.combine(occurs_on + WEEK, time(), UTC)


async def spawn_due(db: AsyncSession, now: datetime) -> int:
    """Creates the current week of every weekly series whose weekday has come since its latest
    week, and tells the assignee; returns how many it created. Missed weeks are not made up:
    only the current one is created. Series of deactivated people pause. The caller commits.

    Across dealerships: the scheduler runs it once for the whole database."""
    latest = (
        select(
            TrainingAssignment.series_id,
            func.max(TrainingAssignment.occurs_on).label("occurs_on"),
        )
        .where(TrainingAssignment.series_id.is_not(None))
        .group_by(TrainingAssignment.series_id)
        .subquery()
    )
    statement = (
        select(TrainingAssignment)
        .join(
            latest,
            and_(
                TrainingAssignment.series_id == latest.c.series_id,
                TrainingAssignment.occurs_on == latest.c.occurs_on,
            ),
        )
        .join(User, User.id == TrainingAssignment.user_id)
        .where(TrainingAssignment.recurrence == Recurrence.weekly, User.is_active)
    )
    created = 0
    for last in (await db.scalars(statement)).all():
        assert last.weekday is not None and last.occurs_on is not None  # weekly rows have them
        week = week_began(now.date(), last.weekday)
        if week <= last.occurs_on:
            continue
        values = _next_week(last, week, now)
        if await insert_once(db, TrainingAssignment, values, ["series_id", "occurs_on"]):
            created += 1
            spawned = await db.get(TrainingAssignment, values["id"])
            assert spawned is not None  # inserted just now
            await announce(db, spawned, await _scenario_title(db, last))
    return created


async def _scenario_title(db: AsyncSession, assignment: TrainingAssignment) -> str:
    builtin = builtin_scenario(assignment.scenario_id)
    if builtin is not None:
        return builtin.title
    custom = await ScenarioRepository(db, assignment.dealership_id).get(assignment.scenario_id)
    return custom.title if custom is not None else "your scenario"


def _next_week(last: TrainingAssignment, week: date, now: datetime) -> dict[str, Any]:
    return {
        "id": new_id(),
        "dealership_id": last.dealership_id,
        "scenario_id": last.scenario_id,
        "user_id": last.user_id,
        "assigned_by_id": last.assigned_by_id,
        "note": last.note,
        "recurrence": Recurrence.weekly,
        "weekday": last.weekday,
        "series_id": last.series_id,
        "occurs_on": week,
        "pass_mark": last.pass_mark,
        "pass_on": last.pass_on,
        "due_at": due_after(week),
        "created_at": now,
        "updated_at": now,
    }
