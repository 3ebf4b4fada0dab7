"""All SQL of practice sessions, scoped to one dealership (but for `active_session_ids` and
`idle_sessions`)."""

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.jobs.repository import IN_FLIGHT
from carsales.kit.pagination import PageParams
from carsales.kit.repository import TenantRepository
from carsales.kit.time import utcnow
from carsales.models import ProcessingJob, SessionSource, SessionStatus, TrainingSession, User
from carsales.training.repository import owned_by_visible
from carsales.training.sessions.schemas import SessionListQuery


class SessionRepository(TenantRepository[TrainingSession]):
    model = TrainingSession

    async def get_visible(
        self, session_id: str, viewer: User, *, lock: bool = False
    ) -> TrainingSession | None:
        """`lock`: held until the transaction ends, so that a state change and the live audio
        handler (which counts parts into the same row) do not interleave."""
        statement = self._select().where(
            TrainingSession.id == session_id, owned_by_visible(TrainingSession.user_id, viewer)
        )
        if lock:
            statement = statement.with_for_update(of=TrainingSession)
        return await self.session.scalar(statement)

    async def list_visible(
        self, viewer: User, query: SessionListQuery, page: PageParams
    ) -> tuple[Sequence[TrainingSession], int]:
        statement = (
            self._select()
            .where(owned_by_visible(TrainingSession.user_id, viewer))
            .order_by(TrainingSession.started_at.desc(), TrainingSession.id)
        )
        # A userId the viewer may not see simply matches nothing.
        if query.user_id is not None:
            statement = statement.where(TrainingSession.user_id == query.user_id)
        if query.status is not None:
            statement = statement.where(TrainingSession.status == query.status)
        if query.session_type is not None:
            statement = statement.where(TrainingSession.session_type == query.session_type)
        return await self._page(statement, page)

    async def practised_by(self, session_id: str, user_id: str) -> TrainingSession | None:
        """The session, if `user_id` practises in it and is still an active user: the one
        whose live audio is taken."""
        return await self.session.scalar(
            self._select()
            .join(User, User.id == TrainingSession.user_id)
            .where(
                TrainingSession.id == session_id,
                TrainingSession.user_id == user_id,
                User.is_active,
            )
        )

    async def count_live_part(self, session_id: str, seq: int, seconds: float) -> float | None:
        """Counts live part `seq` (of `seconds`) into the session, and gives its new
        `live_seconds`; None when it was not counted. The UPDATE only matches while the session
        is active and `live_parts` equals `seq`, so two deliveries of one part never both
        count."""
        return await self.session.scalar(
            self._update()
            .where(
                TrainingSession.id == session_id,
                TrainingSession.live_parts == seq,
                TrainingSession.status == SessionStatus.active,
            )
            .values(
                live_parts=seq + 1,
                live_seconds=TrainingSession.live_seconds + seconds,
                last_audio_at=utcnow(),
            )
            .returning(TrainingSession.live_seconds)
        )

    async def close_if_idle(self, session_id: str, silent_since: datetime) -> bool:
        """Completes the session if it is open and silent since `silent_since`; whether it did.
        One conditional UPDATE: of processes sweeping at once exactly one wins, and a session
        its owner has just stopped, or whose part has just been counted, is left alone."""
        result = await self.session.execute(
            self._update()
            .where(TrainingSession.id == session_id, *_idle_since(silent_since))
            .values(status=SessionStatus.completed)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def analysed_by(self, job_id: str) -> TrainingSession | None:
        """The session whose final analysis is the job `job_id`."""
        return await self.session.scalar(
            self._select().where(TrainingSession.analysis_job_id == job_id)
        )

    async def audio_seconds_in_flight(self) -> float:
        """Seconds of the dealership's recordings whose analysis is queued or running (the
        audio quota)."""
        seconds = await self.session.scalar(
            select(func.sum(TrainingSession.duration_s))
            .join(ProcessingJob, TrainingSession.analysis_job_id == ProcessingJob.id)
            .where(
                TrainingSession.dealership_id == self.dealership_id,
                ProcessingJob.status.in_(IN_FLIGHT),
            )
        )
        return float(seconds or 0)


def _idle_since(silent_since: datetime) -> tuple[ColumnElement[bool], ...]:
    """Open live sessions whose last audio (or start, when none came) is before `silent_since`."""
    return (
        TrainingSession.status.in_([SessionStatus.active, SessionStatus.paused]),
        TrainingSession.source == SessionSource.live,
        func.coalesce(TrainingSession.last_audio_at, TrainingSession.started_at) < silent_since,
    )


async def idle_sessions(db: AsyncSession, silent_since: datetime) -> list[tuple[str, str]]:
    """(session id, owner id) of every dealership's open live sessions silent since
    `silent_since`: the idle sweep's work, which runs for the whole database."""
    statement = select(TrainingSession.id, TrainingSession.user_id).where(
        *_idle_since(silent_since)
    )
    return [(session_id, user_id) for session_id, user_id in await db.execute(statement)]


async def active_session_ids(db: AsyncSession, session_ids: Collection[str]) -> set[str]:
    """Those of `session_ids` that are still active. Not scoped to a dealership: the ids are
    the live states of this process, each of which was checked when its audio was taken."""
    statement = select(TrainingSession.id).where(
        TrainingSession.id.in_(list(session_ids)),
        TrainingSession.status == SessionStatus.active,
    )
    return set(await db.scalars(statement))
