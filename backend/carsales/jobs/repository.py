from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.jobs.schemas import JobListQuery
from carsales.kit.pagination import PageParams
from carsales.kit.repository import TenantRepository
from carsales.models import ItemStatus, JobItem, JobStatus, JobType, ProcessingJob, Role, User

_FINISHED = (JobStatus.completed, JobStatus.failed, JobStatus.canceled)
IN_FLIGHT = (JobStatus.pending, JobStatus.processing)
_ITEMS_IN_FLIGHT = (ItemStatus.pending, ItemStatus.processing, ItemStatus.prepared)


def _visible_to(viewer: User) -> ColumnElement[bool]:
    """An admin sees the dealership's jobs, a manager their own and their team's, anyone
    else only their own."""
    if viewer.role is Role.admin:
        return true()
    if viewer.role is Role.manager:
        team = select(User.id).where(User.manager_id == viewer.id)
        return or_(ProcessingJob.owner_id == viewer.id, ProcessingJob.owner_id.in_(team))
    return ProcessingJob.owner_id == viewer.id


class JobRepository(TenantRepository[ProcessingJob]):
    model = ProcessingJob

    async def get_visible(self, job_id: str, viewer: User) -> ProcessingJob | None:
        return await self.session.scalar(
            self._select().where(ProcessingJob.id == job_id, _visible_to(viewer))
        )

    async def list_visible(
        self, viewer: User, query: JobListQuery, page: PageParams
    ) -> tuple[Sequence[ProcessingJob], int]:
        statement = (
            self._select()
            .where(_visible_to(viewer), ProcessingJob.job_type.in_(query.job_types))
            .order_by(ProcessingJob.created_at.desc(), ProcessingJob.id)
        )
        if query.status is not None:
            statement = statement.where(ProcessingJob.status == query.status)
        if query.vehicle_ref:
            statement = statement.where(ProcessingJob.vehicle_ref == query.vehicle_ref.upper())
        if query.user_id:
            statement = statement.where(ProcessingJob.owner_id == query.user_id)
        return await self._page(statement, page)

    async def owners(self, owner_ids: set[str]) -> dict[str, User]:
        """The owners of a page of jobs, by id, in one query."""
        rows = await self.session.scalars(
            select(User).where(User.dealership_id == self.dealership_id, User.id.in_(owner_ids))
        )
        return {user.id: user for user in rows}

    async def items_in_flight(self, job_types: Sequence[JobType]) -> int:
        """The dealership's items of these kinds still to be done in queued or running jobs
        (the photos quota)."""
        count = await self.session.scalar(
            select(func.count(JobItem.id))
            .join(ProcessingJob, JobItem.job_id == ProcessingJob.id)
            .where(
                ProcessingJob.dealership_id == self.dealership_id,
                ProcessingJob.status.in_(IN_FLIGHT),
                ProcessingJob.job_type.in_(job_types),
                JobItem.status.in_(_ITEMS_IN_FLIGHT),
            )
        )
        return count or 0


def _expired(now: datetime, before: datetime, job_types: Sequence[JobType]) -> ColumnElement[bool]:
    """Finished before `before`, and no worker still on it (a job canceled mid-photo is held
    until its worker lets go). A job canceled before any worker took it, or failed at upload,
    may have no completion time: its last change is when it ended."""
    ended = func.coalesce(ProcessingJob.completed_at, ProcessingJob.updated_at)
    return (
        ProcessingJob.status.in_(_FINISHED)
        & ProcessingJob.job_type.in_(job_types)
        & (ended < before)
        & (ProcessingJob.lease_expires_at.is_(None) | (ProcessingJob.lease_expires_at < now))
    )


async def delete_expired_jobs(
    session: AsyncSession,
    now: datetime,
    before: datetime,
    job_types: Sequence[JobType],
    limit: int,
) -> list[tuple[str, str]]:
    """Deletes up to `limit` jobs of these types, of every dealership, that finished before
    `before` (their items go with them), and returns the (dealership id, job id) of each.

    Maintenance only: it crosses tenants on purpose. The conditions are checked again by the
    DELETE itself, so a job retried meanwhile is left alone and not reported."""
    oldest = (
        select(ProcessingJob.id)
        .where(_expired(now, before, job_types))
        .order_by(ProcessingJob.updated_at)
        .limit(limit)
    )
    ids = list(await session.scalars(oldest))
    if not ids:
        return []
    deleted = await session.execute(
        delete(ProcessingJob)
        .where(ProcessingJob.id.in_(ids), _expired(now, before, job_types))
        .returning(ProcessingJob.dealership_id, ProcessingJob.id)
        .execution_options(synchronize_session=False)
    )
    return [(dealership_id, job_id) for dealership_id, job_id in deleted.all()]
