import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carsales.models.base import ID_LENGTH, Base, IdMixin, TimestampMixin
from carsales.models.user import User


class Recurrence(enum.StrEnum):
    none = "none"
    weekly = "weekly"


class PassOn(enum.StrEnum):
    """Which score an attempt's pass mark is held against."""

    overall = "overall"  # the judge's overall score
    rubric = "rubric"  # the share of rubric items done, in percent


class TrainingAssignment(IdMixin, TimestampMixin, Base):
    """A manager asks a salesperson to practise a scenario (built-in or custom). A weekly
    assignment is a series: one row per week, each occurrence its own assignment
    (training/assignments/recurrence.py)."""

    __tablename__ = "training_assignments"
    # One occurrence per series and week, however many schedulers run at once.
    __table_args__ = (UniqueConstraint("series_id", "occurs_on"),)

    dealership_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("dealerships.id", ondelete="CASCADE"), index=True
    )
    scenario_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    assigned_by_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL")
    )
    note: Mapped[str | None] = mapped_column(Text)
    due_at: Mapped[datetime | None]
    recurrence: Mapped[Recurrence] = mapped_column(
        Enum(Recurrence, native_enum=False, length=20), default=Recurrence.none
    )
    weekday: Mapped[int | None]  # of a weekly series: 0 Monday .. 6 Sunday
    # The id of the series' first occurrence, and the day (UTC) this occurrence began.
    series_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    occurs_on: Mapped[date | None]
    # 0-100 against `pass_on`; null: the scenario's own pass (its judge), else any analysis.
    pass_mark: Mapped[int | None]
    pass_on: Mapped[PassOn] = mapped_column(
        Enum(PassOn, native_enum=False, length=20), default=PassOn.overall
    )
    # The first passing session of this scenario by the assignee after the assignment
    # (see `pass_mark`).
    completed_session_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("training_sessions.id", ondelete="SET NULL")
    )

    # For the names shown in lists.
    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="selectin")
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id], lazy="selectin")
