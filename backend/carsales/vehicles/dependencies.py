"""The vehicle services a request works with, the actor bound once (see "Services" in
docs/architecture.md)."""

from typing import Annotated

from fastapi import Depends, Request

from carsales.audit.dependencies import Audit
from carsales.auth.dependencies import CurrentUser, ManagerUser
from carsales.db import DbSession
from carsales.jobs.dependencies import JobServiceDep
from carsales.vehicles.import_service import VehicleImport
from carsales.vehicles.photos import PhotoLinks
from carsales.vehicles.service import VehicleService


async def get_vehicle_service(db: DbSession, user: CurrentUser, origin: Audit) -> VehicleService:
    return VehicleService(db, user, origin)


async def get_manager_vehicle_service(
    db: DbSession, user: ManagerUser, origin: Audit
) -> VehicleService:
    return VehicleService(db, user, origin)


async def get_vehicle_import(db: DbSession, user: ManagerUser, origin: Audit) -> VehicleImport:
    return VehicleImport(db, user, origin)


async def get_photo_links(request: Request, jobs: JobServiceDep) -> PhotoLinks:
    # The kinds uploaded through the jobs API are the image kinds: a vehicle's photos.
    return PhotoLinks(jobs=jobs, job_types=request.app.state.job_kinds.uploadable())


VehicleServiceDep = Annotated[VehicleService, Depends(get_vehicle_service)]
ManagerVehicleServiceDep = Annotated[VehicleService, Depends(get_manager_vehicle_service)]
VehicleImportDep = Annotated[VehicleImport, Depends(get_vehicle_import)]
PhotoLinksDep = Annotated[PhotoLinks, Depends(get_photo_links)]
