from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from carsales.models.base import Base, IdMixin, TimestampMixin


class Dealership(IdMixin, TimestampMixin, Base):
    """The tenant: every user and every piece of data belongs to exactly one dealership."""

    __tablename__ = "dealerships"

    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
