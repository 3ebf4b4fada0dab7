"""Rules of assignments: managers ask their salespeople to practise a scenario."""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from carsales.errors import BadRequest, Forbidden, NotFound
from carsales.kit.pagination import PageParams
from carsales.kit.time import as_utc
from carsales.models import Role, TrainingAssignment, User
from carsales.storage import Storage
from carsales.training.assignments.repository import AssignmentRepository
from carsales.training.assignments.schemas import (
    AssignmentCreate,
    AssignmentListQuery,
    AssignmentOut,
)
from carsales.training.scenarios.service import ScenarioService, UnknownScenario
from carsales.users.repository import UserRepository


class InvalidAssignee(BadRequest):
    code = "invalid_assignee"
    title = "This user cannot be given this assignment"


class AssignmentService:
    """Managers ask their salespeople to practise a scenario."""

    def __init__(self, db: AsyncSession, storage: Storage, actor: User) -> None:
        self.db = db
        self.actor = actor
        self.assignments = AssignmentRepository(db, actor.dealership_id)
        self.scenarios = ScenarioService(db, storage, actor)

    async def create(self, body: AssignmentCreate) -> TrainingAssignment:
        if await self.scenarios.find(body.scenario_id) is None:
            raise UnknownScenario("No such scenario.")
        row = TrainingAssignment(
            dealership_id=self.actor.dealership_id,
            scenario_id=body.scenario_id,
            user=await self._assignee(body.user_id),
            assigned_by=self.actor,
            note=body.note or None,
            due_at=body.due_at,
        )
        self.db.add(row)
        await self.db.flush()
        return row

    async def _assignee(self, user_id: str) -> User:
        user = await UserRepository(self.db, self.actor.dealership_id).get(user_id)
        if self.actor.role is Role.admin:
            if user is None or not user.is_active:
                raise InvalidAssignee("userId must be an active user of this dealership.")
        elif user is None or not user.is_active or user.manager_id != self.actor.id:
            raise InvalidAssignee("userId must be an active salesperson on your team.")
        return user

    async def list_visible(
        self, query: AssignmentListQuery, page: PageParams
    ) -> tuple[Sequence[TrainingAssignment], int]:
        return await self.assignments.list_visible(self.actor, query, page)

    async def delete(self, assignment_id: str) -> None:
        row = await self.assignments.get_visible(assignment_id, self.actor)
        if row is None:
            raise NotFound("No such assignment.")
        if row.user_id == self.actor.id and self.actor.role is not Role.admin:
            raise Forbidden("Only whoever manages you can withdraw your assignments.")
        await self.db.delete(row)
        await self.db.flush()

    async def to_out(self, rows: Sequence[TrainingAssignment]) -> list[AssignmentOut]:
        scenarios = await self.scenarios.by_ids(sorted({row.scenario_id for row in rows}))
        out = []
        for row in rows:
            scenario = scenarios.get(row.scenario_id)
            out.append(
                AssignmentOut(
                    id=row.id,
                    scenario_id=row.scenario_id,
                    scenario_title=scenario.title if scenario else None,
                    session_type=scenario.session_type if scenario else None,
                    user_id=row.user_id,
                    user_name=row.user.full_name,
                    assigned_by_id=row.assigned_by_id,
                    assigned_by_name=row.assigned_by.full_name if row.assigned_by else None,
                    note=row.note,
                    due_at=as_utc(row.due_at) if row.due_at else None,
                    created_at=as_utc(row.created_at),
                    completed_session_id=row.completed_session_id,
                )
            )
        return out
