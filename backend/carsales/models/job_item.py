import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carsales.models.base import ID_LENGTH, Base, IdMixin


class ItemStatus(enum.StrEnum):
    pending = "pending"
    processing = "processing"
    prepared = "prepared"
    completed = "completed"
    failed = "failed"
    skipped = "skipped"


class JobItem(IdMixin, Base):
    """One input of a job (one photo) and what became of it."""

    __tablename__ = "job_items"

    job_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("processing_jobs.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    original_name: Mapped[str] = mapped_column(String(255))
    input_key: Mapped[str | None] = mapped_column(String(400))
    input_sha256: Mapped[str | None] = mapped_column(String(64))
    input_bytes: Mapped[int] = mapped_column(default=0)
    content_type: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[ItemStatus] = mapped_column(
        Enum(ItemStatus, native_enum=False, length=20), default=ItemStatus.pending
    )
    error: Mapped[str | None] = mapped_column(Text)
    # Between the two passes of a set: the prepared work and what the set plan reads of it.
    prepared_key: Mapped[str | None] = mapped_column(String(400))
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    output_key: Mapped[str | None] = mapped_column(String(400))
    output_name: Mapped[str | None] = mapped_column(String(255))
    output_bytes: Mapped[int | None]
    output_content_type: Mapped[str | None] = mapped_column(String(60))
    timings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # What the user should know about a processed input (a photo too small for the size chosen,
    # a car cut off at the edge): the item still succeeds.
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
