"""The team dashboard's request parameters and responses."""

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from carsales.kit.repository import ID_PATTERN
from carsales.kit.schema import ApiModel
from carsales.models import SessionType

Period = Literal["week", "month", "quarter", "all"]
MeasureStatus = Literal["good", "fair", "poor"]


class MembersQuery(ApiModel):
    period: Period = Field(
        default="month", description="The window of the averages (trend: against the one before)"
    )


class TrendsQuery(ApiModel):
    weeks: int = Field(default=12, ge=1, le=52)
    user_id: str | None = Field(default=None, pattern=ID_PATTERN, description="One person only")


class DistributionQuery(ApiModel):
    period: Period = "month"


class LeaderboardQuery(ApiModel):
    period: Period = "month"
    scenario_id: str | None = Field(default=None, max_length=64)
    session_type: SessionType | None = None


class SessionCounts(ApiModel):
    week: int = Field(description="Since Monday 00:00 UTC")
    days30: int
    total: int


class Scores(ApiModel):
    confidence: float | None
    clarity: float | None
    pace: float | None
    volume: float | None


class Measures(ApiModel):
    words_per_minute: float | None
    fillers_per100: float | None
    longest_monologue_s: float | None
    questions_asked: float | None
    rubric_pass_rate: float | None = Field(description="Rubric items passed of those judged, 0-1")
    overall_score: float | None


class MeasureStatuses(ApiModel):
    words_per_minute: MeasureStatus | None
    fillers_per100: MeasureStatus | None
    longest_monologue_s: MeasureStatus | None
    questions_asked: MeasureStatus | None
    rubric_pass_rate: MeasureStatus | None
    overall_score: MeasureStatus | None


class AssignmentCounts(ApiModel):
    open: int
    overdue: int


class HeldCertificationOut(ApiModel):
    id: str
    name: str
    awarded_at: datetime
    expires_at: datetime | None


class MemberRow(ApiModel):
    user_id: str
    name: str
    email: str
    sessions: SessionCounts
    scores: Scores = Field(description="Averages over the period")
    score_trend: Scores = Field(description="Period average minus the previous period's")
    measures: Measures
    measure_status: MeasureStatuses = Field(description="Against the training targets")
    last_practice_at: datetime | None
    assignments: AssignmentCounts
    certifications: list[HeldCertificationOut]


class TrendPoint(ApiModel):
    week: date
    sessions: int
    confidence: float | None
    clarity: float | None
    pace: float | None
    volume: float | None
    overall: float | None


class PersonTrend(ApiModel):
    user_id: str
    name: str
    points: list[TrendPoint]


class Trends(ApiModel):
    weeks: list[date] = Field(description="The Mondays (UTC) the weeks start on, oldest first")
    people: list[PersonTrend]


class Bin(ApiModel):
    from_: float = Field(alias="from")
    to: float
    count: int


class Band(ApiModel):
    low: float
    high: float


class Histogram(ApiModel):
    bins: list[Bin] = Field(description="The first and last bins also hold what lies beyond")
    target: Band


class Distribution(ApiModel):
    words_per_minute: Histogram
    fillers_per100: Histogram


class LeaderboardEntry(ApiModel):
    rank: int
    user_id: str
    name: str
    score: float = Field(description="The composite, 0-100")
    level: float = Field(description="Average session score in the period, 0-100")
    improvement: float | None = Field(description="Against the window before; null: none")
    sessions: int


class Leaderboard(ApiModel):
    composite: str = Field(description="How the score is made, in words")
    entries: list[LeaderboardEntry]
