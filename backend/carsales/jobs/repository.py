from collections.abc import Sequence

from sqlalchemy import ColumnElement, or_, select, true

from carsales.jobs.schemas import JobListQuery
from carsales.kit.pagination import PageParams
from carsales.kit.repository import TenantRepository
from carsales.models import ProcessingJob, Role, User


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
            .where(_visible_to(viewer))
            .order_by(ProcessingJob.created_at.desc(), ProcessingJob.id)
        )
        if query.status is not None:
            statement = statement.where(ProcessingJob.status == query.status)
        if query.vehicle_ref:
            statement = statement.where(ProcessingJob.vehicle_ref == query.vehicle_ref.upper())
        return await self._page(statement, page)
