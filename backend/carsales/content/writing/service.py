"""Rules of writing copy: a generation streamed to the page, live linting, and a batch of
drafts for many vehicles (a job, tasks.py)."""

import functools
from collections.abc import AsyncIterator, Callable

import anyio

from carsales.analytics import UsageKind
from carsales.audit.service import record
from carsales.content.channels import CHANNEL_TYPE
from carsales.content.compliance import Finding, lint
from carsales.content.repository import VehicleIds
from carsales.content.scope import ContentAudit, ContentScope, check_type
from carsales.content.tasks import new_batch_job
from carsales.content.writing.generate import stream_copy
from carsales.content.writing.schemas import BatchCreate, GenerateRequest, LintRequest
from carsales.db import after_commit
from carsales.errors import BadRequest, NotFound
from carsales.models import ProcessingJob, Vehicle
from carsales.vehicles.fields import facts_of

Enqueue = Callable[[str], None]


class WritingService(ContentScope):
    """Copy written for the actor, stored nowhere, or as a batch job's drafts."""

    async def generation_stream(self, body: GenerateRequest) -> AsyncIterator[bytes]:
        inputs = await self.copy_inputs(body.vehicle_id, body.settings, body.offer)
        # One piece however many variants: the person keeps one of them.
        self._count_usage(UsageKind.content_generated, body.settings.platform)
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

    async def batch(self, body: BatchCreate, enqueue: Enqueue) -> ProcessingJob:
        """A job that writes one draft per vehicle (tasks.py); queued once committed."""
        check_type(CHANNEL_TYPE[body.settings.platform], body.settings.platform)
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
        vehicles = VehicleIds(self.db, self.actor.dealership_id)
        newest = list(await vehicles.newest_in_stock(body.newest))
        if not newest:
            raise BadRequest("There are no vehicles in stock.")
        return newest
