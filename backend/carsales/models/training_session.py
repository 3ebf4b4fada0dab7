import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carsales.models.base import ID_LENGTH, Base, IdMixin, TimestampMixin
from carsales.models.processing_job import ProcessingJob
from carsales.models.user import User


class SessionType(enum.StrEnum):
    pitch = "pitch"
    objection = "objection"
    closing = "closing"


class SessionStatus(enum.StrEnum):
    active = "active"
    paused = "paused"
    completed = "completed"


class SessionSource(enum.StrEnum):
    live = "live"  # streamed from the browser's microphone
    upload = "upload"  # a recording uploaded whole


class SessionMode(enum.StrEnum):
    solo = "solo"  # the salesperson speaks; the customer's lines play on demand
    roleplay = "roleplay"  # the customer answers each turn (training/roleplay/)


class TrainingSession(IdMixin, TimestampMixin, Base):
    """One practice session and its report. The report fields stay empty until the final
    analysis (a processing job of type `speech_analysis`) has written them."""

    __tablename__ = "training_sessions"
    __table_args__ = (
        # The team dashboard's aggregates: per person over a period (with the status, a
        # person's session counts are read from the index alone), and the whole team's.
        Index(
            "ix_training_sessions_dealership_user_started",
            "dealership_id",
            "user_id",
            "started_at",
            "status",
        ),
        Index("ix_training_sessions_dealership_started", "dealership_id", "started_at"),
    )

    dealership_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("dealerships.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    session_type: Mapped[SessionType] = mapped_column(
        Enum(SessionType, native_enum=False, length=20)
    )
    # A built-in scenario's key or a custom scenario's id, and a copy of the scenario as it was
    # when the session started: later edits must not change what an old report was judged on.
    scenario_id: Mapped[str | None] = mapped_column(String(64), index=True)
    scenario: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[SessionStatus] = mapped_column(
        Enum(SessionStatus, native_enum=False, length=20), default=SessionStatus.active, index=True
    )
    source: Mapped[SessionSource] = mapped_column(
        Enum(SessionSource, native_enum=False, length=20), default=SessionSource.live
    )
    mode: Mapped[SessionMode] = mapped_column(
        Enum(SessionMode, native_enum=False, length=20), default=SessionMode.solo
    )
    # Role-play: the conversation so far, salesperson's and customer's turns in order (their
    # session times, text, moves; the customer's also the engine's state after it).
    turns: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    duration_s: Mapped[float | None]
    # Live audio arrives in numbered parts (see training/recording.py); `live_parts` is how many
    # consecutive parts from 0 are stored, `live_seconds` how much audio they hold.
    live_parts: Mapped[int] = mapped_column(default=0)
    live_seconds: Mapped[float] = mapped_column(default=0.0)
    # When the last live part arrived: a live session silent for `training_idle_minutes` is
    # ended by the scheduler (training/sessions/idle.py), as if its owner had pressed stop.
    last_audio_at: Mapped[datetime | None]
    # The whole recording once it is complete (always 16 kHz mono WAV for live sessions).
    audio_key: Mapped[str | None] = mapped_column(String(400))
    audio_content_type: Mapped[str | None] = mapped_column(String(60))
    audio_bytes: Mapped[int | None]
    analysis_job_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("processing_jobs.id", ondelete="SET NULL"), index=True
    )
    # The report, written by the final analysis.
    model: Mapped[str | None] = mapped_column(String(40))
    metrics: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the four 0-100 scores
    transcript: Mapped[str | None] = mapped_column(Text)
    words: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    measures: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    feedback: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    timelines: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # pace and loudness
    rubric: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # The judge's verdict when the session had a scenario: overall score, passed, content and
    # delivery scores, relevance, negative moves, reasons (carsales/training/judge/).
    judgement: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Numbers of the report above, copied out of the JSON when it is written (`copy_report`) so
    # that the team dashboard averages them in SQL. Null until analysed, or when not measured.
    score_confidence: Mapped[int | None]
    score_clarity: Mapped[int | None]
    score_pace: Mapped[int | None]
    score_volume: Mapped[int | None]
    overall_score: Mapped[int | None]  # the judge's; sessions without a scenario have none
    passed: Mapped[bool | None]
    words_per_minute: Mapped[float | None]
    fillers_per_100: Mapped[float | None]
    longest_monologue_s: Mapped[float | None]
    questions_asked: Mapped[int | None]
    rubric_passed: Mapped[int | None]
    rubric_total: Mapped[int | None]

    analysis_job: Mapped[ProcessingJob | None] = relationship(lazy="selectin")
    user: Mapped[User] = relationship(lazy="selectin")  # for the owner's name in lists
