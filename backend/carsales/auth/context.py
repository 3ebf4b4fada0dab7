"""What an authentication service needs from the request it serves."""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.audit.service import record
from carsales.config import Settings
from carsales.db import DbSession
from carsales.kit.http import client_ip, user_agent


@dataclass(frozen=True)
class AuthContext:
    session: AsyncSession
    request: Request
    settings: Settings

    @property
    def ip(self) -> str:
        return client_ip(self.request, self.settings.trust_forwarded_headers)

    @property
    def user_agent(self) -> str:
        return user_agent(self.request)

    async def audit(self, action: str, *, dealership_id: str | None, **fields: Any) -> None:
        await record(self.session, self.request, action, dealership_id=dealership_id, **fields)


async def auth_context(request: Request, session: DbSession) -> AuthContext:
    return AuthContext(session=session, request=request, settings=request.app.state.settings)


Context = Annotated[AuthContext, Depends(auth_context)]
