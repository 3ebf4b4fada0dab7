from enum import StrEnum
from typing import Annotated, ClassVar, Literal

from pydantic import ConfigDict, Field, StringConstraints, ValidationInfo, field_validator
from pydantic.json_schema import SkipJsonSchema

from carsales.kit.repository import ID_PATTERN
from carsales.kit.schema import ApiModel
from carsales.models import Role, Theme

Name = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=40, pattern=r"^[0-9 +()\-]*$")
]
Language = Literal["en", "es", "fr", "de"]


class PatchModel(ApiModel):
    """A partial update: a field left out stays as it is.

    Null is refused unless the field is listed in `nullable_fields`, because for most fields it
    could mean either "leave it" or "clear it"; an unknown field is refused rather than silently
    ignored, so that a client sending `role` to its own profile learns that it had no effect.
    """

    model_config = ConfigDict(extra="forbid")
    nullable_fields: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*")
    @classmethod
    def _refuse_null(cls, value: object, info: ValidationInfo) -> object:
        if value is None and info.field_name not in cls.nullable_fields:
            raise ValueError("may be left out, but not null")
        return value


class ProfileUpdate(PatchModel):
    first_name: Name | SkipJsonSchema[None] = None
    last_name: Name | SkipJsonSchema[None] = None
    phone: Phone | SkipJsonSchema[None] = Field(
        default=None, description="Digits, spaces and + - ( ) only"
    )


class PreferencesUpdate(PatchModel):
    language: Language | SkipJsonSchema[None] = None
    theme: Theme | SkipJsonSchema[None] = None
    notifications: bool | SkipJsonSchema[None] = None


class SelfUpdate(PatchModel):
    """What every user may change about themself."""

    profile: ProfileUpdate | SkipJsonSchema[None] = None
    preferences: PreferencesUpdate | SkipJsonSchema[None] = None


class UserUpdate(PatchModel):
    """What an admin may change about a user of their dealership."""

    nullable_fields = frozenset({"manager_id"})

    role: Role | SkipJsonSchema[None] = None
    manager_id: str | None = Field(
        default=None,
        pattern=ID_PATTERN,
        description="The manager a salesperson reports to; null: reports to nobody",
    )
    profile: ProfileUpdate | SkipJsonSchema[None] = None


class UserSort(StrEnum):
    email = "email"
    email_desc = "-email"
    last_name = "lastName"
    last_name_desc = "-lastName"
    created_at = "createdAt"
    created_at_desc = "-createdAt"
    role = "role"
    role_desc = "-role"


class UserListQuery(ApiModel):
    role: Role | None = None
    active: bool | None = None
    q: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="Part of the e-mail, first or last name (case-insensitive)",
    )
    sort: UserSort = UserSort.last_name
