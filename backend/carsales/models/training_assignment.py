from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carsales.models.base import ID_LENGTH, Base, IdMixin, TimestampMixin
from carsales.models.user import User


class TrainingAssignment(IdMixin, TimestampMixin, Base):
    """A manager asks a salesperson to practise a scenario (built-in or custom)."""

    __tablename__ = "training_assignments"

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
    # The first completed session of this scenario by the assignee after the assignment.
    completed_session_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("training_sessions.id", ondelete="SET NULL")
    )

    # For the names shown in lists.
    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="selectin")
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id], lazy="selectin")
