"""What copy may say: the vehicle's facts, the dealership's details and the offer. Pure.

Every number the generator writes comes from one of these; `allowed_numbers` lists them, and
the fact check flags any other number in a text.
"""

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


class DealerProfile(ApiModel):
    """The dealership's public details; absent fields are left out of copy, never invented."""

    name: ShortText | None = None
    address: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] | None = None
    phone: ShortText | None = None
    website: ShortText | None = None


class Offer(ApiModel):
    """An optional sales or finance offer. Finance and lease terms feed the disclosures that the
    compliance linter asks for (Regulation Z and M)."""

    kind: str = "sale"  # sale, finance, lease
    sale_price: float | None = Field(default=None, ge=0)
    down_payment: float | None = Field(default=None, ge=0)
    monthly_payment: float | None = Field(default=None, ge=0)
    term_months: int | None = Field(default=None, ge=1, le=120)
    apr: float | None = Field(default=None, ge=0, le=100)
    due_at_signing: float | None = Field(default=None, ge=0)
    security_deposit: float | None = Field(default=None, ge=0)
    expires: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] | None = None
    details: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None
