"""The user service a request works with, the actor bound once (see "Services" in
docs/architecture.md): one provider per role a route requires."""

from typing import Annotated

from fastapi import Depends

from carsales.audit.dependencies import Audit
from carsales.auth.dependencies import AdminUser, CurrentUser, ManagerUser
from carsales.db import DbSession
from carsales.users.service import UserService


async def get_user_service(db: DbSession, user: CurrentUser, origin: Audit) -> UserService:
    return UserService(db, origin, user)


async def get_manager_user_service(db: DbSession, user: ManagerUser, origin: Audit) -> UserService:
    return UserService(db, origin, user)


async def get_admin_user_service(db: DbSession, user: AdminUser, origin: Audit) -> UserService:
    return UserService(db, origin, user)


UserServiceDep = Annotated[UserService, Depends(get_user_service)]
ManagerUserServiceDep = Annotated[UserService, Depends(get_manager_user_service)]
AdminUserServiceDep = Annotated[UserService, Depends(get_admin_user_service)]
