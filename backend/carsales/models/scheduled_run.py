from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from carsales.kit.time import utcnow
from carsales.models.base import Base, IdMixin


class ScheduledRun(IdMixin, Base):
    """A claim on one period's run of a scheduled task (a dealership's digest for one ISO week).

    The unique (task, period_key) is what makes the work happen once: every process that runs
    the scheduler tries to insert the claim, and only the one whose insert commits does it.
    """

    __tablename__ = "scheduled_runs"
    __table_args__ = (UniqueConstraint("task", "period_key", name="uq_scheduled_runs_task_period"),)

    task: Mapped[str] = mapped_column(String(64))
    period_key: Mapped[str] = mapped_column(String(200))
    claimed_by: Mapped[str] = mapped_column(String(200))
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
