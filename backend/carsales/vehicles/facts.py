"""A vehicle's facts as the rest of the product sees them (the content studio writes copy from
them): the API's vehicle fields, camelCase on the wire. Pure."""

from typing import Annotated

from pydantic import Field, StringConstraints

from carsales.kit.schema import ApiModel

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)]
Feature = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class VehicleFacts(ApiModel):
    """A vehicle as copy sees it: the API's vehicle fields (camelCase on the wire)."""

    vin: str | None = None
    stock_number: str | None = None
    condition: str | None = None  # new, used, certified
    year: int | None = Field(default=None, ge=1900, le=2100)
    make: ShortText | None = None
    model: ShortText | None = None
    trim: ShortText | None = None
    body_style: ShortText | None = None
    mileage: int | None = Field(default=None, ge=0)
    price: float | None = Field(default=None, ge=0)
    exterior_color: ShortText | None = None
    interior_color: ShortText | None = None
    drivetrain: ShortText | None = None
    transmission: ShortText | None = None
    fuel_type: ShortText | None = None
    mpg_city: int | None = Field(default=None, ge=0, le=999)
    mpg_highway: int | None = Field(default=None, ge=0, le=999)
    features: list[Feature] = Field(default_factory=list, max_length=100)

    @property
    def name(self) -> str:
        """ "2024 Toyota RAV4 XLE Hybrid", as far as known ("" when nothing is)."""
        return " ".join(str(part) for part in (self.year_make_model, self.trim) if part)

    @property
    def year_make_model(self) -> str:
        """ "2024 Toyota RAV4", as far as known."""
        return " ".join(str(part) for part in (self.year, self.make, self.model) if part)
