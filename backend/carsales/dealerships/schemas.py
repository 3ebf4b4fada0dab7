from datetime import datetime
from typing import Annotated, ClassVar, Literal, get_args

from pydantic import Field, StringConstraints, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from carsales.dealerships.repository import UserCounts
from carsales.kit.schema import ApiModel, PatchModel
from carsales.kit.time import as_utc
from carsales.models import Dealership
from carsales.users.schemas import Phone

# The compliance linter's rule packs (content/compliance): federal rules apply everywhere,
# a state's pack is added where the dealership advertises.
CompliancePack = Literal["federal", "california"]
COMPLIANCE_PACKS: tuple[str, ...] = get_args(CompliancePack)
ALWAYS_ON_PACK = "federal"

Address = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
Website = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        max_length=120,
        pattern=r"^((https?://)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(/\S*)?)?$",
    ),
]


class DealershipOut(ApiModel):
    id: str
    name: str
    slug: str
    created_at: datetime
    user_count: int
    active_user_count: int
    # The public profile that marketing copy quotes; what is missing is left out, not invented.
    address: str | None
    phone: str | None
    website: str | None
    compliance_packs: list[CompliancePack]
    leaderboard_public: bool = Field(description="Salespeople may see the team leaderboard")
    has_logo_plate: bool = Field(description="A logo plate is uploaded for masking plates")

    @classmethod
    def build(cls, dealership: Dealership, counts: UserCounts) -> "DealershipOut":
        return cls(
            id=dealership.id,
            name=dealership.name,
            slug=dealership.slug,
            # SQLite hands datetimes back without a zone; they were written in UTC.
            created_at=as_utc(dealership.created_at),
            user_count=counts.total,
            active_user_count=counts.active,
            address=dealership.address,
            phone=dealership.phone,
            website=dealership.website,
            compliance_packs=[
                pack for pack in COMPLIANCE_PACKS if pack in dealership.compliance_packs
            ],
            leaderboard_public=dealership.leaderboard_public,
            has_logo_plate=dealership.logo_plate_key is not None,
        )


class DealershipUpdate(PatchModel):
    """The name, and the profile: null or "" clears the address, phone or website."""

    nullable_fields: ClassVar[frozenset[str]] = frozenset({"address", "phone", "website"})

    name: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
        | SkipJsonSchema[None]
    ) = None
    address: Address | None = None
    phone: Phone | None = Field(default=None, description="Digits, spaces and + - ( ) only")
    website: Website | None = Field(default=None, examples=["https://northmotors.example"])
    compliance_packs: list[CompliancePack] | SkipJsonSchema[None] = Field(
        default=None, description=f'Rule packs checked on content; "{ALWAYS_ON_PACK}" always is'
    )
    leaderboard_public: bool | SkipJsonSchema[None] = Field(
        default=None, description="Let salespeople see the team leaderboard"
    )

    @field_validator("address", "phone", "website")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("compliance_packs")
    @classmethod
    def _with_federal(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        return [pack for pack in COMPLIANCE_PACKS if pack == ALWAYS_ON_PACK or pack in value]

    @model_validator(mode="after")
    def _changes_something(self) -> "DealershipUpdate":
        if not self.model_fields_set:
            raise ValueError("give at least one field to change")
        return self
