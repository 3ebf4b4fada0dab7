from fastapi import APIRouter

from carsales.audit.dependencies import Audit
from carsales.auth.dependencies import AdminUser, CurrentUser
from carsales.db import DbSession
from carsales.dealerships.schemas import DealershipOut, DealershipUpdate
from carsales.dealerships.service import DealershipService

router = APIRouter(prefix="/api/v1/dealerships", tags=["dealerships"])


@router.get("/current")
async def read_current(user: CurrentUser, session: DbSession, origin: Audit) -> DealershipOut:
    """The caller's dealership."""
    return DealershipOut.build(*await DealershipService(session, origin, user).current())


@router.patch("/current")
async def update_current(
    changes: DealershipUpdate, admin: AdminUser, session: DbSession, origin: Audit
) -> DealershipOut:
    """Rename the dealership or change its public profile and compliance packs (admin). The
    slug stays as it was created."""
    service = DealershipService(session, origin, admin)
    return DealershipOut.build(*await service.update(changes))
