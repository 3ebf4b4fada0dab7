from sqlalchemy.ext.asyncio import AsyncSession

from carsales.audit.service import AuditAction, AuditContext, record
from carsales.dealerships.repository import DealershipRepository, UserCounts
from carsales.dealerships.schemas import DealershipUpdate
from carsales.models import Dealership, User

PROFILE_UPDATED = "dealership.profile_updated"
_PROFILE_FIELDS = ("address", "phone", "website", "compliance_packs", "leaderboard_public")


class DealershipService:
    def __init__(self, session: AsyncSession, origin: AuditContext, actor: User) -> None:
        self.session = session
        self.origin = origin
        self.actor = actor
        self.dealerships = DealershipRepository(session, actor.dealership_id)

    async def current(self) -> tuple[Dealership, UserCounts]:
        return await self.dealerships.get(), await self.dealerships.user_counts()

    async def update(self, changes: DealershipUpdate) -> tuple[Dealership, UserCounts]:
        dealership = await self.dealerships.get()
        if changes.name is not None:
            await self._rename(dealership, changes.name)
        values = changes.model_dump(
            exclude_unset=True, by_alias=False, include=set(_PROFILE_FIELDS)
        )
        changed = {
            name: value for name, value in values.items() if getattr(dealership, name) != value
        }
        if changed:
            await record(
                self.session,
                self.origin,
                PROFILE_UPDATED,
                dealership_id=dealership.id,
                actor=self.actor,
                target_type="dealership",
                target_id=dealership.id,
                **changed,
            )
            for name, value in changed.items():
                setattr(dealership, name, value)
        await self.session.flush()
        return dealership, await self.dealerships.user_counts()

    async def _rename(self, dealership: Dealership, name: str) -> None:
        """Only the display name changes: the slug identifies the dealership (command line,
        links) and stays as it was created."""
        if dealership.name != name:
            await record(
                self.session,
                self.origin,
                AuditAction.dealership_renamed,
                dealership_id=dealership.id,
                actor=self.actor,
                target_type="dealership",
                target_id=dealership.id,
                old_name=dealership.name,
                new_name=name,
            )
            dealership.name = name
