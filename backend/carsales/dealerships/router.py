from fastapi import APIRouter, Request

from carsales.auth.dependencies import AdminUser, CurrentUser
from carsales.db import DbSession
from carsales.dealerships.schemas import DealershipOut, DealershipUpdate
from carsales.dealerships.service import DealershipService

router = APIRouter(prefix="/api/v1/dealerships", tags=["dealerships"])


@router.get("/current")
async def read_current(user: CurrentUser, session: DbSession, request: Request) -> DealershipOut:
    """The caller's dealership."""
    return DealershipOut.build(*await DealershipService(session, request, user).current())


@router.patch("/current")
async def update_current(
    changes: DealershipUpdate, admin: AdminUser, session: DbSession, request: Request
) -> DealershipOut:
    """Rename the dealership (admin); its slug stays as it is."""
    service = DealershipService(session, request, admin)
    return DealershipOut.build(*await service.rename(changes.name))
