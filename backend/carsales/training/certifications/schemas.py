"""Request and response bodies of certifications."""

from datetime import datetime
from typing import Annotated, ClassVar

from pydantic import Field, field_validator

from carsales.kit.schema import ApiModel, PatchModel
from carsales.training.assignments.schemas import PassMark
from carsales.training.scenarios.schemas import SCENARIO_ID_PATTERN, LongText, Title

MAX_ITEMS = 20
ValidDays = Annotated[int, Field(ge=1, le=3650, description="How long an award is valid")]


class CertificationItem(ApiModel):
    scenario_id: str = Field(pattern=SCENARIO_ID_PATTERN)
    pass_mark: PassMark = Field(description="The judge's overall score a session must reach")


Items = Annotated[list[CertificationItem], Field(min_length=1, max_length=MAX_ITEMS)]


def _distinct(items: list[CertificationItem] | None) -> list[CertificationItem] | None:
    if items is not None and len({item.scenario_id for item in items}) != len(items):
        raise ValueError("each scenario may appear once")
    return items


class CertificationCreate(ApiModel):
    name: Title
    description: LongText | None = None
    valid_days: ValidDays | None = Field(default=None, description="Null: valid for good")
    items: Items

    _distinct_items = field_validator("items")(_distinct)


class CertificationUpdate(PatchModel):
    nullable_fields: ClassVar[frozenset[str]] = frozenset({"description", "valid_days"})

    name: Title | None = None
    description: LongText | None = None
    valid_days: ValidDays | None = None
    items: Items | None = None

    _distinct_items = field_validator("items")(_distinct)


class CertificationItemOut(ApiModel):
    scenario_id: str
    scenario_title: str | None = Field(description="Null when the scenario no longer exists")
    pass_mark: int
    passed: bool = Field(description="Whether the caller has passed it (within the validity)")


class AwardOut(ApiModel):
    awarded_at: datetime
    expires_at: datetime | None
    expired: bool


class CertificationOut(ApiModel):
    id: str
    name: str
    description: str | None
    valid_days: int | None
    items: list[CertificationItemOut]
    created_by_id: str | None
    created_at: datetime
    award: AwardOut | None = Field(description="The caller's award, expired ones included")


class HolderOut(AwardOut):
    user_id: str
    user_name: str
