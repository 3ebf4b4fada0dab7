"""All SQL of the team dashboard, scoped to one dealership. Every figure is an aggregate the
database computes (GROUP BY, FILTER): no session row reaches Python."""

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Date, Float, Select, and_, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from carsales.kit.pagination import PageParams
from carsales.kit.repository import TenantRepository
from carsales.models import (
    Role,
    SessionStatus,
    SessionType,
    TrainingAssignment,
    TrainingSession,
    User,
)

SCORES = ("confidence", "clarity", "pace", "volume")
_SCORE_COLUMNS = {
    "confidence": TrainingSession.score_confidence,
    "clarity": TrainingSession.score_clarity,
    "pace": TrainingSession.score_pace,
    "volume": TrainingSession.score_volume,
}
# Averaged per person: the four scores, then the measures.
_AVERAGED = {
    **_SCORE_COLUMNS,
    "words_per_minute": TrainingSession.words_per_minute,
    "fillers_per100": TrainingSession.fillers_per_100,
    "longest_monologue_s": TrainingSession.longest_monologue_s,
    "questions_asked": TrainingSession.questions_asked,
    "overall_score": TrainingSession.overall_score,
}
# One session's score for ranking: the judge's overall where the session had a scenario, else
# the mean of the four delivery scores.
SESSION_SCORE = func.coalesce(
    TrainingSession.overall_score,
    (
        TrainingSession.score_confidence
        + TrainingSession.score_clarity
        + TrainingSession.score_pace
        + TrainingSession.score_volume
    )
    / 4.0,
)


class week_start(FunctionElement[date]):
    """The Monday (UTC) of a timestamp's ISO week, as a date."""

    type = Date()
    inherit_cache = True


@compiles(week_start, "sqlite")
def _week_start_sqlite(element: week_start, compiler: SQLCompiler, **kw: Any) -> str:
    # 'weekday 0' moves forward to the next Sunday (or stays on one); six days back is Monday.
    return f"date({compiler.process(element.clauses, **kw)}, 'weekday 0', '-6 days')"


@compiles(week_start, "postgresql")
def _week_start_postgresql(element: week_start, compiler: SQLCompiler, **kw: Any) -> str:
    timestamp = compiler.process(element.clauses, **kw)
    return f"CAST(date_trunc('week', timezone('UTC', {timestamp})) AS DATE)"


