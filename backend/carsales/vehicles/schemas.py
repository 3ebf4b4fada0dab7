"""Request and response bodies of the vehicles API.

A vehicle's fields are those of `VehicleFacts` (what marketing copy may say), so the inventory
and the content studio speak the same language; here they gain the inventory's own rules.
"""

from typing import Annotated, ClassVar

from pydantic import BeforeValidator, ConfigDict, Field, StringConstraints, field_validator
from pydantic.json_schema import SkipJsonSchema

from carsales.auth.schemas import UtcDatetime
from carsales.kit.schema import ApiModel, PatchModel
from carsales.models import JobStatus, JobType, VehicleCondition, VehicleStatus
from carsales.vehicles.facts import VehicleFacts
from carsales.vehicles.vin import VIN_PATTERN, normalise_vin

# Upper case, like an image job's vehicleRef, so that photos attach to the vehicle.
STOCK_NUMBER_PATTERN = r"^[A-Z0-9-]{1,40}$"
MAX_PRICE = 10_000_000  # dollars; stored in cents
MAX_MILEAGE = 2_000_000
# A model or trim name is a few words; longer text is a description, which belongs in the notes.
# Only what is typed is held to it (not VehicleOut): rows saved before the limit still read.
NAME_MAX_LENGTH = 60


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


def _vin(value: object) -> object:
    return normalise_vin(value) if isinstance(value, str) else value


# Normalised before the pattern is checked: people type VINs and stock numbers in lower case.
Vin = Annotated[
    str,
    BeforeValidator(_vin),
    StringConstraints(pattern=VIN_PATTERN),
    Field(description="17 characters; its check digit is verified and it is decoded (vPIC)"),
]
StockNumber = Annotated[
    str,
    BeforeValidator(_upper),
    StringConstraints(pattern=STOCK_NUMBER_PATTERN),
    Field(description="Letters, digits and dashes, up to 40 (kept in upper case)"),
]
Notes = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
ModelName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=NAME_MAX_LENGTH)]


class _VehicleFields(VehicleFacts):
    """The facts with the inventory's own rules, and the inventory's own fields."""

    model_config = ConfigDict(extra="forbid")

    vin: Vin | None = None
    stock_number: StockNumber | None = None
    condition: VehicleCondition | None = None
    model: ModelName | None = None
    trim: ModelName | None = None
    mileage: int | None = Field(default=None, ge=0, le=MAX_MILEAGE)
    price: float | None = Field(
        default=None, ge=0, le=MAX_PRICE, description="US dollars, to the cent"
    )
    notes: Notes | None = None

    @field_validator("price")
    @classmethod
    def _whole_cents(cls, price: float | None) -> float | None:
        # Stored in cents: a fraction of a cent would be rounded away without a word.
        if price is not None and abs(price * 100 - round(price * 100)) > 1e-6:
            raise ValueError("a price has at most two decimal places (cents)")
        return price


class VehicleCreate(_VehicleFields):
    """A new vehicle. With a VIN, the fields left out are filled from its decoding; what was
    typed wins."""

    status: VehicleStatus = VehicleStatus.in_stock


class VehicleUpdate(PatchModel, _VehicleFields):
    """Changes to a vehicle: a field left out stays; null clears it (not the status or the
    features list). A new VIN fills the fields that are then still blank."""

    nullable_fields: ClassVar[frozenset[str]] = frozenset(
        set(_VehicleFields.model_fields) - {"features"}
    )
    status: VehicleStatus | SkipJsonSchema[None] = None


class VehicleListQuery(ApiModel):
    q: str | None = Field(
        default=None,
        max_length=100,
        description="Words that must each appear in the VIN, stock number, make, model, trim "
        "or year",
    )
    status: VehicleStatus | None = None


class PhotoOut(ApiModel):
    item_id: str
    name: str | None
    url: str = Field(description="Short-lived signed link to the processed photo")


class PhotoJobOut(ApiModel):
    """An image job whose vehicleRef is this vehicle's VIN or stock number."""

    job_id: str
    job_type: JobType
    status: JobStatus
    vehicle_ref: str
    created_at: UtcDatetime
    items: list[PhotoOut] = Field(description="The completed images' results, in upload order")
    archive_url: str | None = Field(description="Signed link to a zip of every result")


class VehicleOut(VehicleFacts):
    id: str
    condition: VehicleCondition | None = None
    status: VehicleStatus
    notes: str | None
    created_at: UtcDatetime
    updated_at: UtcDatetime
    photos: list[PhotoJobOut] = Field(
        default_factory=list, description="Newest first; every role of the dealership sees them"
    )


class VinDecodeOut(ApiModel):
    """What a VIN says about its vehicle (NHTSA vPIC, offline): for a form's autofill."""

    vin: str
    year: int | None
    make: str | None
    model: str | None
    trim: str | None
    body_style: str | None
    drivetrain: str | None
    fuel_type: str | None
    manufacturer: str | None


class ColumnMapping(ApiModel):
    header: str = Field(description="The column's header in the file")
    field: str | None = Field(description="The vehicle field it fills (camelCase), or null")


class RowError(ApiModel):
    line: int = Field(description="Line in the file, the header being line 1")
    message: str


class ImportOut(ApiModel):
    preview: bool = Field(description="True: nothing was written")
    columns: list[ColumnMapping]
    unmapped: list[str] = Field(description="Headers that fill no field (ignored)")
    rows: int = Field(description="Data rows read (blank rows skipped)")
    created: int = Field(description="Vehicles created (or that would be, in a preview)")
    updated: int = Field(description="Vehicles updated, matched by VIN or stock number")
    errors: list[RowError] = Field(description="Rows left out, with the reason")
