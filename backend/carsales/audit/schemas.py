from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from carsales.kit.repository import ID_PATTERN
from carsales.kit.schema import ApiModel
from carsales.kit.time import as_utc

# A filter bound, compared in UTC (the zone the trail is written in); without a zone it is UTC.
Bound = Annotated[datetime, AfterValidator(lambda value: as_utc(value).astimezone(UTC))]


class AuditQuery(ApiModel):
    action: str | None = Field(
        default=None,
        max_length=60,
        # No control characters: PostgreSQL refuses a NUL in text (an error, not "no match").
        pattern=r"^[^\x00-\x1f]*$",
        description="Part of the action's name, any case; spaces match underscores",
        examples=["role changed"],
    )
    actor_id: str | None = Field(default=None, pattern=ID_PATTERN, description="Who acted")
    since: Bound | None = Field(default=None, description="Events at or after this time")
    until: Bound | None = Field(default=None, description="Events before this time")


class AuditEventOut(ApiModel):
    id: str
    action: str
    actor_id: str | None
    actor_email: str | None
    actor_name: str | None = Field(description="The actor's name now, else the e-mail recorded")
    target_type: str | None
    target_id: str | None
    target_name: str | None = Field(
        description="What was acted on, by name (a person, a vehicle, a content item...)"
    )
    summary: str = Field(description="The event as one sentence")
    ip: str | None
    user_agent: str | None
    details: dict[str, Any]
    created_at: Annotated[datetime, AfterValidator(as_utc)]  # SQLite drops the zone
