"""Rules of the content studio: generating copy, the draft -> review -> published workflow with
its revisions and audit trail, live linting, and the publishing outputs.

Workflow (docs/content.md, Workflow): a draft is submitted for review by its author (or a
manager or admin); a manager or admin publishes it, which is refused while the linter reports
an error, or rejects it back to draft with a comment. Any edit of an item under review or
published makes it a draft again: what was approved is exactly what a reviewer saw, and the
published copy stays on record as its revision (`publishedRevision`).
"""

import asyncio
import dataclasses
import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import anyio
import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.audit.service import AuditContext, record
from carsales.config import Settings
from carsales.content.channels import CHANNEL_TYPE, Channel, ContentType
from carsales.content.compliance import Finding, FindingSeverity, available_packs, lint
from carsales.content.facts import DealerProfile, Offer, money, offer_disclosure
from carsales.content.generation import GenerationSettings, Variant, compose
from carsales.content.generation.llm import Engine, flagged_numbers, generate_with_llm
from carsales.content.generation.openai_compat import OpenAICompatClient
from carsales.content.publishing.card import Card, render_card
from carsales.content.publishing.email import build_email, text_to_html
from carsales.content.publishing.export import clipboard_text, to_csv
from carsales.content.publishing.print_ad import PrintAd, render_print_ad, split_print_copy
from carsales.content.repository import ContentRepository, VehicleIds
from carsales.content.schemas import (
    BatchCreate,
    ContentBody,
    ContentCreate,
    ContentListQuery,
    ContentOut,
    ContentSettings,
    ContentStats,
    ContentSummary,
    ContentUpdate,
    EmailSent,
    GeneratedVariant,
    GenerateRequest,
    GenerationDelta,
    GenerationDone,
    GenerationFailed,
    ImageRef,
    LintRequest,
    RevisionOut,
    StreamedCopy,
    generated_content,
    variant_copy,
)
from carsales.content.tasks import new_batch_job
from carsales.db import after_commit
from carsales.errors import BadRequest, Conflict, NotFound
from carsales.kit.pagination import PageParams
from carsales.kit.time import utcnow
from carsales.mail import deliver, in_background_after_commit
from carsales.models import (
    ContentProject,
    ContentStatus,
    Dealership,
    JobType,
    ProcessingJob,
    RevisionAction,
    User,
    Vehicle,
    VehicleStatus,
)
from carsales.storage import Storage
from carsales.vehicles.facts import VehicleFacts
from carsales.vehicles.repository import PhotoJobRepository, VehicleRepository
from carsales.vehicles.service import facts_of

log = structlog.get_logger(__name__)
Enqueue = Callable[[str], None]
DeltaSink = Callable[[GenerationDelta], Awaitable[None]]

# More rows than a dealer exports at once; a bound keeps one request's work in proportion.
MAX_EXPORT_ROWS = 2000
CSV_COLUMNS = (
    "id",
    "title",
    "type",
    "channel",
    "status",
    "vehicle",
    "vin",
    "stockNumber",
    "subject",
    "text",
    "hashtags",
    "errors",
    "warnings",
    "author",
    "updatedAt",
    "publishedAt",
)


class ContentAudit:
    submitted = "content.submitted"
    published = "content.published"
    rejected = "content.rejected"
    reopened = "content.reopened"  # a published item edited: a draft again
    deleted = "content.deleted"
    email_sent = "content.email_sent"
    batch_requested = "content.batch_requested"


class IllegalTransition(Conflict):
    title = "Not possible in this state"
    code = "illegal_transition"


class ComplianceErrors(Conflict):
    title = "Compliance errors remain"
    code = "compliance_errors"


class ChannelTypeMismatch(BadRequest):
    title = "The platform does not take this type of content"
    code = "channel_type_mismatch"


class NotDeletable(Conflict):
    title = "Only drafts that were never published can be deleted"
    code = "not_deletable"


class SmtpNotConfigured(Conflict):
    title = "E-mail is not set up"
    code = "smtp_not_configured"


class NotEmailContent(Conflict):
    title = "Not an e-mail"
    code = "not_email_content"


class NotPublished(Conflict):
    title = "Not published yet"
    code = "not_published"


class UnknownImage(BadRequest):
    title = "No such processed photo"
    code = "unknown_image"


@dataclass(frozen=True)
class Generated:
    variants: list[GeneratedVariant]
    engine: Engine
    fallback_reason: str | None


@dataclass(frozen=True)
class CopyInputs:
    """Everything that generating copy reads, gathered before a stream starts (the stream
    outlives the request's database session)."""

    facts: VehicleFacts
    settings: ContentSettings
    dealer: DealerProfile
    offer: Offer | None
    packs: tuple[str, ...]
    vehicle: VehicleFacts | None


