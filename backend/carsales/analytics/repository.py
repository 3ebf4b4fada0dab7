"""The SQL of the usage report: sums per ISO week and kind, in the database, over the index
(dealership_id, kind, created_at)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, case, func, select

from carsales.analytics.schemas import UsageKind
from carsales.kit.repository import TenantRepository
from carsales.models import UsageEvent


@dataclass(frozen=True)
class UsageCounts:
    """Per week (in the order of the week starts asked for)."""

    by_kind: list[dict[str, int]]
    published: list[dict[str, int]]  # channel -> pieces published
    active: list[int]  # distinct people with any usage


class UsageRepository(TenantRepository[UsageEvent]):
    model = UsageEvent

    def _week_of(self, starts: Sequence[datetime]) -> ColumnElement[int]:
        """The index of the week an event falls in: a CASE over the week starts, the same SQL
        on SQLite and PostgreSQL (their date functions differ)."""
        return case(
            *(
                (UsageEvent.created_at >= start, index)
                for index, start in reversed(list(enumerate(starts)))
            ),
            else_=-1,
        )

    async def weekly_counts(self, starts: Sequence[datetime]) -> UsageCounts:
        # The week computed in a subquery and grouped on outside: PostgreSQL does not match a
        # GROUP BY expression that carries bound parameters to the same one in the SELECT.
        events = (
            select(
                self._week_of(starts).label("week"),
                UsageEvent.kind,
                UsageEvent.detail,
                UsageEvent.quantity,
                UsageEvent.user_id,
            )
            .where(
                UsageEvent.dealership_id == self.dealership_id,
                # Every kind named, so the index (dealership_id, kind, created_at) serves the span.
                UsageEvent.kind.in_(list(UsageKind)),
                UsageEvent.created_at >= starts[0],
                UsageEvent.created_at < starts[-1] + timedelta(weeks=1),
            )
            .subquery()
        )
        by_kind: list[dict[str, int]] = [{} for _ in starts]
        published: list[dict[str, int]] = [{} for _ in starts]
        sums = await self.session.execute(
            select(
                events.c.week, events.c.kind, events.c.detail, func.sum(events.c.quantity)
            ).group_by(events.c.week, events.c.kind, events.c.detail)
        )
        for index, kind, detail, quantity in sums.tuples():
            by_kind[index][kind] = by_kind[index].get(kind, 0) + quantity
            if kind == UsageKind.content_published:
                channel = detail or "other"
                published[index][channel] = published[index].get(channel, 0) + quantity
        active = [0 for _ in starts]
        people = await self.session.execute(
            select(events.c.week, func.count(func.distinct(events.c.user_id))).group_by(
                events.c.week
            )
        )
        for index, count in people.tuples():
            active[index] = count
        return UsageCounts(by_kind=by_kind, published=published, active=active)

    async def active_users(self, since: datetime) -> int:
        """Distinct people with any usage since `since` (not the sum of the weeks: one person
        active every week counts once)."""
        count = await self.session.scalar(
            select(func.count(func.distinct(UsageEvent.user_id))).where(
                UsageEvent.dealership_id == self.dealership_id,
                UsageEvent.created_at >= since,
            )
        )
        return count or 0
