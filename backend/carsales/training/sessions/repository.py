"""All SQL of practice sessions, scoped to one dealership (but for `active_session_ids`)."""

from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.kit.pagination import PageParams
from carsales.kit.repository import TenantRepository
from carsales.models import SessionStatus, TrainingSession, User
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
            .values(live_parts=seq + 1, live_seconds=TrainingSession.live_seconds + seconds)
            .returning(TrainingSession.live_seconds)
        )

    async def analysed_by(self, job_id: str) -> TrainingSession | None:
        """The session whose final analysis is the job `job_id`."""
        return await self.session.scalar(
            self._select().where(TrainingSession.analysis_job_id == job_id)
        )


async def active_session_ids(db: AsyncSession, session_ids: Collection[str]) -> set[str]:
    """Those of `session_ids` that are still active. Not scoped to a dealership: the ids are
    the live states of this process, each of which was checked when its audio was taken."""
    statement = select(TrainingSession.id).where(
        TrainingSession.id.in_(list(session_ids)),
        TrainingSession.status == SessionStatus.active,
    )
    return set(await db.scalars(statement))
