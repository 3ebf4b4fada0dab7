from fastapi import APIRouter

from carsales.dealerships.dependencies import AdminDealershipServiceDep, DealershipServiceDep
from carsales.dealerships.schemas import DealershipOut, DealershipUpdate

router = APIRouter(prefix="/api/v1/dealerships", tags=["dealerships"])


@router.get("/current")
async def read_current(service: DealershipServiceDep) -> DealershipOut:
    """The caller's dealership."""
    return DealershipOut.build(*await service.current())


@router.patch("/current")
async def update_current(
    changes: DealershipUpdate, service: AdminDealershipServiceDep
) -> DealershipOut:
    """Rename the dealership or change its public profile and compliance packs (admin). The
    slug stays as it was created."""
    return DealershipOut.build(*await service.update(changes))
