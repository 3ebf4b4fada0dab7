import enum

from sqlalchemy import JSON, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from carsales.models.base import ID_LENGTH, Base, IdMixin, TimestampMixin

VIN_LENGTH = 17


class VehicleCondition(enum.StrEnum):
    new = "new"
    used = "used"
    certified = "certified"  # certified pre-owned


class VehicleStatus(enum.StrEnum):
    in_stock = "in-stock"
    sold = "sold"


def _values(kind: type[enum.StrEnum]) -> list[str]:
    # Store the wire value ("in-stock"), not the Python name ("in_stock"): the column then reads
    # the same in SQL as in the API.
    return [member.value for member in kind]


class Vehicle(IdMixin, TimestampMixin, Base):
    """A car in a dealership's inventory. The VIN and the stock number are each unique within
    the dealership (both may be missing: a car not yet stocked in, a lot without stock
    numbers); an image job's `vehicle_ref` holds one or the other, which is how photos attach."""

    __tablename__ = "vehicles"
    __table_args__ = (
        # Named by hand: the naming convention names a unique constraint after its first
        # column, which is dealership_id for both.
        UniqueConstraint("dealership_id", "vin", name="uq_vehicles_dealership_vin"),
        UniqueConstraint("dealership_id", "stock_number", name="uq_vehicles_dealership_stock"),
    )

    dealership_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("dealerships.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL")
    )
    vin: Mapped[str | None] = mapped_column(String(VIN_LENGTH))
    stock_number: Mapped[str | None] = mapped_column(String(40))
    condition: Mapped[VehicleCondition | None] = mapped_column(
        Enum(VehicleCondition, native_enum=False, length=20, values_callable=_values)
    )
    year: Mapped[int | None]
    make: Mapped[str | None] = mapped_column(String(120))
    model: Mapped[str | None] = mapped_column(String(120))
    trim: Mapped[str | None] = mapped_column(String(120))
    body_style: Mapped[str | None] = mapped_column(String(120))
    mileage: Mapped[int | None]
    # Whole cents: exact on every database (SQLite has no decimal type) and summable; the API
    # speaks dollars.
    price_cents: Mapped[int | None]
    exterior_color: Mapped[str | None] = mapped_column(String(120))
    interior_color: Mapped[str | None] = mapped_column(String(120))
    drivetrain: Mapped[str | None] = mapped_column(String(120))
    transmission: Mapped[str | None] = mapped_column(String(120))
    fuel_type: Mapped[str | None] = mapped_column(String(120))
    mpg_city: Mapped[int | None]
    mpg_highway: Mapped[int | None]
    features: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[VehicleStatus] = mapped_column(
        Enum(VehicleStatus, native_enum=False, length=20, values_callable=_values),
        default=VehicleStatus.in_stock,
        index=True,
    )

    @property
    def price(self) -> float | None:
        return None if self.price_cents is None else self.price_cents / 100

    @property
    def name(self) -> str | None:
        """ "2024 Toyota RAV4 XLE Hybrid", from whatever the vehicle has; None when it has none."""
        parts = (self.year, self.make, self.model, self.trim)
        return " ".join(str(part) for part in parts if part) or None
