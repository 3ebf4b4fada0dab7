import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carsales.kit.time import utcnow
from carsales.models.base import ID_LENGTH, Base, IdMixin


class NotificationKind(enum.StrEnum):
    assignment_new = "assignment_new"
    assignment_due = "assignment_due"
    session_comment = "session_comment"
    content_review = "content_review"
    job_finished = "job_finished"
    job_failed = "job_failed"


class Notification(IdMixin, Base):
    """Something a user should know about, shown under the bell until they read it."""

    __tablename__ = "notifications"
    # The bell lists a user's newest first and counts their unread ones.
    __table_args__ = (Index("ix_notifications_user_created", "user_id", "created_at"),)

    dealership_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("dealerships.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE")
    )
    kind: Mapped[NotificationKind] = mapped_column(
        Enum(NotificationKind, native_enum=False, length=32)
    )
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # A path inside the web app (e.g. /training/report?id=...), opened when the item is clicked.
    link: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
