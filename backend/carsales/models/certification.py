from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from carsales.models.base import ID_LENGTH, Base, IdMixin, TimestampMixin


class Certification(IdMixin, TimestampMixin, Base):
    """A set of scenarios, each with a pass mark, that a salesperson holds once they have
    passed them all (training/certifications/)."""

    __tablename__ = "certifications"

    dealership_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("dealerships.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text)
    # How long an award stays valid; null: for good.
    valid_days: Mapped[int | None]
    # [{"scenarioId": ..., "passMark": 0-100}]
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL")
    )


# Two certifications of one name would be told apart by nobody. The name is compared lowered, as
# the service compares it, so that two requests racing with "Price ready" and "PRICE READY" cannot
# both succeed.
Index(
    "uq_certifications_dealership_lower_name",
    Certification.dealership_id,
    func.lower(Certification.name),
    unique=True,
)


class CertificationAward(IdMixin, Base):
    """A salesperson holds a certification: one row per person and certification, renewed in
    place when they pass again after it expired."""

    __tablename__ = "certification_awards"
    __table_args__ = (UniqueConstraint("certification_id", "user_id"),)

    # Repeated from the certification so that the tenant filter needs no join.
    dealership_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("dealerships.id", ondelete="CASCADE"), index=True
    )
    certification_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("certifications.id", ondelete="CASCADE")
    )
    user_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    awarded_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
