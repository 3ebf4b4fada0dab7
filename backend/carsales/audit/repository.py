from collections.abc import Sequence

from carsales.audit.schemas import AuditQuery
from carsales.kit.pagination import PageParams
from carsales.kit.repository import TenantRepository
from carsales.models import AuditEvent


class AuditRepository(TenantRepository[AuditEvent]):
    model = AuditEvent

    async def list_events(
        self, query: AuditQuery, page: PageParams
    ) -> tuple[Sequence[AuditEvent], int]:
        """Newest first; the id breaks ties between events written in the same instant."""
        statement = self._select().order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        if query.action is not None:
            statement = statement.where(AuditEvent.action == query.action)
        if query.actor_id is not None:
            statement = statement.where(AuditEvent.actor_id == query.actor_id)
        if query.since is not None:
            statement = statement.where(AuditEvent.created_at >= query.since)
        if query.until is not None:
            statement = statement.where(AuditEvent.created_at < query.until)
        return await self._page(statement, page)
