"""What assignments tell the assignee under the bell: a new one, and one due tomorrow."""

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.db import transaction
from carsales.kit.time import as_utc
from carsales.models import NotificationKind, TrainingAssignment
from carsales.notifications.scheduler import Tick
from carsales.notifications.service import notify
from carsales.training.scenarios.library import builtin_scenario
from carsales.training.scenarios.repository import ScenarioRepository

# Where the assignee finds their assignments (the training page's "My assignments").
ASSIGNMENTS_LINK = "/training/"
DUE_TASK = "assignment_due"


async def announce(db: AsyncSession, assignment: TrainingAssignment, scenario_title: str) -> None:
    """Tell the assignee about a new assignment, in the transaction that creates it."""
    due = f" Due {as_utc(assignment.due_at):%a %d %b}." if assignment.due_at else ""
    by = assignment.assigned_by.full_name if assignment.assigned_by else "Your manager"
    await notify(
        db,
        dealership_id=assignment.dealership_id,
        user_id=assignment.user_id,
        kind=NotificationKind.assignment_new,
        title=f"New assignment: {scenario_title}",
        body=f"{by} asked you to practise “{scenario_title}”.{due}",
        link=ASSIGNMENTS_LINK,
    )


async def _scenario_title(db: AsyncSession, assignment: TrainingAssignment) -> str:
    builtin = builtin_scenario(assignment.scenario_id)
    if builtin is not None:
        return builtin.title
    custom = await ScenarioRepository(db, assignment.dealership_id).by_ids([assignment.scenario_id])
    found = custom.get(assignment.scenario_id)
    return found.title if found else "your assignment"


async def remind_due_tomorrow(tick: Tick) -> int:
    """Notify the assignee of each open assignment due within the next 24 hours, once per
    assignment and due time (moving the due date reminds again). Returns how many reminders
    this process sent."""
    async with tick.sessionmaker() as db:
        rows = (
            await db.scalars(
                select(TrainingAssignment).where(
                    TrainingAssignment.completed_session_id.is_(None),
                    TrainingAssignment.due_at > tick.now,
                    TrainingAssignment.due_at <= tick.now + timedelta(days=1),
                )
            )
        ).all()
    keys = {f"{row.id}:{as_utc(row.due_at or tick.now).isoformat()}": row for row in rows}
    sent = 0
    for key in await tick.unclaimed(DUE_TASK, list(keys)):
        if not await tick.claim(DUE_TASK, key):
            continue
        row = keys[key]
        due_at = as_utc(row.due_at or tick.now)
        note = f" {row.note}" if row.note else ""
        async with transaction(tick.sessionmaker) as db:
            title = await _scenario_title(db, row)
            await notify(
                db,
                dealership_id=row.dealership_id,
                user_id=row.user_id,
                kind=NotificationKind.assignment_due,
                title=f"Due tomorrow: {title}",
                body=f"Your assignment is due {due_at:%a %d %b, %H:%M} UTC.{note}",
                link=ASSIGNMENTS_LINK,
            )
        sent += 1
    return sent
