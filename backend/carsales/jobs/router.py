from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile, status
from fastapi.responses import StreamingResponse

from carsales.auth.dependencies import CurrentUser
from carsales.db import DbSession
from carsales.errors import NotFound
from carsales.jobs import downloads
from carsales.jobs.archive import unique_names, zip_stream
from carsales.jobs.dependencies import JobServiceDep
from carsales.jobs.repository import JobRepository
from carsales.jobs.schemas import JobListQuery, JobOut, JobSummary
from carsales.jobs.service import safe_filename
from carsales.kit.pagination import Page, Pagination
from carsales.kit.repository import ID_PATTERN
from carsales.models import JobStatus, JobType, ProcessingJob, User

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])
downloads_router = APIRouter(prefix="/api/v1/downloads", tags=["jobs"])
JobId = Annotated[str, Path(pattern=ID_PATTERN)]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=JobOut)
async def create_job(
    service: JobServiceDep,
    user: CurrentUser,
    files: Annotated[list[UploadFile], File(description="The photos (JPEG, PNG, WebP, HEIC)")],
    job_type: Annotated[JobType, Form(alias="jobType")] = JobType.full_pipeline,
    settings: Annotated[
        str,
        Form(
            description="Job settings as JSON: the job kind's settings model, ImageJobSettings "
            "for the image kinds (components.schemas)",
            json_schema_extra={"contentMediaType": "application/json"},
        ),
    ] = "{}",
    vehicle_ref: Annotated[str | None, Form(alias="vehicleRef")] = None,
    backdrop: Annotated[
        UploadFile | None,
        File(
            description="Image jobs with the `custom` background: the backdrop image (JPEG, "
            "PNG or WebP), required then and refused otherwise"
        ),
    ] = None,
) -> JobOut:
    """Upload a vehicle's photos and queue them for processing."""
    attached = {"backdrop": backdrop} if backdrop is not None else {}
    job = await service.create(user, job_type, settings, vehicle_ref, files, attached)
    return service.to_out(job)


@router.get("", response_model=Page[JobSummary])
async def list_jobs(
    service: JobServiceDep,
    user: CurrentUser,
    page: Pagination,
    status_filter: Annotated[JobStatus | None, Query(alias="status")] = None,
    vehicle_ref: str | None = None,
    job_types: Annotated[
        list[JobType] | None,
        Query(alias="jobType", description="Default: the kinds created through this API"),
    ] = None,
    user_id: Annotated[
        str | None,
        Query(
            alias="userId",
            pattern=ID_PATTERN,
            description="Only this person's jobs (among those the caller may see)",
        ),
    ] = None,
) -> Page[JobSummary]:
    query = JobListQuery(
        status=status_filter,
        vehicle_ref=vehicle_ref,
        user_id=user_id,
        job_types=job_types or service.kinds.uploadable(),
    )
    repository = JobRepository(service.session, user.dealership_id)
    rows, total = await repository.list_visible(user, query, page)
    owners = await repository.owners({job.owner_id for job in rows})
    return Page(
        items=[
            service.to_summary(job).model_copy(
                update={"owner_name": _owner_name(owners.get(job.owner_id))}
            )
            for job in rows
        ],
        total=total,
        offset=page.offset,
        limit=page.limit,
    )


@router.get("/{job_id}", response_model=JobOut)
async def get_job(service: JobServiceDep, user: CurrentUser, job_id: JobId) -> JobOut:
    return service.to_out(await service.get(user, job_id))


@router.post("/{job_id}/cancel", response_model=JobOut)
async def cancel_job(service: JobServiceDep, user: CurrentUser, job_id: JobId) -> JobOut:
    """Stop the job; the image being processed finishes, the rest are skipped."""
    return service.to_out(await service.cancel(user, job_id))


@router.post("/{job_id}/retry", response_model=JobOut)
async def retry_job(service: JobServiceDep, user: CurrentUser, job_id: JobId) -> JobOut:
    """Process the failed and skipped images of a finished job again."""
    return service.to_out(await service.retry_failed(user, job_id))


@router.delete("/{job_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_job(service: JobServiceDep, user: CurrentUser, job_id: JobId) -> None:
    await service.delete(user, job_id)


@downloads_router.get("/{token}", response_class=StreamingResponse)
async def download(request: Request, db: DbSession, token: str) -> StreamingResponse:
    """Public, deliberately: the signed, expiring link is the authorisation (see downloads.py)."""
    settings = request.app.state.settings
    storage = request.app.state.storage
    grant = downloads.verify(settings, token)
    job = await JobRepository(db, grant.dealership_id).get(grant.job_id)
    if job is None:
        raise NotFound("This job no longer exists.")
    if grant.kind == "archive":
        done = [item for item in job.items if item.output_key and item.output_name]
        names = unique_names(item.output_name or "" for item in done)
        entries = [(name, item.output_key or "") for name, item in zip(names, done, strict=True)]
        return _attachment(zip_stream(storage, entries), "application/zip", _archive_name(job))
    item = next((each for each in job.items if each.id == grant.item_id), None)
    key = None if item is None else (item.output_key if grant.kind == "output" else item.input_key)
    if item is None or key is None:
        raise NotFound("This file no longer exists.")
    if grant.kind == "output":
        name, media_type = item.output_name or "result", item.output_content_type
    else:
        name, media_type = item.original_name, item.content_type
    return _attachment(storage.stream(key), media_type or "application/octet-stream", name)


def _owner_name(owner: User | None) -> str | None:
    return owner.full_name if owner else None


def _archive_name(job: ProcessingJob) -> str:
    return safe_filename(f"{job.vehicle_ref or 'photos'}-{job.id[:8]}.zip", "photos.zip")


def _attachment(body: AsyncIterator[bytes], media_type: str, filename: str) -> StreamingResponse:
    return StreamingResponse(
        body,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{safe_filename(filename, "file")}"',
            "Cache-Control": "private, no-store",
        },
    )
