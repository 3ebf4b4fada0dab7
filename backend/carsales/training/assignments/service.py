"""Rules of assignments: managers ask their salespeople to practise a scenario."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from carsales.errors import BadRequest, Forbidden, NotFound
from carsales.kit.ids import new_id
from carsales.kit.pagination import PageParams
from carsales.kit.time import as_utc, utcnow
from carsales.models import Recurrence, Role, TrainingAssignment, User
from carsales.storage import Storage
from carsales.training.assignments.attempts import Attempt
from carsales.training.assignments.notices import announce
from carsales.training.assignments.recurrence import WEEK
from carsales.training.assignments.repository import AssignmentRepository
from carsales.training.assignments.schemas import (
    AssignmentCreate,
    AssignmentListQuery,
    AssignmentOut,
    AssignmentStatus,
    AttemptOut,
)
from carsales.training.scenarios.service import ScenarioService, UnknownScenario
from carsales.users.repository import UserRepository


class InvalidAssignee(BadRequest):
    code = "invalid_assignee"
    title = "This user cannot be given this assignment"


class DueInPast(BadRequest):
    code = "due_in_past"
    title = "The due date has passed"


class AssignmentService:
    """Managers ask their salespeople to practise a scenario."""

    def __init__(self, db: AsyncSession, storage: Storage, actor: User) -> None:
        self.db = db
        self.actor = actor
        self.assignments = AssignmentRepository(db, actor.dealership_id)
        self.scenarios = ScenarioService(db, storage, actor)

    async def create(self, body: AssignmentCreate) -> TrainingAssignment:
        scenario = await self.scenarios.find(body.scenario_id)
        if scenario is None:
            raise UnknownScenario("No such scenario.")
        now = utcnow()
        # Overdue from the moment it is given, it would count against the salesperson unfairly.
        if body.due_at is not None and as_utc(body.due_at) < now:
            raise DueInPast("Choose a due date that is today or later.")
        row = TrainingAssignment(
            id=new_id(),
            dealership_id=self.actor.dealership_id,
            scenario_id=body.scenario_id,
            user=await self._assignee(body.user_id),
            assigned_by=self.actor,
            note=body.note or None,
            due_at=body.due_at,
            recurrence=body.recurrence,
            weekday=body.weekday,
            pass_mark=body.pass_mark,
            pass_on=body.pass_on,
        )
        if body.recurrence is Recurrence.weekly:
            # The first week is today's; the scheduler adds the next ones (recurrence.py).
            row.series_id = row.id
            row.occurs_on = now.date()
            row.due_at = body.due_at or now + WEEK
        self.db.add(row)
        await self.db.flush()
        await announce(self.db, row, scenario.title)
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
        return await self.assignments.list_visible(self.actor, query, page, utcnow())

    async def delete(self, assignment_id: str) -> None:
        row = await self.assignments.get_visible(assignment_id, self.actor)
        if row is None:
            raise NotFound("No such assignment.")
        if row.user_id == self.actor.id and self.actor.role is not Role.admin:
            raise Forbidden("Only whoever manages you can withdraw your assignments.")
        if row.series_id is not None:
            # Withdrawing any week of a weekly assignment stops the weeks to come.
            await self.assignments.end_series(row.series_id)
        await self.db.delete(row)
        await self.db.flush()

    async def to_out(self, rows: Sequence[TrainingAssignment]) -> list[AssignmentOut]:
        scenarios = await self.scenarios.by_ids(sorted({row.scenario_id for row in rows}))
        attempts = await self.assignments.attempts(rows)
        now = utcnow()
        out = []
        for row in rows:
            scenario = scenarios.get(row.scenario_id)
            tried = _attempts_at(row, attempts)
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
                    status=_status(row, now),
                    completed_session_id=row.completed_session_id,
                    recurrence=row.recurrence,
                    weekday=row.weekday,
                    series_id=row.series_id,
                    pass_mark=row.pass_mark,
                    pass_on=row.pass_on,
                    attempts=[
                        AttemptOut(
                            session_id=attempt.session_id,
                            at=as_utc(attempt.at),
                            overall_score=attempt.overall_score,
                            rubric_passed=attempt.rubric_passed,
                            rubric_total=attempt.rubric_total,
                            passed=attempt.passes(row.pass_mark, row.pass_on),
                        )
                        for attempt in tried
                    ],
                )
            )
        return out


def _status(row: TrainingAssignment, now: datetime) -> AssignmentStatus:
    if row.completed_session_id is not None:
        return AssignmentStatus.done
    if row.due_at is not None and as_utc(row.due_at) < now:
        return AssignmentStatus.overdue
    return AssignmentStatus.open


def _attempts_at(row: TrainingAssignment, attempts: Sequence[Attempt]) -> list[Attempt]:
    """Those of `attempts` (oldest first) at `row`: its assignee's sessions of its scenario since
    it was given, up to the one that passed it (later practice belongs to no attempt of it)."""
    tried = []
    for attempt in attempts:
        if (attempt.user_id, attempt.scenario_id) != (row.user_id, row.scenario_id):
            continue
        if as_utc(attempt.at) < as_utc(row.created_at):
            continue
        tried.append(attempt)
        if attempt.session_id == row.completed_session_id:
            break
    return tried
