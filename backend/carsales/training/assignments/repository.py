"""All SQL of assignments, scoped to one dealership."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, select, tuple_

from carsales.kit.pagination import PageParams
from carsales.kit.repository import TenantRepository
from carsales.models import Recurrence, TrainingAssignment, TrainingSession, User
from carsales.training.assignments.attempts import Attempt
from carsales.training.assignments.schemas import AssignmentListQuery, AssignmentStatus
from carsales.training.repository import owned_by_visible


def with_status(status: AssignmentStatus, now: datetime) -> ColumnElement[bool]:
    done = TrainingAssignment.completed_session_id.is_not(None)
    late = and_(TrainingAssignment.due_at.is_not(None), TrainingAssignment.due_at < now)
    if status is AssignmentStatus.done:
        return done
    if status is AssignmentStatus.overdue:
        return and_(~done, late)
    return and_(~done, ~late)


class AssignmentRepository(TenantRepository[TrainingAssignment]):
    model = TrainingAssignment

    async def get_visible(self, assignment_id: str, viewer: User) -> TrainingAssignment | None:
        return await self.session.scalar(
            self._select().where(
                TrainingAssignment.id == assignment_id,
                owned_by_visible(TrainingAssignment.user_id, viewer),
            )
        )

    async def list_visible(
        self, viewer: User, query: AssignmentListQuery, page: PageParams, now: datetime
    ) -> tuple[Sequence[TrainingAssignment], int]:
        # Open ones first, then by due date (undated last) and newest.
        statement = (
            self._select()
            .where(owned_by_visible(TrainingAssignment.user_id, viewer))
            .order_by(
                TrainingAssignment.completed_session_id.is_not(None),
                TrainingAssignment.due_at.is_(None),
                TrainingAssignment.due_at,
                TrainingAssignment.created_at.desc(),
                TrainingAssignment.id,
            )
        )
        if query.user_id is not None:
            statement = statement.where(TrainingAssignment.user_id == query.user_id)
        if query.completed is not None:
            done = TrainingAssignment.completed_session_id.is_not(None)
            statement = statement.where(done if query.completed else ~done)
        if query.status is not None:
            statement = statement.where(with_status(query.status, now))
        return await self._page(statement, page)

    async def attempts(self, rows: Sequence[TrainingAssignment]) -> list[Attempt]:
        """The analysed sessions that may be attempts at any of `rows`: of their assignees and
        scenarios, since the oldest of them was given. Oldest first."""
        if not rows:
            return []
        pairs = sorted({(row.user_id, row.scenario_id) for row in rows})
        statement = (
            select(
                TrainingSession.id,
                TrainingSession.user_id,
                TrainingSession.scenario_id,
                TrainingSession.started_at,
                TrainingSession.overall_score,
                TrainingSession.passed,
                TrainingSession.rubric_passed,
                TrainingSession.rubric_total,
            )
            .where(
                TrainingSession.dealership_id == self.dealership_id,
                tuple_(TrainingSession.user_id, TrainingSession.scenario_id).in_(pairs),
                TrainingSession.started_at >= min(row.created_at for row in rows),
                # Set by the final analysis only: an unanalysed session is no attempt yet.
                TrainingSession.model.is_not(None),
            )
            .order_by(TrainingSession.started_at, TrainingSession.id)
        )
        # The columns above are Attempt's fields, in order.
        return [Attempt(*row) for row in await self.session.execute(statement)]

    async def fulfil(self, session: TrainingSession) -> None:
        """Completes the open assignments that `session` passes: its practiser's, of its
        scenario, given before it started, whose pass mark it reaches. A session without a
        scenario fulfils none."""
        if session.scenario_id is None:
            return
        candidates = await self.session.scalars(
            self._select().where(
                TrainingAssignment.user_id == session.user_id,
                TrainingAssignment.scenario_id == session.scenario_id,
                TrainingAssignment.completed_session_id.is_(None),
                TrainingAssignment.created_at <= session.started_at,
            )
        )
        attempt = Attempt.of(session)
        for assignment in candidates:
            if attempt.passes(assignment.pass_mark, assignment.pass_on):
                assignment.completed_session_id = session.id

    async def end_series(self, series_id: str) -> None:
        """No more weeks of the series: its remaining weeks stay, as one-off assignments."""
        await self.session.execute(
            self._update()
            .where(TrainingAssignment.series_id == series_id)
            .values(recurrence=Recurrence.none)
        )
