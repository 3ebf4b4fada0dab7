"""Rules of content projects: the draft -> review -> published workflow with its revisions and
audit trail. Writing the copy is writing/, the publishing outputs outputs/.

Workflow (docs/content.md, Workflow): a draft is submitted for review by its author (or a
manager or admin); a manager or admin publishes it, which is refused while the linter reports
an error, or rejects it back to draft with a comment. Any edit of an item under review or
published makes it a draft again: what was approved is exactly what a reviewer saw, and the
published copy stays on record as its revision (`publishedRevision`).
"""

import functools
from collections.abc import Sequence
from typing import Any

import anyio

from carsales.analytics import UsageKind
from carsales.content.channels import CHANNEL_TYPE, Channel, ContentType
from carsales.content.compliance import Finding, FindingSeverity, lint
from carsales.content.projects.schemas import (
    ContentCreate,
    ContentListQuery,
    ContentOut,
    ContentStats,
    ContentSummary,
    ContentUpdate,
    RevisionOut,
)
from carsales.content.publishing.email import text_to_html
from carsales.content.schemas import (
    ContentBody,
    ContentSettings,
    GeneratedVariant,
    ImageRef,
    generated_content,
    variant_copy,
)
from carsales.content.scope import ContentAudit, ContentScope, check_type
from carsales.content.writing.generate import generate_copy, recheck
from carsales.errors import BadRequest, Conflict
from carsales.kit.pagination import PageParams
from carsales.kit.text import plural
from carsales.kit.time import utcnow
from carsales.models import (
    ContentProject,
    ContentStatus,
    NotificationKind,
    RevisionAction,
    Role,
)
from carsales.notifications.service import notify_roles

# Who publishes or rejects what is submitted, and is told it waits for them.
REVIEWERS = (Role.manager, Role.admin)


class IllegalTransition(Conflict):
    title = "Not possible in this state"
    code = "illegal_transition"


class ComplianceErrors(Conflict):
    title = "Compliance errors remain"
    code = "compliance_errors"


class NotDeletable(Conflict):
    title = "Only drafts that were never published can be deleted"
    code = "not_deletable"


class UnknownImage(BadRequest):
    title = "No such processed photo"
    code = "unknown_image"


def _email_html(content: dict[str, Any]) -> str:
    return text_to_html(content.get("text", ""), content.get("preheader"))


