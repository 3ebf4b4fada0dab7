from typing import Any

from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carsales.models.base import ID_LENGTH, Base, IdMixin, TimestampMixin
from carsales.models.training_session import SessionType


class TrainingScenario(IdMixin, TimestampMixin, Base):
    """A scenario a manager wrote for their dealership (the built-in library is data:
    carsales/training/scenarios/builtin/*.toml)."""

    __tablename__ = "training_scenarios"
    __table_args__ = (
        CheckConstraint("pass_mark >= 0 AND pass_mark <= 100", name="pass_mark_range"),
    )

    dealership_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("dealerships.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL")
    )
    session_type: Mapped[SessionType] = mapped_column(
        Enum(SessionType, native_enum=False, length=20)
    )
    title: Mapped[str] = mapped_column(String(120))
    persona: Mapped[str] = mapped_column(Text)
    situation: Mapped[str] = mapped_column(Text)
    vehicle: Mapped[str] = mapped_column(String(200))
    customer_lines: Mapped[list[str]] = mapped_column(JSON, default=list)
    # [{"id": ..., "label": ..., "phrases": [...]}]: see training/speech/rubric.py
    rubric: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The overall score (0-100) a session of this scenario needs to pass; 70 is the judge's
    # DEFAULT_PASS_MARK (models sit below the training package, so it is not imported).
    pass_mark: Mapped[int] = mapped_column(default=70, server_default="70")
    archived: Mapped[bool] = mapped_column(default=False)
