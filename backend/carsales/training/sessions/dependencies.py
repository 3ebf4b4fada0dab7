"""The training-session service a request works with, the actor bound once (see "Services" in
docs/architecture.md)."""

from typing import Annotated

from fastapi import Depends, Request

from carsales.auth.dependencies import CurrentUser
from carsales.db import DbSession
from carsales.training.sessions.service import SessionService


async def get_session_service(request: Request, db: DbSession, user: CurrentUser) -> SessionService:
    state = request.app.state
    return SessionService(db, state.settings, state.storage, state.job_queue.enqueue, user)


SessionServiceDep = Annotated[SessionService, Depends(get_session_service)]
