"""The certification service a request works with, the actor bound once (see "Services" in
docs/architecture.md)."""

from typing import Annotated

from fastapi import Depends, Request

from carsales.auth.dependencies import CurrentUser, ManagerUser
from carsales.db import DbSession
from carsales.training.certifications.service import CertificationService


async def get_certification_service(
    request: Request, db: DbSession, user: CurrentUser
) -> CertificationService:
    return CertificationService(db, request.app.state.storage, user)


async def get_manager_certification_service(
    request: Request, db: DbSession, user: ManagerUser
) -> CertificationService:
    return CertificationService(db, request.app.state.storage, user)


CertificationServiceDep = Annotated[CertificationService, Depends(get_certification_service)]
ManagerCertificationServiceDep = Annotated[
    CertificationService, Depends(get_manager_certification_service)
]
