from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from carsales.kit.time import utcnow
from carsales.models.base import ID_LENGTH, Base, IdMixin


class UsageEvent(IdMixin, Base):
    """One use of the product (a sign-in, a practice session, photos processed, copy written
    or published), counted for the admin's usage page: `kind` is one of
    carsales.analytics' `UsageKind` values, `quantity` how many (photos in one job), `detail`
    a short qualifier (the channel content was published to)."""

    __tablename__ = "usage_events"
    # The usage page reads one dealership's events of some kinds over a span of weeks.
    __table_args__ = (
        Index("ix_usage_events_dealership_kind_time", "dealership_id", "kind", "created_at"),
    )

    dealership_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("dealerships.id", ondelete="CASCADE")
    )
    # Kept when the person is deleted: the dealership's usage stays counted.
    user_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[int] = mapped_column(default=1)
    detail: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
