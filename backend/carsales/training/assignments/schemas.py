"""Request and response bodies of assignments."""

import enum
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from carsales.kit.repository import ID_PATTERN
from carsales.kit.schema import ApiModel
from carsales.models import PassOn, Recurrence, SessionType
from carsales.training.scenarios.schemas import SCENARIO_ID_PATTERN

Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
PassMark = Annotated[int, Field(ge=0, le=100)]


class AssignmentStatus(enum.StrEnum):
    open = "open"
    overdue = "overdue"  # open, and its due date has passed
    done = "done"  # an attempt passed


class AssignmentCreate(ApiModel):
    scenario_id: str = Field(pattern=SCENARIO_ID_PATTERN)
    user_id: str = Field(pattern=ID_PATTERN, description="The salesperson asked to practise")
    note: Note | None = None
    due_at: datetime | None = Field(
        default=None, description="Of a weekly assignment's first week: 7 days on when left out"
    )
    recurrence: Recurrence = Field(
        default=Recurrence.none,
        description="weekly: a new assignment every week on `weekday`, due 7 days later",
    )
    weekday: int | None = Field(
        default=None, ge=0, le=6, description="0 Monday .. 6 Sunday; required when weekly"
    )
    pass_mark: PassMark | None = Field(
        default=None,
        description="0-100 an attempt must reach on `passOn` to complete the assignment; "
        "null: the scenario's own pass mark",
    )
    pass_on: PassOn = Field(
        default=PassOn.overall,
        description="overall: the judge's overall score; rubric: the percent of rubric items done",
    )

    @model_validator(mode="after")
    def _weekday_when_weekly(self) -> "AssignmentCreate":
        if (self.recurrence is Recurrence.weekly) != (self.weekday is not None):
            raise ValueError("give a weekday exactly when the recurrence is weekly")
        return self


class AttemptOut(ApiModel):
    """An analysed session of the assignment's scenario by its assignee, since it was given."""

    session_id: str
    at: datetime
    overall_score: int | None
    rubric_passed: int | None
    rubric_total: int | None
    passed: bool = Field(description="Whether it reached the assignment's pass mark")


class AssignmentOut(ApiModel):
    id: str
    scenario_id: str
    scenario_title: str | None = Field(description="Null when the scenario no longer exists")
    session_type: SessionType | None
    user_id: str
    user_name: str
    assigned_by_id: str | None
    assigned_by_name: str | None
    note: str | None
    due_at: datetime | None
    created_at: datetime
    status: AssignmentStatus
    completed_session_id: str | None = Field(
        description="The session whose attempt passed; null while it is open"
    )
    recurrence: Recurrence
    weekday: int | None
    series_id: str | None = Field(description="Shared by the weeks of a weekly assignment")
    pass_mark: int | None
    pass_on: PassOn
    attempts: list[AttemptOut] = Field(description="Oldest first; up to the one that passed")


class AssignmentListQuery(ApiModel):
    user_id: str | None = Field(default=None, pattern=ID_PATTERN)
    completed: bool | None = None
    status: AssignmentStatus | None = None
