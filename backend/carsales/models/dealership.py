from sqlalchemy import JSON, String, true
from sqlalchemy.orm import Mapped, mapped_column

from carsales.models.base import Base, IdMixin, TimestampMixin

# Every dealership follows the federal rules; state packs are added in its settings.
DEFAULT_COMPLIANCE_PACKS = ["federal"]


class Dealership(IdMixin, TimestampMixin, Base):
    """The tenant: every user and every piece of data belongs to exactly one dealership."""

    __tablename__ = "dealerships"

    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    # The public profile that marketing copy quotes (and never invents when missing).
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(120))
    # The compliance rule packs checked on this dealership's content ("federal" always).
    compliance_packs: Mapped[list[str]] = mapped_column(
        JSON, default=lambda: list(DEFAULT_COMPLIANCE_PACKS), server_default='["federal"]'
    )
    # Whether salespeople may see the team leaderboard (the whole dealership's ranking).
    leaderboard_public: Mapped[bool] = mapped_column(default=True, server_default=true())
    # The dealership's logo plate (an image in storage) that can cover licence plates on photos.
    logo_plate_key: Mapped[str | None] = mapped_column(String(400))
