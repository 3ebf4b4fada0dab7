from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, StringConstraints

from carsales.dealerships.repository import UserCounts
from carsales.kit.schema import ApiModel
from carsales.kit.time import as_utc
from carsales.models import Dealership


class DealershipOut(ApiModel):
    id: str
    name: str
    slug: str
    created_at: datetime
    user_count: int
    active_user_count: int

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
        )


class DealershipUpdate(ApiModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
