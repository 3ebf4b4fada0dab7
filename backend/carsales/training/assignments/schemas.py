"""Request and response bodies of assignments."""

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from carsales.kit.repository import ID_PATTERN
from carsales.kit.schema import ApiModel
from carsales.models import SessionType
from carsales.training.scenarios.schemas import SCENARIO_ID_PATTERN

Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]


class AssignmentCreate(ApiModel):
    scenario_id: str = Field(pattern=SCENARIO_ID_PATTERN)
    user_id: str = Field(pattern=ID_PATTERN, description="The salesperson asked to practise")
    note: Note | None = None
    due_at: datetime | None = None


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
    completed_session_id: str | None = Field(
        description="The session that fulfilled the assignment; null while it is open"
    )


class AssignmentListQuery(ApiModel):
    user_id: str | None = Field(default=None, pattern=ID_PATTERN)
    completed: bool | None = None
