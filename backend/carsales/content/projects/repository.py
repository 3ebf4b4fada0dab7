"""The SQL of content projects and their revisions, scoped to one dealership."""

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, select, true

from carsales.content.projects.schemas import ContentListQuery
from carsales.kit.pagination import PageParams
from carsales.kit.repository import TenantRepository
from carsales.models import (
    ContentProject,
    ContentRevision,
    ContentStatus,
    RevisionAction,
    Role,
    User,
)

# What a revision keeps of the copy: the generated variants stay on the project only.
SNAPSHOT_FIELDS = ("text", "subject", "preheader", "html", "scenes", "hashtags", "images")


def _visible_to(viewer: User) -> ColumnElement[bool]:
    """Managers and admins see the whole dealership's content (they review and publish it, and
    a salesperson without a manager still needs a reviewer); anyone else only their own."""
    if viewer.role in (Role.admin, Role.manager):
        return true()
    return ContentProject.owner_id == viewer.id


def snapshot(content: dict[str, Any]) -> dict[str, Any]:
    return {name: content[name] for name in SNAPSHOT_FIELDS if name in content}


class ContentRepository(TenantRepository[ContentProject]):
    model = ContentProject

    def _filtered(self, viewer: User, query: ContentListQuery) -> Any:
        statement = self._select().where(_visible_to(viewer))
        if query.status is not None:
            statement = statement.where(ContentProject.status == query.status)
        if query.vehicle_id is not None:
            statement = statement.where(ContentProject.vehicle_id == query.vehicle_id)
        if query.type is not None:
            statement = statement.where(ContentProject.content_type == query.type.value)
        if query.owner_id is not None:
            statement = statement.where(ContentProject.owner_id == query.owner_id)
        if query.batch_job_id is not None:
            statement = statement.where(ContentProject.batch_job_id == query.batch_job_id)
        return statement.order_by(ContentProject.updated_at.desc(), ContentProject.id)

    async def get_visible(
        self, project_id: str, viewer: User, *, lock: bool = False
    ) -> ContentProject | None:
        """`lock`: held until the transaction ends, so that two changes of one item do not
        interleave (and number their revisions twice)."""
        statement = self._select().where(ContentProject.id == project_id, _visible_to(viewer))
        if lock:
            statement = statement.with_for_update(of=ContentProject)
        return await self.session.scalar(statement)

    async def list_visible(
        self, viewer: User, query: ContentListQuery, page: PageParams
    ) -> tuple[Sequence[ContentProject], int]:
        """Most recently changed first. A filter value the viewer may not see matches nothing."""
        return await self._page(self._filtered(viewer, query), page)

    async def all_visible(
        self, viewer: User, query: ContentListQuery, limit: int
    ) -> Sequence[ContentProject]:
        return (await self.session.scalars(self._filtered(viewer, query).limit(limit))).all()

    async def counts(self, viewer: User) -> dict[ContentStatus, int]:
        statement = (
            select(ContentProject.status, func.count())
            .where(ContentProject.dealership_id == self.dealership_id, _visible_to(viewer))
            .group_by(ContentProject.status)
        )
        found = {status: count for status, count in (await self.session.execute(statement)).all()}
        return {status: found.get(status, 0) for status in ContentStatus}

    async def batch_vehicles(self, job_id: str) -> set[str]:
        """The vehicles that already have a draft from this batch job."""
        statement = select(ContentProject.vehicle_id).where(
            ContentProject.dealership_id == self.dealership_id,
            ContentProject.batch_job_id == job_id,
        )
        return {vehicle_id for vehicle_id in await self.session.scalars(statement) if vehicle_id}

    async def add(
        self, project: ContentProject, action: RevisionAction, author_id: str | None
    ) -> None:
        """A new project and its first revision."""
        project.dealership_id = self.dealership_id
        project.revision = 1
        self.session.add(project)
        await self.session.flush()  # the revision refers to the project's id
        self.session.add(self._revision(project, action, author_id, None))
        await self.session.flush()
        # Loaded now, as a listed project's are: responses name the vehicle, and a lazy load
        # cannot run outside an await.
        await self.session.refresh(project, ["vehicle"])

    async def add_revision(
        self,
        project: ContentProject,
        action: RevisionAction,
        author_id: str | None,
        comment: str | None = None,
    ) -> None:
        """Records the project as it is now as its next revision."""
        project.revision += 1
        self.session.add(self._revision(project, action, author_id, comment))
        await self.session.flush()

    def _revision(
        self,
        project: ContentProject,
        action: RevisionAction,
        author_id: str | None,
        comment: str | None,
    ) -> ContentRevision:
        return ContentRevision(
            dealership_id=self.dealership_id,
            project_id=project.id,
            number=project.revision,
            action=action,
            status=project.status,
            author_id=author_id,
            title=project.title,
            content=snapshot(project.content),
            comment=comment,
        )

    async def revisions(self, project_id: str) -> Sequence[ContentRevision]:
        statement = (
            select(ContentRevision)
            .where(
                ContentRevision.dealership_id == self.dealership_id,
                ContentRevision.project_id == project_id,
            )
            .order_by(ContentRevision.number)
        )
        return (await self.session.scalars(statement)).all()

    async def user_names(self, user_ids: Collection[str]) -> dict[str, str]:
        if not user_ids:
            return {}
        statement = select(User).where(
            User.dealership_id == self.dealership_id, User.id.in_(user_ids)
        )
        return {user.id: user.full_name for user in await self.session.scalars(statement)}
