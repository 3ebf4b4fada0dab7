import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carsales.models.base import ID_LENGTH, Base, IdMixin, TimestampMixin
from carsales.models.user import User
from carsales.models.vehicle import Vehicle


class ContentStatus(enum.StrEnum):
    draft = "draft"
    review = "review"  # submitted, waiting for a manager
    published = "published"


class ContentProject(IdMixin, TimestampMixin, Base):
    """A piece of marketing copy (a post, an e-mail, a print ad, a video script) and where it
    stands in draft -> review -> published. Every change is also kept as a revision.

    `content_type` and `channel` hold the values of carsales.content.channels' ContentType and
    Channel as plain strings: the API validates them, and this layer does not import the
    content module."""

    __tablename__ = "content_projects"

    dealership_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("dealerships.id", ondelete="CASCADE"), index=True
    )
    # Kept when the author leaves: what was published stays on record.
    owner_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # None: an offer that is about no particular car (or a car since removed).
    vehicle_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("vehicles.id", ondelete="SET NULL"), index=True
    )
    # The batch job that generated it, if any (so that a batch's drafts can be found again).
    batch_job_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("processing_jobs.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[ContentStatus] = mapped_column(
        Enum(ContentStatus, native_enum=False, length=20), default=ContentStatus.draft, index=True
    )
    # text, subject, preheader, html, scenes, hashtags, images, templates, variants, engine...
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # platform, targetAudience, tone, length, callToAction, videoSeconds, offer
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The compliance linter's findings on the current text, recomputed on every change.
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    review_comment: Mapped[str | None] = mapped_column(Text)
    # The number of the newest revision, and of the one last published (None: never published).
    revision: Mapped[int] = mapped_column(default=1)
    published_revision: Mapped[int | None]
    submitted_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL")
    )
    published_at: Mapped[datetime | None]
    published_by_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL")
    )

    # For the names shown in lists.
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id], lazy="selectin")
    # Named in lists (the review queue), where a title alone does not say which car it is about.
    vehicle: Mapped[Vehicle | None] = relationship(lazy="selectin")
