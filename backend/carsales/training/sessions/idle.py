"""Sessions whose tab was closed do not stay "in progress" forever: a live session (active or
paused) without audio for `training_idle_minutes` is ended by the scheduler as if its owner had
pressed stop (`SessionService.end_idle`): what was recorded becomes its recording and is
analysed. Every job-running process sweeps; a conditional UPDATE lets one of them end each
session, and a sweep that fails (the audio quota full) leaves it for the next one."""

from datetime import timedelta

import structlog

from carsales.config import Settings
from carsales.db import transaction
from carsales.jobs.quotas import QuotaExceeded
from carsales.models import User
from carsales.notifications.scheduler import ScheduledTask, Tick
from carsales.storage import Storage
from carsales.training.sessions.repository import idle_sessions
from carsales.training.sessions.service import Enqueue, SessionService

log = structlog.get_logger(__name__)
IDLE_TASK = "idle_sessions"


async def end_idle_sessions(
    tick: Tick, settings: Settings, storage: Storage, enqueue: Enqueue
) -> int:
    """Ends every idle session, each in a transaction of its own; returns how many it ended."""
    silent_since = tick.now - timedelta(minutes=settings.training_idle_minutes)
    async with tick.sessionmaker() as db:
        found = await idle_sessions(db, silent_since)
    ended = 0
    for session_id, user_id in found:
        try:
            async with transaction(tick.sessionmaker) as db:
                owner = await db.get(User, user_id)
                if owner is None:
                    continue
                service = SessionService(db, settings, storage, enqueue, owner)
                if await service.end_idle(session_id, silent_since) is not None:
                    ended += 1
        except QuotaExceeded:
            # The dealership's recordings in analysis are over the quota: the session stays
            # open (rolled back) and the next sweep tries again, once some have finished.
            log.info("idle_session_end_deferred", session_id=session_id)
        except Exception:
            # One session's failure must not hold up the others.
            log.exception("idle_session_end_failed", session_id=session_id)
    if ended:
        log.info("idle_sessions_ended", count=ended)
    return ended


def idle_sessions_task(settings: Settings, storage: Storage, enqueue: Enqueue) -> ScheduledTask:
    async def run(tick: Tick) -> int:
        return await end_idle_sessions(tick, settings, storage, enqueue)

    return ScheduledTask(IDLE_TASK, run)
