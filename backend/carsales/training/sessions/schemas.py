"""Request and response bodies of practice sessions and their reports."""

from datetime import datetime
from typing import Literal

from pydantic import Field, model_validator

from carsales.kit.repository import ID_PATTERN
from carsales.kit.schema import ApiModel
from carsales.models import JobStatus, SessionMode, SessionSource, SessionStatus, SessionType
from carsales.training.judge.judge import JudgeKind
from carsales.training.scenarios.schemas import SCENARIO_ID_PATTERN, ScenarioOut
from carsales.training.speech.feedback import FeedbackType, Severity
from carsales.training.speech.lexicon import FillerKind


class SessionCreate(ApiModel):
    session_type: SessionType | None = Field(
        default=None, description="Required unless scenarioId is given; the scenario's type wins"
    )
    scenario_id: str | None = Field(default=None, pattern=SCENARIO_ID_PATTERN)
    mode: SessionMode = Field(
        default=SessionMode.solo,
        description="'roleplay': the scenario's customer answers each turn (needs a scenarioId)",
    )

    @model_validator(mode="after")
    def _type_or_scenario(self) -> "SessionCreate":
        if self.session_type is None and self.scenario_id is None:
            raise ValueError("give a sessionType or a scenarioId")
        if self.mode is SessionMode.roleplay and self.scenario_id is None:
            raise ValueError("a role-play needs a scenarioId")
        return self


class ScoreCaptionsOut(ApiModel):
    """What each score means for this session, in its measures' numbers (speech/scores.py)."""

    confidence: str
    clarity: str
    pace: str
    volume: str


class MetricsOut(ApiModel):
    """The four 0-100 scores (null where the recording gave too little to judge)."""

    confidence: int | None
    clarity: int | None
    pace: int | None
    volume: int | None
    captions: ScoreCaptionsOut | None = Field(
        default=None, description="What each score means for this session; null in old reports"
    )


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
    level_sd_db: float | None = Field(
        default=None, description="Steadiness: SD of the speech level per second of speech, dB"
    )
    unclear_word_percent: float | None = Field(
        default=None, description="Percent of words the recogniser was unsure of"
    )
    talk_ratio: float | None = Field(
        default=None,
        description="Role-play: the salesperson's share of the talk time, 0-1",
    )
    patience_s: float | None = Field(
        default=None,
        description="Role-play: median pause before answering a customer's objection, seconds",
    )


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
    evidence: str | None = Field(
        description="The salesperson's words that show the item, or that undid it, verbatim"
    )
    timestamp: float | None
    similarity: float | None = Field(
        default=None, description="Cosine similarity of the evidence to the closest exemplar"
    )
    reason: str | None = Field(default=None, description="Why the item passed or failed")
    model_answer: str | None = Field(
        default=None, description="For a failed item: what a passing answer says"
    )
    judge: JudgeKind = Field(
        default="offline",
        description="Who decided the item: the embedding judge, or the language model on a quote "
        "found in the transcript (docs/training-judge.md)",
    )
    fallback_reason: str | None = Field(
        default=None,
        description="Why the language model's verdict was set aside (a quote not in the "
        "transcript, a time-out...); null when it decided or was not configured",
    )


class MoveOut(ApiModel):
    """A negative move: pressure, dismissing the concern, an early discount, talking over, or
    disrespect (`kind`: pressure, dismissive, discount-before-value, talking-over, disrespect)."""

    kind: str
    evidence: str
    timestamp: float | None
    why: str


class JudgementWeightsOut(ApiModel):
    content: float
    delivery: float


class JudgementOut(ApiModel):
    """How the overall score was reached (docs/training-judge.md)."""

    overall: int
    passed: bool
    pass_mark: int
    content: int = Field(description="0-100: the rubric judged by meaning, less negative moves")
    delivery: int | None = Field(description="0-100: the mean of the four delivery scores")
    relevance: float = Field(description="Share of what was said that is about the scenario")
    off_topic: bool
    weights: JudgementWeightsOut
    reasons: list[str]
    moves: list[MoveOut]
    judge: JudgeKind = Field(
        default="offline", description="'llm' when the language model decided at least one item"
    )
    fallback_reason: str | None = Field(
        default=None, description="Why the language model decided no item, when it was asked"
    )


class TurnOut(ApiModel):
    """One turn of a role-play; times are session time (the recording's seconds)."""

    speaker: Literal["salesperson", "customer"]
    start: float
    end: float
    text: str
    move: str | None = Field(
        default=None,
        description="Salesperson: the most telling move of the turn (disrespected, pushed, "
        "discounted, closed, showed value, isolated, asked, acknowledged)",
    )
    moves: list[str] = Field(default=[], description="Salesperson: every move of the turn")
    objection: bool | None = Field(
        default=None, description="Customer: an objection stands after this line"
    )
    outcome: Literal["agreed", "walked_away"] | None = Field(
        default=None, description="Customer: how the conversation ended, on its last line"
    )
    audio_url: str | None = Field(
        default=None, description="Customer: GET (authenticated) the line as WAV"
    )


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
    overall: int | None = Field(
        default=None, description="0-100, content and delivery combined; null without a scenario"
    )
    passed: bool | None = Field(
        default=None, description="Whether `overall` reached the scenario's pass mark"
    )
    judgement: JudgementOut | None = None
    mode: SessionMode = SessionMode.solo
    turns: list[TurnOut] | None = Field(
        default=None, description="Role-play: the conversation, in order; null in solo practice"
    )


class SessionListQuery(ApiModel):
    user_id: str | None = Field(default=None, pattern=ID_PATTERN)
    status: SessionStatus | None = None
    session_type: SessionType | None = None
