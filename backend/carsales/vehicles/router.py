from typing import Annotated

from fastapi import APIRouter, File, Path, Query, UploadFile, status

from carsales.kit.pagination import Page, Pagination
from carsales.kit.repository import ID_PATTERN
from carsales.models import Vehicle
from carsales.vehicles.csv_import import CSV_MAX_BYTES
from carsales.vehicles.dependencies import (
    ManagerVehicleServiceDep,
    PhotoLinksDep,
    VehicleImportDep,
    VehicleServiceDep,
)
from carsales.vehicles.photos import PhotoLinks
from carsales.vehicles.schemas import (
    ImportOut,
    VehicleCreate,
    VehicleListQuery,
    VehicleOut,
    VehicleUpdate,
    VinDecodeOut,
)
from carsales.vehicles.service import VehicleService

router = APIRouter(prefix="/api/v1/vehicles", tags=["vehicles"])
VehicleId = Annotated[str, Path(pattern=ID_PATTERN, description="A vehicle's id")]
_VIN_ERRORS = "`invalid_vin`, `vin_check_digit` (a mistyped character) or `unknown_vin`"


async def _out(service: VehicleService, links: PhotoLinks, vehicle: Vehicle) -> VehicleOut:
    return (await service.to_out([vehicle], links))[0]


@router.get("")
async def list_vehicles(
    service: VehicleServiceDep,
    links: PhotoLinksDep,
    page: Pagination,
    query: Annotated[VehicleListQuery, Query()],
) -> Page[VehicleOut]:
    """The dealership's inventory, newest first: everyone in the dealership sees it."""
    rows, total = await service.search(query, page)
    items = await service.to_out(rows, links)
    return Page(items=items, total=total, offset=page.offset, limit=page.limit)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={
        400: {"description": f"{_VIN_ERRORS}, or `vehicle_details_missing` (make, model)"},
        409: {"description": "`duplicate_vehicle`: the VIN or stock number is in use"},
    },
)
async def create_vehicle(
    body: VehicleCreate, service: VehicleServiceDep, links: PhotoLinksDep
) -> VehicleOut:
    """Add a vehicle. With a VIN, the fields left out are filled from its decoding."""
    return await _out(service, links, await service.create(body))


@router.get(
    "/decode/{vin}",
    responses={400: {"description": _VIN_ERRORS}},
)
async def decode_vin(
    vin: Annotated[str, Path(max_length=40, description="The VIN (spaces and dashes ignored)")],
    service: VehicleServiceDep,
) -> VinDecodeOut:
    """What the VIN says (NHTSA vPIC tables, offline): to fill a vehicle form."""
    decoded = await service.decode_vin(vin)
    return VinDecodeOut.model_validate(decoded)


@router.post(
    "/import",
    responses={
        400: {"description": "`unreadable_csv` or `too_many_rows`"},
        413: {"description": f"The file is larger than {CSV_MAX_BYTES} bytes"},
    },
)
async def import_vehicles(
    importer: VehicleImportDep,
    file: Annotated[UploadFile, File(description="An inventory export (CSV)")],
    preview: Annotated[
        bool, Query(description="Only report the column mapping and the row errors")
    ] = False,
) -> ImportOut:
    """Import an inventory export: valid rows create vehicles or update the one with the same
    VIN or stock number; invalid rows are reported by line and left out."""
    return await importer.import_csv(file, preview=preview)


@router.get("/{vehicle_id}")
async def get_vehicle(
    vehicle_id: VehicleId, service: VehicleServiceDep, links: PhotoLinksDep
) -> VehicleOut:
    return await _out(service, links, await service.get(vehicle_id))


@router.patch(
    "/{vehicle_id}",
    responses={
        400: {"description": f"{_VIN_ERRORS}, or `vehicle_details_missing`"},
        409: {"description": "`duplicate_vehicle`"},
    },
)
async def update_vehicle(
    vehicle_id: VehicleId,
    changes: VehicleUpdate,
    service: VehicleServiceDep,
    links: PhotoLinksDep,
) -> VehicleOut:
    return await _out(service, links, await service.update(vehicle_id, changes))


@router.delete("/{vehicle_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_vehicle(vehicle_id: VehicleId, service: ManagerVehicleServiceDep) -> None:
    """Remove the vehicle from the inventory (its photo jobs stay)."""
    await service.delete(vehicle_id)
