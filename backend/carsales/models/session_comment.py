from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carsales.kit.time import utcnow
from carsales.models.base import ID_LENGTH, Base, IdMixin
from carsales.models.user import User


class SessionComment(IdMixin, Base):
    """A coach's remark on a practice session, pinned to a moment of its recording."""

    __tablename__ = "session_comments"

    dealership_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("dealerships.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL")
    )
    # Seconds into the recording the remark is about.
    at_s: Mapped[float]
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship(lazy="selectin")  # for the author's name
