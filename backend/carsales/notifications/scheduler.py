"""Work that must happen once per period (a dealership's weekly digest, one reminder per
assignment) although every process that runs jobs also runs this scheduler.

A task claims each period's work by inserting a ScheduledRun row with a unique (task,
period_key), in a transaction of its own, before doing the work: of several processes that try
at once, only the one whose insert commits goes on; the others get the unique violation and
skip it. The claim commits before the work, so the guarantee is at most once: work that fails
after its claim (an SMTP server that is down) is logged, not retried in that period.

Claims are kept for CLAIMS_KEPT, far longer than any period a task claims (a week), then
deleted once a day, so the table does not grow without end.
"""

import asyncio
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy.exc
import structlog
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.db import transaction
from carsales.kit.time import utcnow
from carsales.models import ScheduledRun

log = structlog.get_logger(__name__)
CLAIMS_KEPT = timedelta(days=30)
PRUNE_TASK = "forget_old_claims"


@dataclass(frozen=True)
class Tick:
    """One look at the clock by one process's scheduler."""

    sessionmaker: async_sessionmaker[AsyncSession]
    now: datetime
    worker: str

    async def claim(self, task: str, period_key: str) -> bool:
        """Whether this process may do `task`'s work for `period_key`: True once, for one
        process only, however many try."""
        if not await self.unclaimed(task, [period_key]):
            return False
        try:
            async with transaction(self.sessionmaker) as db:
                db.add(
                    ScheduledRun(
                        task=task,
                        period_key=period_key,
                        claimed_by=self.worker,
                        claimed_at=self.now,
                    )
                )
        except sqlalchemy.exc.IntegrityError:
            return False
        return True

    async def unclaimed(self, task: str, period_keys: Collection[str]) -> list[str]:
        """Those of `period_keys` nobody has claimed yet, in their order: the only ones worth
        trying to claim, since the scheduler looks every minute and a claim that loses costs a
        failed insert."""
        async with self.sessionmaker() as db:
            taken = set(
                await db.scalars(
                    select(ScheduledRun.period_key).where(
                        ScheduledRun.task == task, ScheduledRun.period_key.in_(period_keys)
                    )
                )
            )
        return [key for key in period_keys if key not in taken]


@dataclass(frozen=True)
class ScheduledTask:
    name: str
    run: Callable[[Tick], Awaitable[object]]
    """Does whatever is due at `tick.now`, claiming each piece of work before it."""


async def forget_old_claims(tick: Tick) -> int:
    """Delete the claims older than CLAIMS_KEPT, once a day; returns how many."""
    if not await tick.claim(PRUNE_TASK, f"{tick.now:%Y-%m-%d}"):
        return 0
    async with transaction(tick.sessionmaker) as db:
        result = await db.execute(
            delete(ScheduledRun).where(ScheduledRun.claimed_at < tick.now - CLAIMS_KEPT)
        )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def run_due(
    sessionmaker: async_sessionmaker[AsyncSession],
    tasks: Sequence[ScheduledTask],
    worker: str,
    now: datetime | None = None,
) -> None:
    """Run every task once, and the scheduler's own clean-up; one task's failure does not keep
    the others from running."""
    tick = Tick(sessionmaker, now or utcnow(), worker)
    for task in (*tasks, ScheduledTask(PRUNE_TASK, forget_old_claims)):
        try:
            await task.run(tick)
        except Exception:
            log.exception("scheduled_task_failed", task=task.name)


async def schedule_forever(
    sessionmaker: async_sessionmaker[AsyncSession],
    tasks: Sequence[ScheduledTask],
    worker: str,
    interval: float,
) -> None:
    """Every `interval` seconds, run what is due (beside the job sweep of each process)."""
    while True:
        await run_due(sessionmaker, tasks, worker)
        await asyncio.sleep(interval)
