"""The usage service a request works with, bound to an admin (see "Services" in
docs/architecture.md)."""

from typing import Annotated

from fastapi import Depends

from carsales.analytics.service import UsageService
from carsales.auth.dependencies import AdminUser
from carsales.db import DbSession


async def get_admin_usage_service(db: DbSession, admin: AdminUser) -> UsageService:
    return UsageService(db, admin.dealership_id)


AdminUsageServiceDep = Annotated[UsageService, Depends(get_admin_usage_service)]