def dealer_profile(dealership: Dealership) -> DealerProfile:
    return DealerProfile(
        name=dealership.name,
        address=dealership.address,
        phone=dealership.phone,
        website=dealership.website,
    )


def usable_packs(configured: Sequence[str]) -> tuple[str, ...]:
    """The dealership's packs that this version knows (a pack since removed is skipped, not
    an error on every edit)."""
    known = {pack.id for pack in available_packs()}
    return tuple(pack for pack in configured if pack in known)


def with_findings(variants: Sequence[Variant], inputs: CopyInputs) -> list[GeneratedVariant]:
    channel = inputs.settings.platform
    return [
        GeneratedVariant(
            **variant.model_dump(by_alias=False),
            findings=lint(
                variant.text,
                channel,
                subject=variant.subject,
                offer=inputs.offer,
                packs=inputs.packs,
                vehicle=inputs.vehicle,
            ),
        )
        for variant in variants
    ]


def _generation_settings(inputs: CopyInputs) -> GenerationSettings:
    return GenerationSettings.model_validate(inputs.settings.model_dump(by_alias=False))


def recheck(streamed: StreamedCopy, inputs: CopyInputs) -> Generated:
    """A streamed result sent back by a client, held to the same checks as fresh copy: the
    client may have altered it, so its numbers are fact-checked again (flagged, not dropped),
    it is linted, and an e-mail's HTML body is rebuilt from its text rather than taken."""
    generation = _generation_settings(inputs)
    email = generation.platform is Channel.email
    variants = []
    for sent in streamed.variants:
        variant = Variant(
            **sent.model_dump(by_alias=False),
            html=text_to_html(sent.text, sent.preheader) if email else None,
        )
        variant.flagged_numbers = flagged_numbers(
            variant, generation, inputs.facts, inputs.dealer, inputs.offer
        )
        variants.append(variant)
    return Generated(with_findings(variants, inputs), streamed.engine, streamed.fallback_reason)


async def generate_copy(
    config: Settings, inputs: CopyInputs, variants: int, on_event: DeltaSink | None = None
) -> Generated:
    """`variants` pieces of copy: from the configured OpenAI-compatible model (streamed to
    `on_event` as it writes, and fact-checked), else from the offline composer."""
    generation = _generation_settings(inputs)
    if config.llm_base_url:

        async def delta(index: int, piece: str) -> None:
            if on_event is not None:
                await on_event(GenerationDelta(variant=index, delta=piece))

        async def restart(index: int) -> None:
            if on_event is not None:
                await on_event(GenerationDelta(variant=index, restart=True))

        client = OpenAICompatClient(
            config.llm_base_url, config.llm_model, config.llm_api_key, config.llm_timeout_s
        )
        result = await generate_with_llm(
            client,
            inputs.facts,
            generation,
            dealer=inputs.dealer,
            offer=inputs.offer,
            variants=variants,
            on_delta=delta,
            on_restart=restart,
        )
        written, engine, reason = result.variants, result.engine, result.fallback_reason
    else:
        written = await anyio.to_thread.run_sync(
            functools.partial(
                compose,
                inputs.facts,
                generation,
                dealer=inputs.dealer,
                offer=inputs.offer,
                variants=variants,
            )
        )
        engine, reason = "composer", None
        if on_event is not None:
            # The composer writes each variant at once: one piece per variant.
            for index, variant in enumerate(written):
                await on_event(GenerationDelta(variant=index, delta=variant.text))
    checked = await anyio.to_thread.run_sync(with_findings, written, inputs)
    return Generated(checked, engine, reason)


async def stream_copy(config: Settings, inputs: CopyInputs, variants: int) -> AsyncIterator[bytes]:
    """NDJSON: `{"variant", "delta"}` pieces as they are written (`{"variant", "restart"}`
    when a variant is asked for again), then one `{"variants", "engine", "fallbackReason"}`.
    A client that goes away stops the generation."""
    events: asyncio.Queue[bytes | None] = asyncio.Queue()

    async def send(event: GenerationDelta) -> None:
        await events.put(event.model_dump_json(exclude_none=True).encode() + b"\n")

    async def run() -> None:
        try:
            result = await generate_copy(config, inputs, variants, send)
            done = GenerationDone(
                variants=result.variants,
                engine=result.engine,
                fallback_reason=result.fallback_reason,
            )
            await events.put(done.model_dump_json().encode() + b"\n")
        except Exception:
            log.exception("content_stream_failed")
            failed = GenerationFailed(error="The copy could not be written.")
            await events.put(failed.model_dump_json().encode() + b"\n")
        finally:
            await events.put(None)

    task = asyncio.create_task(run())
    try:
        while (line := await events.get()) is not None:
            yield line
    finally:
        task.cancel()


