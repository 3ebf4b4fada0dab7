"""All SQL of assignments, scoped to one dealership."""

from collections.abc import Sequence

from carsales.kit.pagination import PageParams
from carsales.kit.repository import TenantRepository
from carsales.models import TrainingAssignment, TrainingSession, User
from carsales.training.assignments.schemas import AssignmentListQuery
from carsales.training.repository import owned_by_visible


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
        self, viewer: User, query: AssignmentListQuery, page: PageParams
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
        return await self._page(statement, page)

    async def fulfil(self, session: TrainingSession) -> None:
        """Marks the open assignments `session` fulfils: its practiser's, of its scenario, given
        before it started. A session without a scenario fulfils none."""
        if session.scenario_id is None:
            return
        await self.session.execute(
            self._update()
            .where(
                TrainingAssignment.user_id == session.user_id,
                TrainingAssignment.scenario_id == session.scenario_id,
                TrainingAssignment.completed_session_id.is_(None),
                TrainingAssignment.created_at <= session.started_at,
            )
            .values(completed_session_id=session.id)
        )
