from typing import Annotated

from fastapi import APIRouter, Path, status

from carsales.kit.pagination import Page, Pagination
from carsales.kit.repository import ID_PATTERN
from carsales.training.certifications.dependencies import (
    CertificationServiceDep,
    ManagerCertificationServiceDep,
)
from carsales.training.certifications.schemas import (
    CertificationCreate,
    CertificationOut,
    CertificationUpdate,
    HolderOut,
)

router = APIRouter(prefix="/api/v1/certifications", tags=["training"])

CertificationId = Annotated[str, Path(pattern=ID_PATTERN, description="A certification's id")]
_REFUSED: dict[int | str, dict[str, str]] = {
    400: {"description": "`unknown_scenario`: an item names no current scenario"},
    409: {"description": "`duplicate_certification`: another certification has this name"},
}


@router.get("")
async def list_certifications(
    service: CertificationServiceDep, page: Pagination
) -> Page[CertificationOut]:
    """The dealership's certifications, by name, each with what the caller holds and has
    passed."""
    rows, total = await service.page(page)
    return Page(items=await service.to_out(rows), total=total, offset=page.offset, limit=page.limit)


@router.post("", status_code=status.HTTP_201_CREATED, responses=_REFUSED)
async def create_certification(
    body: CertificationCreate, service: ManagerCertificationServiceDep
) -> CertificationOut:
    """Managers and admins. Whoever already passed every scenario holds it at once."""
    return (await service.to_out([await service.create(body)]))[0]


@router.get("/{certification_id}")
async def get_certification(
    certification_id: CertificationId, service: CertificationServiceDep
) -> CertificationOut:
    return (await service.to_out([await service.get(certification_id)]))[0]


@router.patch("/{certification_id}", responses=_REFUSED)
async def update_certification(
    certification_id: CertificationId,
    body: CertificationUpdate,
    service: ManagerCertificationServiceDep,
) -> CertificationOut:
    """Managers and admins. Awards already given stay; new qualifiers are added."""
    return (await service.to_out([await service.update(certification_id, body)]))[0]


@router.delete("/{certification_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_certification(
    certification_id: CertificationId, service: ManagerCertificationServiceDep
) -> None:
    """Managers and admins; its awards go with it."""
    await service.delete(certification_id)


@router.get("/{certification_id}/holders")
async def list_holders(
    certification_id: CertificationId, service: CertificationServiceDep, page: Pagination
) -> Page[HolderOut]:
    """Its holders (expired awards included, flagged) among the people the caller sees: a
    manager their team, an admin everyone, a salesperson themself. Newest first."""
    items, total = await service.holders(certification_id, page)
    return Page(items=items, total=total, offset=page.offset, limit=page.limit)
