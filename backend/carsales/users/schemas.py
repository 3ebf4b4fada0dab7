from enum import StrEnum
from typing import Annotated, Literal

from pydantic import EmailStr, Field, StringConstraints
from pydantic.json_schema import SkipJsonSchema

from carsales.auth.schemas import Name as RequiredName
from carsales.auth.schemas import OpaqueToken, Password, UtcDatetime
from carsales.kit.repository import ID_PATTERN
from carsales.kit.schema import ApiModel, PatchModel
from carsales.models import Role, Theme

Name = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=40, pattern=r"^[0-9 +()\-]*$")
]
Language = Literal["en", "es", "fr", "de"]


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


class LockedUserOut(ApiModel):
    user_id: str
    email: str


class InvitationIn(ApiModel):
    email: EmailStr
    role: Role
    manager_id: str | None = None


class InvitationOut(ApiModel):
    id: str
    email: str
    role: Role
    expires_at: UtcDatetime
    created_at: UtcDatetime


class InvitationCreatedOut(InvitationOut):
    invite_url: str | None = Field(
        description="The link to pass on by hand when no e-mail was sent (no mail server is "
        "configured; never in production); null when the e-mail carries it"
    )
    email_sent: bool = Field(description="Whether an e-mail with the link is on its way")


class BulkInvitationIn(ApiModel):
    csv: str = Field(
        min_length=1,
        max_length=200_000,
        description="CSV text: name, e-mail, role, manager's e-mail; a first line naming the "
        "columns may set another order",
    )
    create: bool = Field(
        default=False,
        description="false: check every line only (the preview); true: also invite the lines "
        "without errors",
    )


class BulkInvitationLine(ApiModel):
    line: int = Field(description="The line's number in the file, counting from 1")
    name: str
    email: str
    role: Role | None
    manager_email: str | None
    errors: list[str] = Field(description="Why this line cannot be invited, as sentences")
    invitation: InvitationCreatedOut | None = Field(
        default=None, description="The invitation made for this line (create only)"
    )


class BulkInvitationOut(ApiModel):
    lines: list[BulkInvitationLine]
    valid: int = Field(description="Lines without errors")
    invalid: int
    created: int


class InvitationPreviewOut(ApiModel):
    email: str
    role: Role
    dealership_name: str
    expires_at: UtcDatetime


class AcceptInvitationIn(ApiModel):
    token: OpaqueToken
    password: Password
    first_name: RequiredName
    last_name: RequiredName
