"""All SQL of the training domain, scoped to one dealership."""

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute

from carsales.kit.pagination import PageParams
from carsales.kit.repository import TenantRepository
from carsales.models import (
    Role,
    SessionType,
    TrainingAssignment,
    TrainingScenario,
    TrainingSession,
    User,
)
from carsales.training.schemas import AssignmentListQuery, SessionListQuery


def _owned_by_visible(owner: InstrumentedAttribute[Any], viewer: User) -> ColumnElement[bool]:
    """An admin sees the whole dealership's training, a manager their own and their team's,
    anyone else only their own."""
    if viewer.role is Role.admin:
        return true()
    if viewer.role is Role.manager:
        team = select(User.id).where(User.manager_id == viewer.id)
        return or_(owner == viewer.id, owner.in_(team))
    return owner == viewer.id


class SessionRepository(TenantRepository[TrainingSession]):
    model = TrainingSession

    async def get_visible(
        self, session_id: str, viewer: User, *, lock: bool = False
    ) -> TrainingSession | None:
        """`lock`: held until the transaction ends, so that a state change and the live audio
        handler (which counts parts into the same row) do not interleave."""
        statement = self._select().where(
            TrainingSession.id == session_id, _owned_by_visible(TrainingSession.user_id, viewer)
        )
        if lock:
            statement = statement.with_for_update(of=TrainingSession)
        return await self.session.scalar(statement)

    async def list_visible(
        self, viewer: User, query: SessionListQuery, page: PageParams
    ) -> tuple[Sequence[TrainingSession], int]:
        statement = (
            self._select()
            .where(_owned_by_visible(TrainingSession.user_id, viewer))
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


class ScenarioRepository(TenantRepository[TrainingScenario]):
    model = TrainingScenario

    async def list_current(self, session_type: SessionType | None) -> Sequence[TrainingScenario]:
        statement = (
            self._select()
            .where(TrainingScenario.archived.is_(False))
            .order_by(TrainingScenario.title, TrainingScenario.id)
        )
        if session_type is not None:
            statement = statement.where(TrainingScenario.session_type == session_type)
        return (await self.session.scalars(statement)).all()

    async def by_ids(self, scenario_ids: Collection[str]) -> dict[str, TrainingScenario]:
        """The dealership's scenarios among `scenario_ids` (archived ones included), by id."""
        if not scenario_ids:
            return {}
        statement = self._select().where(TrainingScenario.id.in_(scenario_ids))
        return {found.id: found for found in await self.session.scalars(statement)}


class AssignmentRepository(TenantRepository[TrainingAssignment]):
    model = TrainingAssignment

    async def get_visible(self, assignment_id: str, viewer: User) -> TrainingAssignment | None:
        return await self.session.scalar(
            self._select().where(
                TrainingAssignment.id == assignment_id,
                _owned_by_visible(TrainingAssignment.user_id, viewer),
            )
        )

    async def list_visible(
        self, viewer: User, query: AssignmentListQuery, page: PageParams
    ) -> tuple[Sequence[TrainingAssignment], int]:
        # Open ones first, then by due date (undated last) and newest.
        statement = (
            self._select()
            .where(_owned_by_visible(TrainingAssignment.user_id, viewer))
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
