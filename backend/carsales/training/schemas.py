"""Request and response bodies of the training API: sessions, scenarios and assignments."""

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator
from pydantic.json_schema import SkipJsonSchema

from carsales.kit.repository import ID_PATTERN
from carsales.kit.schema import ApiModel
from carsales.models import JobStatus, SessionSource, SessionStatus, SessionType
from carsales.training.speech.feedback import FeedbackType, Severity
from carsales.training.speech.lexicon import FillerKind
from carsales.training.speech.rubric import (
    MAX_ID_CHARS,
    MAX_ITEMS,
    MAX_LABEL_CHARS,
    MAX_PHRASE_CHARS,
    MAX_PHRASES,
)
from carsales.users.schemas import PatchModel

# A built-in scenario's key ("objection-price") or a custom scenario's id.
SCENARIO_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
RUBRIC_ID_PATTERN = rf"^[a-z0-9][a-z0-9-]{{0,{MAX_ID_CHARS - 1}}}$"

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Vehicle = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
CustomerLine = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)
]
Label = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_LABEL_CHARS)
]
Phrase = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_PHRASE_CHARS)
]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]

MAX_LINES = 30


# Scenarios


class RubricItemOut(ApiModel):
    id: str
    label: str
    phrases: list[str] = Field(
        description="Saying any one of these passes; `*` is one word, `...` a few (see docs)"
    )


class ScenarioOut(ApiModel):
    id: str = Field(description="A built-in scenario's key, or a custom scenario's id")
    builtin: bool
    session_type: SessionType
    title: str
    persona: str
    situation: str
    vehicle: str
    customer_lines: list[str] = Field(description="What the customer says, in order")
    rubric: list[RubricItemOut]


class RubricItemIn(ApiModel):
    id: str | None = Field(
        default=None,
        pattern=RUBRIC_ID_PATTERN,
        description="Stable key of the item; made from the label when left out",
    )
    label: Label
    phrases: list[Phrase] = Field(min_length=1, max_length=MAX_PHRASES)


class ScenarioCreate(ApiModel):
    session_type: SessionType
    title: Title
    persona: LongText = ""
    situation: LongText = ""
    vehicle: Vehicle = ""
    customer_lines: list[CustomerLine] = Field(default=[], max_length=MAX_LINES)
    rubric: list[RubricItemIn] = Field(default=[], max_length=MAX_ITEMS)


class ScenarioUpdate(PatchModel):
    session_type: SessionType | SkipJsonSchema[None] = None
    title: Title | SkipJsonSchema[None] = None
    persona: LongText | SkipJsonSchema[None] = None
    situation: LongText | SkipJsonSchema[None] = None
    vehicle: Vehicle | SkipJsonSchema[None] = None
    customer_lines: list[CustomerLine] | SkipJsonSchema[None] = Field(
        default=None, max_length=MAX_LINES
    )
    rubric: list[RubricItemIn] | SkipJsonSchema[None] = Field(default=None, max_length=MAX_ITEMS)


# Assignments


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


# Sessions


class SessionCreate(ApiModel):
    session_type: SessionType | None = Field(
        default=None, description="Required unless scenarioId is given; the scenario's type wins"
    )
    scenario_id: str | None = Field(default=None, pattern=SCENARIO_ID_PATTERN)

    @model_validator(mode="after")
    def _type_or_scenario(self) -> "SessionCreate":
        if self.session_type is None and self.scenario_id is None:
            raise ValueError("give a sessionType or a scenarioId")
        return self


class MetricsOut(ApiModel):
    """The four 0-100 scores (null where the recording gave too little to judge)."""

    confidence: int | None
    clarity: int | None
    pace: int | None
    volume: int | None


class AnalysisOut(ApiModel):
    """The final analysis job: `jobId` matches the `job.*` real-time events."""

    job_id: str
    status: JobStatus
    progress: int
    error: str | None


class TrainingSessionSummary(ApiModel):
    id: str
    user_id: str
    user_name: str
    session_type: SessionType
    scenario_id: str | None
    scenario_title: str | None
    status: SessionStatus
    source: SessionSource
    started_at: datetime
    ended_at: datetime | None
    duration_s: float | None
    metrics: MetricsOut | None
    analysis: AnalysisOut | None


class ReportWordOut(ApiModel):
    word: str
    start: float
    end: float
    probability: float
    filler: FillerKind | None
    hedge: bool
    recovered: bool = Field(
        default=False, description="A filler the main transcription missed, found by a second pass"
    )


class MeasuresOut(ApiModel):
    """The measures behind the scores (carsales/training/speech/metrics.py, docs/training.md)."""

    duration_s: float
    speech_s: float
    talk_time_s: float
    word_count: int
    words_per_minute: float | None
    articulation_rate: float | None
    filler_count: int
    hesitation_count: int
    fillers_per_100_words: float | None
    fillers_per_minute: float | None
    weighted_fillers_per_100_words: float | None
    hesitations_per_100_words: float | None
    hedge_count: int
    hedges_per_100_words: float | None
    pause_count: int
    longest_pause_s: float
    longest_monologue_s: float
    question_count: int
    mean_word_probability: float | None
    pitch_mean_hz: float | None
    pitch_sd_semitones: float | None
    monotone: bool | None
    speech_dbfs: float | None
    peak_dbfs: float | None
    loudness_lufs: float | None
    snr_db: float | None
    clipped_percent: float


class FeedbackOut(ApiModel):
    timestamp: float = Field(description="Seconds from the start of the recording")
    type: FeedbackType
    message: str
    severity: Severity
    rule: str


class TimelinePointOut(ApiModel):
    start: float
    end: float
    value: float | None


class TimelinesOut(ApiModel):
    pace: list[TimelinePointOut] = Field(description="Words per minute over 30 s windows")
    loudness: list[TimelinePointOut] = Field(description="dBFS per second; null where silent")


class RubricResultOut(ApiModel):
    id: str
    label: str
    passed: bool
    evidence: str | None
    timestamp: float | None


class TrainingSessionOut(TrainingSessionSummary):
    scenario: ScenarioOut | None = Field(description="The scenario as it was at the start")
    live_parts: int
    live_seconds: float
    has_audio: bool
    model: str | None
    transcript: str | None
    words: list[ReportWordOut]
    measures: MeasuresOut | None
    feedback: list[FeedbackOut]
    timelines: TimelinesOut | None
    rubric: list[RubricResultOut]


class SessionListQuery(ApiModel):
    user_id: str | None = Field(default=None, pattern=ID_PATTERN)
    status: SessionStatus | None = None
    session_type: SessionType | None = None


class AssignmentListQuery(ApiModel):
    user_id: str | None = Field(default=None, pattern=ID_PATTERN)
    completed: bool | None = None
