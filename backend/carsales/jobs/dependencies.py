"""The jobs service a request works with, built from the app's state (see "Services" in
docs/architecture.md). Its methods take the acting user, so no actor is bound here."""

from typing import Annotated

from fastapi import Depends, Request

from carsales.db import DbSession
from carsales.jobs.service import JobService


async def get_job_service(request: Request, db: DbSession) -> JobService:
    state = request.app.state
    return JobService(db, state.settings, state.storage, state.job_kinds, state.job_queue.enqueue)


JobServiceDep = Annotated[JobService, Depends(get_job_service)]
