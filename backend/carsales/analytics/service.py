"""Recording usage, and the weekly usage report built from what was recorded.

`record_usage` adds the event to the caller's transaction, so a refused or rolled-back action is
never counted; the Prometheus counter follows the commit for the same reason, whichever way the
caller commits (a request's transaction, or a job runner's own `session.commit()`).
"""

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from prometheus_client import Counter
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from carsales.analytics.repository import UsageCounts, UsageRepository
from carsales.analytics.schemas import (
    TimeSavedAssumption,
    UsageKind,
    UsageReport,
    UsageTotals,
    UsageWeek,
)
from carsales.kit.time import utcnow
from carsales.models import UsageEvent

# Only the kind as a label: no person, no dealership, so the metric holds no personal data and
# its cardinality stays fixed.
USAGE_EVENTS = Counter(
    "carsales_usage_events_total",
    "Product usage recorded, weighted by quantity (photos for photos_processed)",
    ["kind"],
)
for _kind in UsageKind:
    USAGE_EVENTS.labels(_kind.value)

_PENDING_KEY = "usage_pending"


@event.listens_for(Session, "after_commit")
def _count_committed(session: Session) -> None:
    pending: list[tuple[str, int]] = session.info.pop(_PENDING_KEY, [])
    for kind, quantity in pending:
        USAGE_EVENTS.labels(kind).inc(quantity)


@event.listens_for(Session, "after_transaction_end")
def _forget_uncommitted(session: Session, transaction: SessionTransaction) -> None:
    """The outermost transaction ended without a commit (after one, the list is gone already);
    a savepoint's end leaves the uses to the transaction around it."""
    if transaction.parent is None:
        session.info.pop(_PENDING_KEY, None)


def record_usage(
    db: AsyncSession,
    *,
    dealership_id: str,
    user_id: str | None,
    kind: UsageKind,
    quantity: int = 1,
    detail: str | None = None,
) -> None:
    """Counts one use in the caller's transaction; nothing to count (quantity 0) is skipped."""
    if quantity <= 0:
        return
    db.add(
        UsageEvent(
            dealership_id=dealership_id,
            user_id=user_id,
            kind=kind.value,
            quantity=quantity,
            detail=detail,
        )
    )
    db.info.setdefault(_PENDING_KEY, []).append((kind.value, quantity))


# What the time saved is estimated from: the work each use replaces, done by hand.
MINUTES_PER_PHOTO = 10
MINUTES_PER_PIECE = 15
ASSUMPTIONS = (
    TimeSavedAssumption(
        kind=UsageKind.photos_processed,
        minutes_each=MINUTES_PER_PHOTO,
        text=f"Each processed photo saves {MINUTES_PER_PHOTO} minutes of cutting the car out "
        "and retouching it by hand in a photo editor.",
    ),
    TimeSavedAssumption(
        kind=UsageKind.content_generated,
        minutes_each=MINUTES_PER_PIECE,
        text=f"Each piece of copy written by the assistant saves {MINUTES_PER_PIECE} minutes of "
        "writing it from the vehicle's details by hand.",
    ),
)


def week_start(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


class UsageService:
    def __init__(self, db: AsyncSession, dealership_id: str) -> None:
        self.usage = UsageRepository(db, dealership_id)

    async def report(self, weeks: int, now: datetime | None = None) -> UsageReport:
        """The last `weeks` ISO weeks (Monday 00:00 UTC), the current one included."""
        today = (now or utcnow()).astimezone(UTC).date()
        first = week_start(today) - timedelta(weeks=weeks - 1)
        starts = [
            datetime.combine(first + timedelta(weeks=index), time(), UTC) for index in range(weeks)
        ]
        counts = await self.usage.weekly_counts(starts)
        active_total = await self.usage.active_users(starts[0])
        channels = sorted({channel for week in counts.published for channel in week})
        rows = [_week(start.date(), counts, index) for index, start in enumerate(starts)]
        return UsageReport(
            weeks=rows,
            channels=channels,
            totals=_totals(rows, active_total),
            assumptions=list(ASSUMPTIONS),
        )


def _minutes_saved(photos: int, pieces: int) -> int:
    return photos * MINUTES_PER_PHOTO + pieces * MINUTES_PER_PIECE


def _week(start: date, counts: UsageCounts, index: int) -> UsageWeek:
    kinds: dict[str, int] = defaultdict(int, counts.by_kind[index])
    active = counts.active[index]
    completed = kinds[UsageKind.session_completed]
    photos = kinds[UsageKind.photos_processed]
    pieces = kinds[UsageKind.content_generated]
    return UsageWeek(
        week_start=start,
        active_users=active,
        logins=kinds[UsageKind.login],
        sessions_started=kinds[UsageKind.session_started],
        sessions_completed=completed,
        sessions_per_active_user=round(completed / active, 2) if active else None,
        photos_processed=photos,
        content_generated=pieces,
        content_published=dict(sorted(counts.published[index].items())),
        minutes_saved=_minutes_saved(photos, pieces),
    )


def _totals(rows: list[UsageWeek], active_users: int) -> UsageTotals:
    return UsageTotals(
        active_users=active_users,
        sessions_completed=sum(row.sessions_completed for row in rows),
        photos_processed=sum(row.photos_processed for row in rows),
        content_generated=sum(row.content_generated for row in rows),
        content_published=sum(sum(row.content_published.values()) for row in rows),
        minutes_saved=sum(row.minutes_saved for row in rows),
    )