class ContentService(ContentScope):
    """Content projects and their workflow, acting for `actor` inside the actor's dealership."""

    async def list_visible(
        self, query: ContentListQuery, page: PageParams
    ) -> tuple[Sequence[ContentProject], int]:
        return await self.projects.list_visible(self.actor, query, page)

    async def stats(self) -> ContentStats:
        counts = await self.projects.counts(self.actor)
        return ContentStats(
            draft=counts[ContentStatus.draft],
            review=counts[ContentStatus.review],
            published=counts[ContentStatus.published],
            total=sum(counts.values()),
        )

    async def create(self, body: ContentCreate) -> ContentProject:
        platform = body.settings.platform
        content_type = body.type or CHANNEL_TYPE[platform]
        check_type(content_type, platform)
        inputs = await self.copy_inputs(body.vehicle_id, body.settings, body.offer)
        if body.generated is not None:  # what the page streamed: kept, but checked anew
            generated = await anyio.to_thread.run_sync(recheck, body.generated, inputs)
        else:
            generated = await generate_copy(self.config, inputs, body.variants)
            self._count_usage(UsageKind.content_generated, platform)
        chosen = generated.variants[min(body.selected_variant, len(generated.variants) - 1)]
        content = generated_content(
            generated.variants, chosen, generated.engine, generated.fallback_reason
        )
        project = ContentProject(
            owner_id=self.actor.id,
            vehicle_id=body.vehicle_id,
            title=body.title or chosen.title[:200],
            content_type=content_type.value,
            channel=platform.value,
            status=ContentStatus.draft,
            content=content,
            settings=inputs.settings.model_dump(mode="json"),
            findings=_dump(chosen.findings),
        )
        await self.projects.add(project, RevisionAction.created, self.actor.id)
        return project

    # The workflow

    async def update(self, project_id: str, changes: ContentUpdate) -> ContentProject:
        project = await self.get(project_id, lock=True)
        before = (project.title, project.content, project.settings)
        content = dict(project.content)
        changed: list[str] = []
        if changes.selected_variant is not None:
            variants = content.get("variants", [])
            if changes.selected_variant >= len(variants):
                raise BadRequest(f"There are {len(variants)} variants.")
            chosen = GeneratedVariant.model_validate(variants[changes.selected_variant])
            content.update(variant_copy(chosen))
            changed.append("variant")
        if changes.content is not None:
            edits = changes.content.model_dump(mode="json", exclude_unset=True)
            if "images" in edits:
                await self._check_images(changes.content.images or [])
            content.update(edits)
            changed.extend(name for name in edits)
            if (
                project.content_type == ContentType.email
                and "text" in edits
                and "html" not in edits
            ):
                content["html"] = _email_html(content)
        if changes.title is not None:
            project.title = changes.title
            changed.append("title")
        if changes.settings is not None:
            check_type(ContentType(project.content_type), changes.settings.platform)
            project.channel = changes.settings.platform.value
            project.settings = changes.settings.model_dump(mode="json")
            changed.append("settings")
        project.content = content
        if (project.title, project.content, project.settings) == before:
            return project
        project.findings = _dump(await self._lint_project(project))
        reopened = project.status is ContentStatus.published
        if project.status is not ContentStatus.draft:
            project.status = ContentStatus.draft
        comment = "Changed: " + ", ".join(dict.fromkeys(changed))
        await self.projects.add_revision(project, RevisionAction.edited, self.actor.id, comment)
        if reopened:
            await self._audit(
                ContentAudit.reopened, project, published_revision=project.published_revision
            )
        return project

    async def submit(self, project_id: str) -> ContentProject:
        project = await self._in_state(project_id, ContentStatus.draft, "submitted")
        project.status = ContentStatus.review
        project.submitted_at = utcnow()
        await self.projects.add_revision(project, RevisionAction.submitted, self.actor.id)
        await self._audit(ContentAudit.submitted, project)
        await notify_roles(
            self.db,
            dealership_id=project.dealership_id,
            roles=REVIEWERS,
            skip_user_id=self.actor.id,
            kind=NotificationKind.content_review,
            title=f"Waiting for your review: {project.title}",
            body=f"{self.actor.full_name} submitted “{project.title}” for review.",
            link=f"/content/?id={project.id}",
        )
        return project

    async def publish(self, project_id: str) -> ContentProject:
        """Managers and admins (the router checks the role)."""
        project = await self._in_state(project_id, ContentStatus.review, "published")
        # Linted again: the rule packs, the offer or the vehicle may have changed since.
        findings = await self._lint_project(project)
        errors = [finding for finding in findings if finding.severity is FindingSeverity.error]
        if errors:
            raise ComplianceErrors(
                f"{plural(len(errors), 'compliance error')} must be fixed before publishing.",
                findings=_dump(findings),
            )
        project.findings = _dump(findings)
        project.status = ContentStatus.published
        project.published_at = utcnow()
        project.published_by_id = self.actor.id
        project.reviewed_by_id = self.actor.id
        project.review_comment = None
        await self.projects.add_revision(project, RevisionAction.published, self.actor.id)
        project.published_revision = project.revision
        await self._audit(ContentAudit.published, project, revision=project.revision)
        self._count_usage(UsageKind.content_published, project.channel)
        return project

    async def reject(self, project_id: str, comment: str) -> ContentProject:
        """Managers and admins (the router checks the role)."""
        project = await self._in_state(project_id, ContentStatus.review, "rejected")
        project.status = ContentStatus.draft
        project.review_comment = comment
        project.reviewed_by_id = self.actor.id
        await self.projects.add_revision(project, RevisionAction.rejected, self.actor.id, comment)
        await self._audit(ContentAudit.rejected, project, comment=comment)
        return project

    async def delete(self, project_id: str) -> None:
        project = await self.get(project_id, lock=True)
        if project.status is not ContentStatus.draft or project.published_revision is not None:
            raise NotDeletable("Only drafts can be deleted; what was published stays on record.")
        await self._audit(ContentAudit.deleted, project, title=project.title)
        await self.db.delete(project)
        await self.db.flush()

    async def _in_state(self, project_id: str, source: ContentStatus, verb: str) -> ContentProject:
        project = await self.get(project_id, lock=True)
        if project.status is not source:
            raise IllegalTransition(
                f"The item is {project.status.value}: only items in {source.value} can be {verb}.",
                currentStatus=project.status.value,
            )
        return project

    async def _lint_project(self, project: ContentProject) -> list[Finding]:
        settings = ContentSettings.model_validate(project.settings)
        content = project.content
        return await anyio.to_thread.run_sync(
            functools.partial(
                lint,
                content.get("text", ""),
                Channel(project.channel),
                subject=content.get("subject"),
                offer=settings.offer,
                packs=await self.packs(),
                vehicle=await self._facts(project),
            )
        )

    async def _check_images(self, images: Sequence[ImageRef]) -> None:
        for image in images:
            if await self._processed_photo(image) is None:
                raise UnknownImage("The photo is not a processed photo of this dealership.")

    # Responses

    async def to_summaries(self, projects: Sequence[ContentProject]) -> list[ContentSummary]:
        return [_summary(project) for project in projects]

    async def to_out(self, project: ContentProject) -> ContentOut:
        revisions = await self.projects.revisions(project.id)
        names = await self.projects.user_names({r.author_id for r in revisions if r.author_id})
        return ContentOut(
            **_summary(project).model_dump(by_alias=False),
            revisions=[
                RevisionOut(
                    number=revision.number,
                    action=revision.action,
                    status=revision.status,
                    author_id=revision.author_id,
                    author_name=names.get(revision.author_id or ""),
                    title=revision.title,
                    content=revision.content,
                    comment=revision.comment,
                    created_at=revision.created_at,
                )
                for revision in revisions
            ],
        )


def _summary(project: ContentProject) -> ContentSummary:
    return ContentSummary(
        id=project.id,
        title=project.title,
        type=ContentType(project.content_type),
        channel=Channel(project.channel),
        status=project.status,
        vehicle_id=project.vehicle_id,
        vehicle_name=project.vehicle.name if project.vehicle else None,
        owner_id=project.owner_id,
        owner_name=project.owner.full_name if project.owner else None,
        batch_job_id=project.batch_job_id,
        content=ContentBody.model_validate(project.content),
        settings=ContentSettings.model_validate(project.settings),
        findings=[Finding.model_validate(finding) for finding in project.findings],
        review_comment=project.review_comment,
        revision=project.revision,
        published_revision=project.published_revision,
        submitted_at=project.submitted_at,
        published_at=project.published_at,
        published_by_id=project.published_by_id,
        created_at=project.created_at,
        updated_at=project.updated_at,
    )


def _dump(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    return [finding.model_dump(mode="json") for finding in findings]
