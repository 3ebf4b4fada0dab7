from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query

from carsales.kit.schema import ApiModel

ItemT = TypeVar("ItemT")

MAX_LIMIT = 100
# Far beyond any real list, and far below the 64-bit integers the databases take (2**63 used to
# reach the driver and fail there, as a 500).
MAX_OFFSET = 1_000_000_000


class Page(ApiModel, Generic[ItemT]):
    items: list[ItemT]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class PageParams:
    offset: int
    limit: int


async def page_params(
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items to return")] = 20,
) -> PageParams:
    return PageParams(offset=offset, limit=limit)


Pagination = Annotated[PageParams, Depends(page_params)]
