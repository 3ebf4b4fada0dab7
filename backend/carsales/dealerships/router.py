from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile

from carsales.dealerships.dependencies import AdminDealershipServiceDep, DealershipServiceDep
from carsales.dealerships.schemas import DealershipOut, DealershipUpdate
from carsales.dealerships.service import LOGO_PLATE_MAX_BYTES
from carsales.errors import PayloadTooLarge
from carsales.kit.uploads import read_at_most

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


@router.put(
    "/current/logo-plate",
    responses={
        400: {"description": "Not a JPEG, PNG or WebP image, or too many pixels"},
        413: {"description": f"The file is larger than {LOGO_PLATE_MAX_BYTES} bytes"},
    },
)
async def set_logo_plate(
    request: Request,
    file: Annotated[UploadFile, File(description="The logo plate: a JPEG, PNG or WebP image")],
    service: AdminDealershipServiceDep,
) -> DealershipOut:
    """Upload the dealership's logo plate (admin): image jobs can cover licence plates with
    it. Replaces the one before."""
    data = await read_at_most(file, LOGO_PLATE_MAX_BYTES)
    if data is None:
        raise PayloadTooLarge(f"The logo plate is larger than {LOGO_PLATE_MAX_BYTES} bytes.")
    return DealershipOut.build(*await service.set_logo_plate(data, request.app.state.storage))


@router.delete("/current/logo-plate")
async def remove_logo_plate(request: Request, service: AdminDealershipServiceDep) -> DealershipOut:
    """Remove the dealership's logo plate (admin): jobs that ask for it are then refused."""
    return DealershipOut.build(*await service.remove_logo_plate(request.app.state.storage))
