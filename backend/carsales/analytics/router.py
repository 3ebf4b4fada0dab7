from typing import Annotated

from fastapi import APIRouter, Query

from carsales.analytics.dependencies import AdminUsageServiceDep
from carsales.analytics.schemas import UsageQuery, UsageReport

router = APIRouter(prefix="/api/v1/analytics", tags=["analytics"])


@router.get("/usage")
async def usage(
    service: AdminUsageServiceDep, query: Annotated[UsageQuery, Query()]
) -> UsageReport:
    """The dealership's product usage per ISO week (admin): active people, practice sessions,
    photos processed, copy written and published by channel, and the time saved estimated from
    the stated assumptions."""
    return await service.report(query.weeks)
