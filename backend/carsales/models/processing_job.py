import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carsales.models.base import ID_LENGTH, Base, IdMixin, TimestampMixin
from carsales.models.job_item import ItemStatus, JobItem


class JobType(enum.StrEnum):
    background_removal = "background_removal"
    image_enhancement = "image_enhancement"
    full_pipeline = "full_pipeline"
    speech_analysis = "speech_analysis"  # a training session's final analysis
    content_generation = "content_generation"  # copy for many vehicles at once (a batch)


class JobStatus(enum.StrEnum):
    pending = "pending"
    processing = "processing"
    completed = "completed"
    failed = "failed"
    canceled = "canceled"

    @property
    def is_terminal(self) -> bool:
        return self in (JobStatus.completed, JobStatus.failed, JobStatus.canceled)


class ProcessingJob(IdMixin, TimestampMixin, Base):
    """A batch of work (a vehicle's photo set). The row is the truth about the job; queue
    messages and real-time events are only hints that something changed."""

    __tablename__ = "processing_jobs"

    dealership_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("dealerships.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    job_type: Mapped[JobType] = mapped_column(Enum(JobType, native_enum=False, length=30))
    status: Mapped[JobStatus] = mapped_column(
        Enum(JobStatus, native_enum=False, length=20), default=JobStatus.pending, index=True
    )
    progress: Mapped[int] = mapped_column(default=0)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    vehicle_ref: Mapped[str | None] = mapped_column(String(40), index=True)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    # A worker holds the job while its lease runs; an expired lease means the worker died.
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]

    items: Mapped[list[JobItem]] = relationship(
        order_by=JobItem.position, cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def total_items(self) -> int:
        return len(self.items)

    @property
    def completed_items(self) -> int:
        return sum(1 for item in self.items if item.status is ItemStatus.completed)

    @property
    def failed_items(self) -> int:
        return sum(1 for item in self.items if item.status is ItemStatus.failed)
