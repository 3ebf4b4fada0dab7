"""The dealership service a request works with, the actor bound once (see "Services" in
docs/architecture.md)."""

from typing import Annotated

from fastapi import Depends

from carsales.audit.dependencies import Audit
from carsales.auth.dependencies import AdminUser, CurrentUser
from carsales.db import DbSession
from carsales.dealerships.service import DealershipService


async def get_dealership_service(
    db: DbSession, user: CurrentUser, origin: Audit
) -> DealershipService:
    return DealershipService(db, origin, user)


async def get_admin_dealership_service(
    db: DbSession, user: AdminUser, origin: Audit
) -> DealershipService:
    return DealershipService(db, origin, user)


DealershipServiceDep = Annotated[DealershipService, Depends(get_dealership_service)]
AdminDealershipServiceDep = Annotated[DealershipService, Depends(get_admin_dealership_service)]
