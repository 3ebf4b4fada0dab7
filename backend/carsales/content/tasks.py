"""Copy for many vehicles at once, as a processing job (`content_generation`), so that a batch
gets the job machinery's progress, leases, retries and time limit.

Each item is one vehicle's facts (JSON). `prepare` (on a worker thread) composes one variant
for the job's channel and lints it; when the job ends, `create_drafts` turns every finished
item into a draft content project, in the transaction that ends the job, so that the drafts
appear all together or not at all. Batches use the offline composer: a model would take
minutes per car on the CPUs this runs on.
"""

import hashlib
import time
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.analytics import UsageKind, record_usage
from carsales.content.channels import CHANNEL_TYPE
from carsales.content.compliance import lint
from carsales.content.facts import DealerProfile
from carsales.content.generation import GenerationSettings, compose
from carsales.content.projects.repository import ContentRepository
from carsales.content.repository import VehicleIds
from carsales.content.schemas import ContentSettings, GeneratedVariant, generated_content
from carsales.jobs.keys import job_prefix
from carsales.jobs.processors import (
    JSON_CONTENT_TYPE,
    ItemRejected,
    JobKind,
    JobKinds,
    JsonResultProcessor,
    Prepared,
    ReportProgress,
)
from carsales.jobs.service import safe_filename
from carsales.models import (
    ContentProject,
    ContentStatus,
    ItemStatus,
    JobItem,
    JobStatus,
    JobType,
    ProcessingJob,
    RevisionAction,
    User,
)
from carsales.storage import Storage
from carsales.vehicles.facts import VehicleFacts


class BatchSettings(BaseModel):
    """A batch job's settings: everything the worker needs, so it reads no tables."""

    settings: dict[str, Any]
    """ContentSettings, as JSON."""
    dealer: dict[str, Any]
    packs: list[str]
    title: str | None = None


class BatchItem(BaseModel):
    vehicle_id: str
    facts: dict[str, Any]


class BatchResult(BaseModel):
    vehicle_id: str
    variant: dict[str, Any]
    """A GeneratedVariant, as JSON."""


def _seed(vehicle_id: str) -> int:
    """The same car gets the same copy when an item is run again (jobs are idempotent), and
    different cars get different openings."""
    return int.from_bytes(hashlib.sha256(vehicle_id.encode()).digest()[:4], "big")


class ContentBatchProcessor(JsonResultProcessor):
    def prepare(
        self,
        data: bytes,
        settings: Mapping[str, Any],
        progress: ReportProgress,
        position: int,
    ) -> Prepared:
        started = time.perf_counter()
        options = BatchSettings.model_validate(settings)
        try:
            item = BatchItem.model_validate_json(data)
            facts = VehicleFacts.model_validate(item.facts)
        except ValueError as exc:
            raise ItemRejected("The vehicle's details could not be read.") from exc
        content = ContentSettings.model_validate(options.settings)
        generation = GenerationSettings.model_validate(content.model_dump(by_alias=False))
        dealer = DealerProfile.model_validate(options.dealer)
        [variant] = compose(
            facts,
            generation,
            dealer=dealer,
            offer=content.offer,
            variants=1,
            seed=_seed(item.vehicle_id),
        )
        findings = lint(
            variant.text,
            content.platform,
            subject=variant.subject,
            offer=content.offer,
            packs=options.packs,
            vehicle=facts,
        )
        checked = GeneratedVariant(**variant.model_dump(by_alias=False), findings=findings)
        result = BatchResult(vehicle_id=item.vehicle_id, variant=checked.model_dump(mode="json"))
        return Prepared(
            result.model_dump_json().encode(), {}, {"generation": time.perf_counter() - started}
        )


async def new_batch_job(
    db: AsyncSession,
    storage: Storage,
    *,
    owner: User,
    settings: ContentSettings,
    dealer: DealerProfile,
    packs: Sequence[str],
    title: str | None,
    vehicles: Sequence[tuple[str, VehicleFacts]],
) -> ProcessingJob:
    """The job, with one stored item per (vehicle id, facts); the caller enqueues it after the
    commit."""
    job = ProcessingJob(
        dealership_id=owner.dealership_id,
        owner_id=owner.id,
        job_type=JobType.content_generation,
        settings=BatchSettings(
            settings=settings.model_dump(mode="json"),
            dealer=dealer.model_dump(mode="json"),
            packs=list(packs),
            title=title,
        ).model_dump(mode="json"),
        items=[],
    )
    db.add(job)
    await db.flush()
    prefix = job_prefix(job)
    items = []
    try:
        for position, (vehicle_id, facts) in enumerate(vehicles):
            data = BatchItem(vehicle_id=vehicle_id, facts=facts.model_dump(mode="json"))
            stored = await storage.put_bytes(
                f"{prefix}/inputs/{position:03d}.json", data.model_dump_json().encode()
            )
            label = facts.year_make_model
            items.append(
                JobItem(
                    position=position,
                    original_name=safe_filename(f"{label}.json", f"vehicle-{position + 1}.json"),
                    input_key=stored.key,
                    input_sha256=stored.sha256,
                    input_bytes=stored.size,
                    content_type=JSON_CONTENT_TYPE,
                    status=ItemStatus.pending,
                )
            )
    except BaseException:
        # The rows roll back with the request; the files written so far must go too.
        await storage.delete_prefix(prefix)
        raise
    job.items = items
    await db.flush()
    return job


async def create_drafts(db: AsyncSession, job: ProcessingJob, storage: Storage) -> None:
    """One draft per finished item, owned by whoever started the batch. Safe to run again: a
    vehicle that already has its draft from this job is skipped."""
    if job.status is not JobStatus.completed:
        return
    options = BatchSettings.model_validate(job.settings)
    settings = ContentSettings.model_validate(options.settings)
    projects = ContentRepository(db, job.dealership_id)
    done = await projects.batch_vehicles(job.id)
    results = []
    for item in job.items:
        if item.status is ItemStatus.completed and item.output_key:
            results.append(
                BatchResult.model_validate_json(await storage.get_bytes(item.output_key))
            )
    # A vehicle deleted while the job ran gets no draft.
    existing = {
        vehicle.id
        for vehicle in await VehicleIds(db, job.dealership_id).by_ids(
            [result.vehicle_id for result in results]
        )
    }
    written = 0
    for result in results:
        if result.vehicle_id in done or result.vehicle_id not in existing:
            continue
        variant = GeneratedVariant.model_validate(result.variant)
        project = ContentProject(
            owner_id=job.owner_id,
            vehicle_id=result.vehicle_id,
            batch_job_id=job.id,
            title=(options.title or variant.title)[:200],
            content_type=CHANNEL_TYPE[settings.platform].value,
            channel=settings.platform.value,
            status=ContentStatus.draft,
            content=generated_content([variant], variant, "composer"),
            settings=options.settings,
            findings=[finding.model_dump(mode="json") for finding in variant.findings],
        )
        await projects.add(project, RevisionAction.generated, job.owner_id)
        written += 1
    record_usage(
        db,
        dealership_id=job.dealership_id,
        user_id=job.owner_id,
        kind=UsageKind.content_generated,
        quantity=written,
        detail=settings.platform.value,
    )


def register(kinds: JobKinds) -> None:
    kind = JobKind(ContentBatchProcessor(), BatchSettings, uploads=None, on_finished=create_drafts)
    kinds.register(JobType.content_generation, kind)
