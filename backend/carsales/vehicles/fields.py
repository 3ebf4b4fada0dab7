"""A vehicle's fields: what copy may say of it, what a VIN's decoding may fill, what must be
there, and how they are written onto the row. Shared by single edits and the CSV import."""

from typing import Any

from carsales.models import Vehicle
from carsales.vehicles import vin
from carsales.vehicles.facts import VehicleFacts

# What a VIN's decoding may fill; anything typed wins.
DECODED_FIELDS = ("year", "make", "model", "trim", "body_style", "drivetrain", "fuel_type")
# Copy about a vehicle needs at least these, typed or decoded.
REQUIRED_FIELDS = ("make", "model")


def facts_of(vehicle: Vehicle) -> VehicleFacts:
    """The vehicle as marketing copy may describe it."""
    return VehicleFacts(
        vin=vehicle.vin,
        stock_number=vehicle.stock_number,
        condition=vehicle.condition.value if vehicle.condition else None,
        year=vehicle.year,
        make=vehicle.make,
        model=vehicle.model,
        trim=vehicle.trim,
        body_style=vehicle.body_style,
        mileage=vehicle.mileage,
        price=vehicle.price,
        exterior_color=vehicle.exterior_color,
        interior_color=vehicle.interior_color,
        drivetrain=vehicle.drivetrain,
        transmission=vehicle.transmission,
        fuel_type=vehicle.fuel_type,
        mpg_city=vehicle.mpg_city,
        mpg_highway=vehicle.mpg_highway,
        features=list(vehicle.features),
    )


def assign(vehicle: Vehicle, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if name == "price":
            vehicle.price_cents = None if value is None else round(value * 100)
        else:
            setattr(vehicle, name, value)


def fill_blanks(values: dict[str, Any], decoded: vin.DecodedVin) -> None:
    for name in DECODED_FIELDS:
        if values.get(name) is None and getattr(decoded, name) is not None:
            values[name] = getattr(decoded, name)


def missing_fields(values: dict[str, Any]) -> list[str]:
    return [name for name in REQUIRED_FIELDS if not values.get(name)]
