"""A vehicle's photos: the image jobs whose vehicleRef is its VIN or stock number, with download
links signed the way the jobs API signs them."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from carsales.jobs.service import JobService
from carsales.models import ItemStatus, JobType, ProcessingJob, Vehicle
from carsales.vehicles.repository import PhotoJobRepository
from carsales.vehicles.schemas import PhotoJobOut, PhotoOut


@dataclass(frozen=True)
class PhotoLinks:
    """Where a vehicle's photos come from: image jobs of these kinds, with download links signed
    the way the jobs API signs them."""

    jobs: JobService
    job_types: Sequence[JobType]


async def photos_by_vehicle(
    db: AsyncSession, dealership_id: str, vehicles: Sequence[Vehicle], links: PhotoLinks
) -> dict[str, list[PhotoJobOut]]:
    """Each vehicle's photo jobs, newest first, by vehicle id."""
    refs = {ref for vehicle in vehicles for ref in vehicle_refs(vehicle)}
    jobs = await PhotoJobRepository(db, dealership_id).for_refs(refs, links.job_types)
    return {
        vehicle.id: [
            _photo_job(job, links.jobs) for job in jobs if job.vehicle_ref in vehicle_refs(vehicle)
        ]
        for vehicle in vehicles
    }


def vehicle_refs(vehicle: Vehicle) -> set[str]:
    """What an image job's vehicleRef holds for this vehicle (upper case, as the jobs API
    stores it)."""
    return {ref.upper() for ref in (vehicle.vin, vehicle.stock_number) if ref}


def _photo_job(job: ProcessingJob, jobs: JobService) -> PhotoJobOut:
    out = jobs.to_out(job)
    return PhotoJobOut(
        job_id=job.id,
        job_type=job.job_type,
        status=job.status,
        vehicle_ref=job.vehicle_ref or "",
        created_at=job.created_at,
        items=[
            PhotoOut(item_id=item.id, name=item.output_name, url=item.output_url)
            for item in out.items
            if item.status is ItemStatus.completed and item.output_url
        ],
        archive_url=out.archive_url,
    )