def vehicle_label(facts: VehicleFacts | None) -> str | None:
    if facts is None:
        return None
    parts = [str(facts.year) if facts.year else None, facts.make, facts.model, facts.trim]
    label = " ".join(part for part in parts if part)
    return label or None


def _email_html(content: dict[str, Any]) -> str:
    return text_to_html(content.get("text", ""), content.get("preheader"))


class ContentService:
    """Content projects, acting for `actor` inside the actor's dealership."""

    def __init__(
        self,
        db: AsyncSession,
        config: Settings,
        storage: Storage,
        actor: User,
        origin: AuditContext | None,
        photo_job_types: Sequence[JobType] = (),
    ) -> None:
        """`photo_job_types`: the image job kinds whose outputs are a vehicle's photos."""
        self.db = db
        self.config = config
        self.storage = storage
        self.actor = actor
        self.origin = origin
        self.photo_job_types = photo_job_types
        self.projects = ContentRepository(db, actor.dealership_id)
        self.vehicles = VehicleRepository(db, actor.dealership_id)
        self._dealership: Dealership | None = None

    # Reading

    async def dealership(self) -> Dealership:
        if self._dealership is None:
            found = await self.db.get(Dealership, self.actor.dealership_id)
            assert found is not None  # the actor's own dealership
            self._dealership = found
        return self._dealership

    async def packs(self) -> tuple[str, ...]:
        return usable_packs((await self.dealership()).compliance_packs)

    async def vehicle(self, vehicle_id: str) -> Vehicle:
        found = await self.vehicles.get(vehicle_id)
        if found is None:
            raise NotFound("No such vehicle.")
        return found

    async def _facts(self, project: ContentProject) -> VehicleFacts | None:
        if project.vehicle_id is None:
            return None
        found = await self.vehicles.get(project.vehicle_id)
        return facts_of(found) if found else None

    async def get(self, project_id: str, *, lock: bool = False) -> ContentProject:
        # Items the actor may not see are reported missing, not forbidden.
        found = await self.projects.get_visible(project_id, self.actor, lock=lock)
        if found is None:
            raise NotFound("No such content.")
        return found

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

    # Generating

    async def copy_inputs(
        self, vehicle_id: str | None, settings: ContentSettings, offer: Offer | None
    ) -> CopyInputs:
        vehicle = facts_of(await self.vehicle(vehicle_id)) if vehicle_id else None
        offer = offer or settings.offer
        return CopyInputs(
            facts=vehicle or VehicleFacts(),
            settings=settings.model_copy(update={"offer": offer}),
            dealer=dealer_profile(await self.dealership()),
            offer=offer,
            packs=await self.packs(),
            vehicle=vehicle,
        )

    async def generation_stream(self, body: GenerateRequest) -> AsyncIterator[bytes]:
        inputs = await self.copy_inputs(body.vehicle_id, body.settings, body.offer)
        return stream_copy(self.config, inputs, body.variants)

    async def lint(self, body: LintRequest) -> list[Finding]:
        vehicle = facts_of(await self.vehicle(body.vehicle_id)) if body.vehicle_id else None
        packs = await self.packs()
        return await anyio.to_thread.run_sync(
            functools.partial(
                lint,
                body.text,
                body.channel,
                subject=body.subject,
                offer=body.offer,
                packs=packs,
                vehicle=vehicle,
            )
        )

    async def create(self, body: ContentCreate) -> ContentProject:
        platform = body.settings.platform
        content_type = body.type or CHANNEL_TYPE[platform]
        _check_type(content_type, platform)
        inputs = await self.copy_inputs(body.vehicle_id, body.settings, body.offer)
        if body.generated is not None:  # what the page streamed: kept, but checked anew
            generated = await anyio.to_thread.run_sync(recheck, body.generated, inputs)
        else:
            generated = await generate_copy(self.config, inputs, body.variants)
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
            _check_type(ContentType(project.content_type), changes.settings.platform)
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
        return project

    async def publish(self, project_id: str) -> ContentProject:
        """Managers and admins (the router checks the role)."""
        project = await self._in_state(project_id, ContentStatus.review, "published")
        # Linted again: the rule packs, the offer or the vehicle may have changed since.
        findings = await self._lint_project(project)
        errors = [finding for finding in findings if finding.severity is FindingSeverity.error]
        if errors:
            raise ComplianceErrors(
                f"{len(errors)} compliance error(s) must be fixed before publishing.",
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

    async def _processed_photo(self, image: ImageRef) -> str | None:
        """The storage key of the photo, when it is a finished output of one of the
        dealership's image jobs."""
        job = await PhotoJobRepository(self.db, self.actor.dealership_id).get(image.job_id)
        if job is None or job.job_type not in self.photo_job_types:
            return None
        item = next((item for item in job.items if item.id == image.item_id), None)
        return item.output_key if item is not None else None

    async def _audit(self, action: str, project: ContentProject, **details: Any) -> None:
        await record(
            self.db,
            self.origin,
            action,
            dealership_id=self.actor.dealership_id,
            actor=self.actor,
            target_type="content",
            target_id=project.id,
            **details,
        )

    # Batch

    async def batch(self, body: BatchCreate, enqueue: Enqueue) -> ProcessingJob:
        """A job that writes one draft per vehicle (tasks.py); queued once committed."""
        _check_type(CHANNEL_TYPE[body.settings.platform], body.settings.platform)
        vehicles = await self._batch_vehicles(body)
        inputs = await self.copy_inputs(None, body.settings, body.offer)
        job = await new_batch_job(
            self.db,
            self.storage,
            owner=self.actor,
            settings=inputs.settings,
            dealer=inputs.dealer,
            packs=inputs.packs,
            title=body.title,
            vehicles=[(vehicle.id, facts_of(vehicle)) for vehicle in vehicles],
        )

        async def send() -> None:
            enqueue(job.id)

        after_commit(self.db, send)
        await record(
            self.db,
            self.origin,
            ContentAudit.batch_requested,
            dealership_id=self.actor.dealership_id,
            actor=self.actor,
            target_type="job",
            target_id=job.id,
            vehicles=len(vehicles),
            channel=body.settings.platform.value,
        )
        return job

    async def _batch_vehicles(self, body: BatchCreate) -> list[Vehicle]:
        if body.vehicle_ids is not None:
            wanted = list(dict.fromkeys(body.vehicle_ids))
            found = {vehicle.id: vehicle for vehicle in await self._vehicles(wanted)}
            if len(found) != len(wanted):
                raise NotFound("No such vehicle.")
            return [found[vehicle_id] for vehicle_id in wanted]
        assert body.newest is not None  # BatchCreate requires one or the other
        statement = (
            select(Vehicle)
            .where(
                Vehicle.dealership_id == self.actor.dealership_id,
                Vehicle.status == VehicleStatus.in_stock,
            )
            .order_by(Vehicle.created_at.desc(), Vehicle.id)
            .limit(body.newest)
        )
        newest = list(await self.db.scalars(statement))
        if not newest:
            raise BadRequest("There are no vehicles in stock.")
        return newest

    async def _vehicles(self, vehicle_ids: Sequence[str]) -> Sequence[Vehicle]:
        return await VehicleIds(self.db, self.actor.dealership_id).by_ids(vehicle_ids)

    # Publishing outputs

    async def card(self, project_id: str, layout: str) -> bytes:
        project = await self.get(project_id)
        facts = await self._facts(project)
        dealership = await self.dealership()
        offer = ContentSettings.model_validate(project.settings).offer
        price = offer.sale_price if offer and offer.sale_price is not None else None
        if price is None and facts is not None:
            price = facts.price
        headline = vehicle_label(facts)
        footer = dealership.website or (
            f"Stock #{facts.stock_number}" if facts and facts.stock_number else None
        )
        card = Card(
            headline=headline or project.title,
            price=money(price) if price is not None else None,
            tagline=project.title if headline else None,
            dealer_name=dealership.name,
            footer=footer,
        )
        photo = await self._photo(project)
        return await anyio.to_thread.run_sync(render_card, card, photo, layout)

    async def _photo(self, project: ContentProject) -> bytes | None:
        """The chosen processed photo, else the vehicle's newest one, else None."""
        for image in project.content.get("images", []):
            key = await self._processed_photo(ImageRef.model_validate(image))
            if key is not None:
                return await self.storage.get_bytes(key)
        vehicle = await self.vehicles.get(project.vehicle_id) if project.vehicle_id else None
        if vehicle is None:
            return None
        refs = {ref.upper() for ref in (vehicle.vin, vehicle.stock_number) if ref}
        jobs = PhotoJobRepository(self.db, self.actor.dealership_id)
        for job in await jobs.for_refs(refs, self.photo_job_types):
            for item in job.items:
                if (
                    item.output_key
                    and item.output_content_type
                    and item.output_content_type.startswith("image/")
                ):
                    return await self.storage.get_bytes(item.output_key)
        return None

    async def print_pdf(self, project_id: str) -> bytes:
        project = await self.get(project_id)
        dealership = await self.dealership()
        offer = ContentSettings.model_validate(project.settings).offer
        text = project.content.get("text", "")
        if project.channel == Channel.print:
            parts = split_print_copy(text, dealership.name)
        else:  # other copy laid out as a page: all of it is body
            parts = PrintAd(headline="", body=[block for block in text.split("\n\n") if block])
        small_print = parts.small_print
        disclosure = offer_disclosure(offer) if offer else None
        if small_print is None and disclosure and disclosure not in text:
            small_print = disclosure
        profile = dealer_profile(dealership)
        ad = dataclasses.replace(
            parts,
            small_print=small_print,
            dealer_lines=[
                line
                for line in (profile.name, profile.address, profile.phone, profile.website)
                if line
            ],
            title=project.title,
        )
        return await anyio.to_thread.run_sync(render_print_ad, ad)

    async def export_text(self, project_id: str) -> str:
        project = await self.get(project_id)
        content = project.content
        return clipboard_text(
            project.channel,
            content.get("text", ""),
            subject=content.get("subject"),
            preheader=content.get("preheader"),
            hashtags=content.get("hashtags", []),
        )

    async def export_csv(self, query: ContentListQuery) -> str:
        projects = await self.projects.all_visible(self.actor, query, MAX_EXPORT_ROWS)
        vehicle_ids = {p.vehicle_id for p in projects if p.vehicle_id}
        vehicles = {v.id: v for v in await self._vehicles(sorted(vehicle_ids))}
        rows = []
        for project in projects:
            vehicle = vehicles.get(project.vehicle_id or "")
            findings = project.findings
            rows.append(
                {
                    "id": project.id,
                    "title": project.title,
                    "type": project.content_type,
                    "channel": project.channel,
                    "status": project.status.value,
                    "vehicle": vehicle_label(facts_of(vehicle)) if vehicle else "",
                    "vin": vehicle.vin if vehicle else "",
                    "stockNumber": vehicle.stock_number if vehicle else "",
                    "subject": project.content.get("subject") or "",
                    "text": project.content.get("text", ""),
                    "hashtags": " ".join(project.content.get("hashtags", [])),
                    "errors": sum(1 for f in findings if f.get("severity") == "error"),
                    "warnings": sum(1 for f in findings if f.get("severity") == "warning"),
                    "author": project.owner.full_name if project.owner else "",
                    "updatedAt": project.updated_at.isoformat(),
                    "publishedAt": project.published_at.isoformat() if project.published_at else "",
                }
            )
        return to_csv(CSV_COLUMNS, rows)

    async def send_email(self, project_id: str, recipients: Sequence[str]) -> EmailSent:
        """To a test list once published; before that, only to oneself (a proof)."""
        project = await self.get(project_id)
        if self.config.smtp_host is None:
            raise SmtpNotConfigured("No SMTP server is configured (CARSALES_SMTP_HOST).")
        if project.content_type != ContentType.email:
            raise NotEmailContent("Only e-mail content can be sent.")
        own = self.actor.email.lower()
        if project.status is not ContentStatus.published and any(
            address.lower() != own for address in recipients
        ):
            raise NotPublished(
                "Until it is published, send the e-mail only to yourself as a proof."
            )
        content = project.content
        subject = content.get("subject") or project.title
        message = build_email(
            sender=self.config.mail_from,
            subject=subject,
            text=content.get("text", ""),
            html_body=content.get("html"),
            preheader=content.get("preheader"),
        )
        addresses = list(dict.fromkeys(recipients))
        await self._audit(
            ContentAudit.email_sent, project, recipients=len(addresses), status=project.status.value
        )
        config = self.config

        async def send() -> None:
            try:
                await deliver(config, message, addresses)
            except Exception:
                log.exception("content_email_failed", content_id=project.id)
                return
            log.info("content_email_sent", content_id=project.id, recipients=len(addresses))

        in_background_after_commit(self.db, send)
        return EmailSent(recipients=addresses, subject=subject)

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


def _check_type(content_type: ContentType, platform: Channel) -> None:
    if CHANNEL_TYPE[platform] is not content_type:
        raise ChannelTypeMismatch(
            f"{platform.value} takes {CHANNEL_TYPE[platform].value} content, not "
            f"{content_type.value}."
        )


def _dump(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    return [finding.model_dump(mode="json") for finding in findings]