def as_date(value: date | str) -> date:
    """SQLite hands back the text of a date."""
    return date.fromisoformat(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class SessionFilter:
    """Which sessions a leaderboard counts."""

    scenario_id: str | None = None
    session_type: SessionType | None = None


@dataclass(frozen=True)
class RankWindows:
    """The leaderboard's windows: the period ranked (None: all time), and the recent and the
    earlier windows whose averages make the improvement (the earlier one from `earlier_since`,
    None: from the first session, up to `recent_since`)."""

    period_since: datetime | None
    recent_since: datetime
    earlier_since: datetime | None


def salespeople() -> ColumnElement[bool]:
    """The people a dashboard shows: active salespeople."""
    return and_(User.is_active, User.role == Role.salesperson)


def team_members(viewer: User) -> ColumnElement[bool]:
    """Who is on the viewer's dashboard: an admin's is every active salesperson of the
    dealership, a manager's the active salespeople reporting to them, anyone else's themself."""
    if viewer.role is Role.admin:
        return salespeople()
    if viewer.role is Role.manager:
        return and_(salespeople(), User.manager_id == viewer.id)
    return User.id == viewer.id


class TeamRepository(TenantRepository[User]):
    model = User

    def _sessions(self, user_ids: Select[str] | Sequence[str]) -> ColumnElement[bool]:
        """The completed sessions of `user_ids` (ids, or a SELECT of them) in this dealership."""
        return and_(
            TrainingSession.dealership_id == self.dealership_id,
            TrainingSession.user_id.in_(user_ids),
            TrainingSession.status == SessionStatus.completed,
        )

    def member_ids(self, members: ColumnElement[bool]) -> Select[str]:
        return select(User.id).where(User.dealership_id == self.dealership_id, members)

    async def members_page(
        self, members: ColumnElement[bool], page: PageParams
    ) -> tuple[Sequence[User], int]:
        return await self._page(self._by_name(members), page)

    async def all_members(self, members: ColumnElement[bool]) -> Sequence[User]:
        return (await self.session.scalars(self._by_name(members))).all()

    def _by_name(self, members: ColumnElement[bool]) -> Select[User]:
        return (
            self._select()
            .where(members)
            .order_by(func.lower(User.last_name), func.lower(User.first_name), User.email)
        )

    async def session_counts(
        self, user_ids: Sequence[str], *, week_start_at: datetime, days30_at: datetime
    ) -> dict[str, Mapping[str, Any]]:
        """Per person: sessions this week, in 30 days and in all, and the last practice. Read
        from the index (dealership_id, user_id, started_at, status) alone: all time, no rows."""
        started = TrainingSession.started_at
        rows = await self.session.execute(
            select(
                TrainingSession.user_id,
                func.count().filter(started >= week_start_at).label("week"),
                func.count().filter(started >= days30_at).label("days30"),
                func.count().label("total"),
                func.max(started).label("last_practice_at"),
            )
            .where(self._sessions(user_ids))
            .group_by(TrainingSession.user_id)
        )
        return {row.user_id: dict(row._mapping) for row in rows}

    async def averages(
        self, user_ids: Sequence[str], *, period_at: datetime | None, previous_at: datetime | None
    ) -> dict[str, Mapping[str, Any]]:
        """Per person: the averages since `period_at` (None: of all time), the rubric's totals,
        and the scores' averages from `previous_at` to `period_at` (`prev_<score>`). Only the
        rows of those windows are read, found through the index by their start."""
        started = TrainingSession.started_at
        window = self._sessions(user_ids)
        if previous_at is not None or period_at is not None:
            window = and_(window, started >= (previous_at or period_at))
        in_period = started >= period_at if period_at is not None else started.is_not(None)
        columns: list[Any] = [TrainingSession.user_id]
        for name, column in _AVERAGED.items():
            columns.append(func.avg(column).filter(in_period).label(name))
        for name in ("rubric_passed", "rubric_total"):
            columns.append(func.sum(getattr(TrainingSession, name)).filter(in_period).label(name))
        if period_at is not None and previous_at is not None:
            before = and_(started >= previous_at, started < period_at)
            for name in SCORES:
                columns.append(func.avg(_SCORE_COLUMNS[name]).filter(before).label(f"prev_{name}"))
        rows = await self.session.execute(
            select(*columns).where(window).group_by(TrainingSession.user_id)
        )
        return {row.user_id: dict(row._mapping) for row in rows}

    async def assignment_counts(
        self, user_ids: Sequence[str], now: datetime
    ) -> dict[str, tuple[int, int]]:
        """Per person: open assignments, and those of them past their due date."""
        open_ = TrainingAssignment.completed_session_id.is_(None)
        rows = await self.session.execute(
            select(
                TrainingAssignment.user_id,
                func.count(),
                func.count().filter(TrainingAssignment.due_at < now),
            )
            .where(
                TrainingAssignment.dealership_id == self.dealership_id,
                TrainingAssignment.user_id.in_(user_ids),
                open_,
            )
            .group_by(TrainingAssignment.user_id)
        )
        return {user_id: (count, overdue) for user_id, count, overdue in rows.tuples()}

    async def weekly(self, user_ids: Sequence[str], since: datetime) -> Sequence[Any]:
        """Per person and ISO week since `since`: sessions and the average scores."""
        week = week_start(TrainingSession.started_at).label("week")
        statement = (
            select(
                TrainingSession.user_id,
                week,
                func.count().label("sessions"),
                *(func.avg(column).label(name) for name, column in _SCORE_COLUMNS.items()),
                func.avg(TrainingSession.overall_score).label("overall"),
            )
            .where(self._sessions(user_ids), TrainingSession.started_at >= since)
            .group_by(TrainingSession.user_id, week)
        )
        return (await self.session.execute(statement)).all()

    async def histogram(
        self,
        member_ids: Select[str],
        column: Any,
        edges: Sequence[float],
        since: datetime | None,
    ) -> list[int]:
        """How many sessions' `column` falls in each bin between consecutive `edges`; the first
        and the last bin also count what lies below and above them. One row of counts."""
        inner = list(itertools.pairwise(edges))
        counts = []
        for index, (low, high) in enumerate(inner):
            above = column >= low if index > 0 else column.is_not(None)
            below = column < high if index < len(inner) - 1 else column.is_not(None)
            counts.append(func.count().filter(and_(above, below)))
        condition = self._sessions(member_ids)
        if since is not None:
            condition = and_(condition, TrainingSession.started_at >= since)
        row = (await self.session.execute(select(*counts).where(condition))).one()
        return [int(count) for count in row]

    async def leaderboard(
        self, member_ids: Select[str], only: SessionFilter, windows: RankWindows
    ) -> Sequence[Any]:
        """Per person with a scored session in the period: their sessions and average session
        score in it (`level`), and their averages in the recent and the earlier window."""
        started = TrainingSession.started_at
        score = SESSION_SCORE.cast(Float)
        in_period = (
            started >= windows.period_since if windows.period_since else started.is_not(None)
        )
        recent = started >= windows.recent_since
        earlier = started < windows.recent_since
        conditions = [self._sessions(member_ids), SESSION_SCORE.is_not(None)]
        if windows.earlier_since is not None:
            earlier = and_(started >= windows.earlier_since, earlier)
            conditions.append(started >= windows.earlier_since)
        if only.scenario_id is not None:
            conditions.append(TrainingSession.scenario_id == only.scenario_id)
        if only.session_type is not None:
            conditions.append(TrainingSession.session_type == only.session_type)
        statement = (
            select(
                TrainingSession.user_id,
                func.count().filter(in_period).label("sessions"),
                func.avg(score).filter(in_period).label("level"),
                func.avg(score).filter(recent).label("recent"),
                func.avg(score).filter(earlier).label("earlier"),
            )
            .where(*conditions)
            .group_by(TrainingSession.user_id)
            .having(func.count().filter(in_period) > 0)
        )
        return (await self.session.execute(statement)).all()
