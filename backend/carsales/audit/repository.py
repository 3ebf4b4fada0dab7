from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Select, select

from carsales.audit.schemas import AuditQuery
from carsales.audit.summary import Names
from carsales.kit.pagination import PageParams
from carsales.kit.repository import TenantRepository
from carsales.models import AuditEvent, ContentProject, Dealership, ProcessingJob, User, Vehicle

# Details that name a person by id (a manager before and after a change).
_PERSON_DETAILS = ("old_manager_id", "new_manager_id")


def vehicle_name(vehicle: Vehicle) -> str:
    described = " ".join(str(part) for part in (vehicle.year, vehicle.make, vehicle.model) if part)
    reference = f"stock {vehicle.stock_number}" if vehicle.stock_number else vehicle.vin
    if described and reference:
        return f"{described} ({reference})"
    return described or reference or "a vehicle without details"


class AuditRepository(TenantRepository[AuditEvent]):
    model = AuditEvent

    def _filtered(self, query: AuditQuery) -> Select[AuditEvent]:
        """Newest first; the id breaks ties between events written in the same instant."""
        statement = self._select().order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        if query.action:
            # Part of the name, as typed: "role changed" finds user.role_changed.
            term = "_".join(query.action.lower().split())
            statement = statement.where(AuditEvent.action.contains(term, autoescape=True))
        if query.actor_id is not None:
            statement = statement.where(AuditEvent.actor_id == query.actor_id)
        if query.since is not None:
            statement = statement.where(AuditEvent.created_at >= query.since)
        if query.until is not None:
            statement = statement.where(AuditEvent.created_at < query.until)
        return statement

    async def list_events(
        self, query: AuditQuery, page: PageParams
    ) -> tuple[Sequence[AuditEvent], int]:
        return await self._page(self._filtered(query), page)

    async def export_events(self, query: AuditQuery, limit: int) -> Sequence[AuditEvent]:
        rows = await self.session.scalars(self._filtered(query).limit(limit))
        return rows.all()

    async def names(self, events: Iterable[AuditEvent]) -> Names:
        """The names of the people and things `events` refer to, within the dealership."""
        people: set[str] = set()
        targets: dict[str, set[str]] = {}
        for event in events:
            if event.actor_id:
                people.add(event.actor_id)
            if event.target_type and event.target_id:
                targets.setdefault(event.target_type, set()).add(event.target_id)
            people.update(
                str(event.details[key]) for key in _PERSON_DETAILS if event.details.get(key)
            )
        people |= targets.pop("user", set())
        named: dict[tuple[str, str], str] = {}
        if people:
            users = await self.session.scalars(
                select(User).where(User.dealership_id == self.dealership_id, User.id.in_(people))
            )
            named.update((("user", user.id), user.full_name) for user in users)
        if targets.get("dealership"):
            dealership = await self.session.get(Dealership, self.dealership_id)
            if dealership is not None:
                named[("dealership", dealership.id)] = dealership.name
        for kind, found in (
            ("content", await self._names_of(ContentProject, targets.get("content"), _title)),
            ("vehicle", await self._names_of(Vehicle, targets.get("vehicle"), vehicle_name)),
            ("job", await self._names_of(ProcessingJob, targets.get("job"), _job_name)),
        ):
            named.update(((kind, row_id), name) for row_id, name in found.items())
        return Names(
            people={key[1]: name for key, name in named.items() if key[0] == "user"},
            targets={key: name for key, name in named.items() if key[0] != "user"},
        )

    async def _names_of(
        self, model: type[Any], ids: set[str] | None, name_of: Callable[[Any], str]
    ) -> dict[str, str]:
        if not ids:
            return {}
        rows = await self.session.scalars(
            select(model).where(model.dealership_id == self.dealership_id, model.id.in_(ids))
        )
        return {row.id: name_of(row) for row in rows}


def _title(project: ContentProject) -> str:
    return project.title


def _job_name(job: ProcessingJob) -> str:
    return f"the {job.job_type.value.replace('_', ' ')} job of {job.created_at:%Y-%m-%d}"
