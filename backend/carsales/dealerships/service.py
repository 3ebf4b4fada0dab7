from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.audit.service import AuditAction, record
from carsales.dealerships.repository import DealershipRepository, UserCounts
from carsales.models import Dealership, User


class DealershipService:
    def __init__(self, session: AsyncSession, request: Request, actor: User) -> None:
        self.session = session
        self.request = request
        self.actor = actor
        self.dealerships = DealershipRepository(session, actor.dealership_id)

    async def current(self) -> tuple[Dealership, UserCounts]:
        return await self.dealerships.get(), await self.dealerships.user_counts()

    async def rename(self, name: str) -> tuple[Dealership, UserCounts]:
        """Only the display name changes: the slug identifies the dealership (command line,
        links) and stays as it was created."""
        dealership = await self.dealerships.get()
        if dealership.name != name:
            await record(
                self.session,
                self.request,
                AuditAction.dealership_renamed,
                dealership_id=dealership.id,
                actor=self.actor,
                target_type="dealership",
                target_id=dealership.id,
                old_name=dealership.name,
                new_name=name,
            )
            dealership.name = name
            await self.session.flush()
        return dealership, await self.dealerships.user_counts()
