import enum
from datetime import date

from pydantic import Field

from carsales.kit.schema import ApiModel


class UsageKind(enum.StrEnum):
    """What a usage event counts (docs/analytics.md)."""

    login = "login"
    session_started = "session_started"
    session_completed = "session_completed"
    photos_processed = "photos_processed"  # quantity: the photos of one job
    content_generated = "content_generated"  # quantity: the pieces written; detail: channel
    content_published = "content_published"  # detail: the channel


class UsageQuery(ApiModel):
    weeks: int = Field(default=12, ge=1, le=52, description="How many ISO weeks, this one last")


class UsageWeek(ApiModel):
    week_start: date = Field(description="The Monday the week starts on (UTC)")
    active_users: int = Field(description="People who used the product in the week")
    logins: int
    sessions_started: int
    sessions_completed: int
    sessions_per_active_user: float | None = Field(
        description="Sessions completed per active user; null without active users"
    )
    photos_processed: int
    content_generated: int
    content_published: dict[str, int] = Field(description="Pieces published, by channel")
    minutes_saved: int = Field(description="Estimated, from `assumptions`")


class UsageTotals(ApiModel):
    active_users: int = Field(description="Distinct people over all the weeks")
    sessions_completed: int
    photos_processed: int
    content_generated: int
    content_published: int
    minutes_saved: int


class TimeSavedAssumption(ApiModel):
    kind: UsageKind
    minutes_each: int
    text: str


class UsageReport(ApiModel):
    weeks: list[UsageWeek] = Field(description="Oldest first")
    channels: list[str] = Field(description="The channels content was published to")
    totals: UsageTotals
    assumptions: list[TimeSavedAssumption] = Field(
        description="What the time saved is estimated from, in words"
    )
