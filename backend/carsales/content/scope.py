"""What every content service stands on, acting for one user inside their dealership: the
dealership (its profile and rule packs), its vehicles, the content the user may see, the
processed photos of its image jobs, the audit trail, and the inputs of writing copy.

The content services (projects/, writing/, outputs/) extend ContentScope, so that a rule such
as "an item the user may not see is reported missing" is written once."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from carsales.analytics import UsageKind, record_usage
from carsales.audit.service import AuditContext, record
from carsales.config import Settings
from carsales.content.channels import CHANNEL_TYPE, Channel, ContentType
from carsales.content.compliance import available_packs
from carsales.content.facts import DealerProfile, Offer
from carsales.content.projects.repository import ContentRepository
from carsales.content.repository import VehicleIds
from carsales.content.schemas import ContentSettings, ImageRef
from carsales.content.writing.generate import CopyInputs
from carsales.errors import BadRequest, NotFound
from carsales.models import ContentProject, Dealership, JobType, User, Vehicle
from carsales.storage import Storage
from carsales.vehicles.facts import VehicleFacts
from carsales.vehicles.fields import facts_of
from carsales.vehicles.repository import PhotoJobRepository, VehicleRepository


class ContentAudit:
    submitted = "content.submitted"
    published = "content.published"
    rejected = "content.rejected"
    reopened = "content.reopened"  # a published item edited: a draft again
    deleted = "content.deleted"
    email_sent = "content.email_sent"
    batch_requested = "content.batch_requested"


class ChannelTypeMismatch(BadRequest):
    title = "The platform does not take this type of content"
    code = "channel_type_mismatch"


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


def check_type(content_type: ContentType, platform: Channel) -> None:
    if CHANNEL_TYPE[platform] is not content_type:
        raise ChannelTypeMismatch(
            f"{platform.value} takes {CHANNEL_TYPE[platform].value} content, not "
            f"{content_type.value}."
        )


class ContentScope:
    """Content, acting for `actor` inside the actor's dealership."""

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

    def _count_usage(self, kind: UsageKind, channel: str) -> None:
        """One use by the actor, for the admin's usage page (carsales.analytics)."""
        record_usage(
            self.db,
            dealership_id=self.actor.dealership_id,
            user_id=self.actor.id,
            kind=kind,
            detail=channel,
        )

    async def _vehicles(self, vehicle_ids: Sequence[str]) -> Sequence[Vehicle]:
        return await VehicleIds(self.db, self.actor.dealership_id).by_ids(vehicle_ids)
