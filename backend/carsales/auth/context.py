"""What an authentication service needs from the request it serves: plain values, built once."""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.audit.dependencies import Audit
from carsales.audit.service import AuditContext, record
from carsales.config import Settings
from carsales.db import DbSession


@dataclass(frozen=True)
class AuthContext:
    session: AsyncSession
    settings: Settings
    origin: AuditContext
    # For the few records that must be committed apart from the request (a counted sign-in
    # attempt, before its password is checked).
    sessionmaker: async_sessionmaker[AsyncSession]

    @property
    def ip(self) -> str:
        return self.origin.ip

    @property
    def user_agent(self) -> str:
        return self.origin.user_agent

    async def audit(self, action: str, *, dealership_id: str | None, **fields: Any) -> None:
        await record(self.session, self.origin, action, dealership_id=dealership_id, **fields)


async def auth_context(request: Request, db: DbSession, origin: Audit) -> AuthContext:
    state = request.app.state
    return AuthContext(
        session=db, settings=state.settings, origin=origin, sessionmaker=state.sessionmaker
    )


Context = Annotated[AuthContext, Depends(auth_context)]
