"""The audit context of a request, as a dependency: FastAPI builds it once per request and
hands the same value to every service that records events."""

from typing import Annotated

from fastapi import Depends, Request

from carsales.audit.service import AuditContext
from carsales.kit.http import client_ip, user_agent
from carsales.logging import request_id_var


async def audit_context(request: Request) -> AuditContext:
    settings = request.app.state.settings
    return AuditContext(
        ip=client_ip(request, settings.trust_forwarded_headers),
        user_agent=user_agent(request),
        request_id=request_id_var.get(),
    )


Audit = Annotated[AuditContext, Depends(audit_context)]
