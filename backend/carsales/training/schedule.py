"""Training's scheduled work (run by every job-running process, claimed once per period, see
notifications/scheduler.py): new weeks of recurring assignments, reminders of assignments due
tomorrow, and the managers' weekly digest."""

from carsales.config import Settings
from carsales.db import transaction
from carsales.notifications.scheduler import ScheduledTask, Tick
from carsales.training.assignments.notices import remind_due_tomorrow
from carsales.training.assignments.recurrence import spawn_due
from carsales.training.digest import send_weekly_digests

RECURRENCE_TASK = "assignment_recurrence"


async def open_recurring_weeks(tick: Tick) -> int:
    """`spawn_due` is idempotent on its own; the hourly claim only spares the other processes
    the same queries (and SQLite concurrent writers)."""
    if not await tick.claim(RECURRENCE_TASK, f"{tick.now:%Y-%m-%dT%H}"):
        return 0
    async with transaction(tick.sessionmaker) as db:
        return await spawn_due(db, tick.now)


def scheduled_tasks(settings: Settings) -> list[ScheduledTask]:
    async def digests(tick: Tick) -> int:
        return await send_weekly_digests(tick, settings)

    return [
        ScheduledTask(RECURRENCE_TASK, open_recurring_weeks),
        ScheduledTask("assignment_due", remind_due_tomorrow),
        ScheduledTask("weekly_digest", digests),
    ]
