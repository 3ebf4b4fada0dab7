"""Rules of the team dashboard: whose figures a viewer sees, the periods, and the shaping of
the SQL aggregates (repository.py) into rows, charts, a ranking, a CSV and a PDF."""

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from carsales.dealerships.repository import DealershipRepository
from carsales.errors import Forbidden, NotFound
from carsales.kit.pagination import Page, PageParams
from carsales.kit.spreadsheet import to_csv
from carsales.kit.time import as_utc, utcnow
from carsales.models import Role, TrainingSession, User
from carsales.team import ratings
from carsales.team.pdf import render_team_report
from carsales.team.repository import (
    SCORES,
    RankWindows,
    SessionFilter,
    TeamRepository,
    as_date,
    salespeople,
    team_members,
)
from carsales.team.schemas import (
    AssignmentCounts,
    Band,
    Bin,
    Distribution,
    DistributionQuery,
    HeldCertificationOut,
    Histogram,
    Leaderboard,
    LeaderboardEntry,
    LeaderboardQuery,
    Measures,
    MemberRow,
    MembersQuery,
    Period,
    PersonTrend,
    Scores,
    SessionCounts,
    TrendPoint,
    Trends,
    TrendsQuery,
)
from carsales.training.certifications.service import held_by
from carsales.training.speech.targets import Targets

PERIOD_DAYS: dict[Period, int | None] = {"week": 7, "month": 30, "quarter": 90, "all": None}
# For all time, the improvement compares the last 30 days with everything before.
ALL_TIME_RECENT_DAYS = 30
# The distribution's bins: words per minute from 80 to 220 in tens, fillers per 100 words from
# 0 to 8 in halves (the first and last bins also hold what lies beyond).
PACE_EDGES = [80.0 + 10.0 * step for step in range(15)]
FILLER_EDGES = [0.5 * step for step in range(17)]


def _rounded(value: Any, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


def _minus(value: float | None, earlier: float | None) -> float | None:
    return None if value is None or earlier is None else round(value - earlier, 1)


def _since(now: datetime, period: Period) -> datetime | None:
    days = PERIOD_DAYS[period]
    return None if days is None else now - timedelta(days=days)


def _monday(now: datetime) -> datetime:
    """00:00 UTC on the Monday of `now`'s ISO week."""
    day = now.astimezone(UTC).date()
    return datetime.combine(day - timedelta(days=day.weekday()), time(), UTC)


class TeamService:
    def __init__(self, session: AsyncSession, targets: Targets, viewer: User) -> None:
        self.session = session
        self.targets = targets
        self.viewer = viewer
        self.team = TeamRepository(session, viewer.dealership_id)
        self.members_condition = team_members(viewer)

    async def members(self, query: MembersQuery, page: PageParams) -> Page[MemberRow]:
        users, total = await self.team.members_page(self.members_condition, page)
        rows = await self._rows(users, query.period)
        return Page(items=rows, total=total, offset=page.offset, limit=page.limit)

    async def _rows(self, users: Sequence[User], period: Period) -> list[MemberRow]:
        now = utcnow()
        ids = [user.id for user in users]
        since = _since(now, period)
        days = PERIOD_DAYS[period]
        counts = await self.team.session_counts(
            ids, week_start_at=_monday(now), days30_at=now - timedelta(days=30)
        )
        averages = await self.team.averages(
            ids,
            period_at=since,
            previous_at=None if since is None or days is None else since - timedelta(days=days),
        )
        assignments = await self.team.assignment_counts(ids, now)
        certifications = await held_by(self.session, self.viewer.dealership_id, ids)
        return [
            self._row(
                user,
                {**counts.get(user.id, {}), **averages.get(user.id, {})},
                assignments.get(user.id, (0, 0)),
                [
                    HeldCertificationOut.model_validate(held, from_attributes=True)
                    for held in certifications.get(user.id, [])
                ],
            )
            for user in users
        ]

    def _row(
        self,
        user: User,
        figures: Mapping[str, Any],
        assignments: tuple[int, int],
        certifications: list[HeldCertificationOut],
    ) -> MemberRow:
        scores = Scores(**{name: _rounded(figures.get(name)) for name in SCORES})
        previous = {name: _rounded(figures.get(f"prev_{name}")) for name in SCORES}
        passed, judged = figures.get("rubric_passed"), figures.get("rubric_total")
        measures = Measures(
            words_per_minute=_rounded(figures.get("words_per_minute")),
            fillers_per100=_rounded(figures.get("fillers_per100"), 2),
            longest_monologue_s=_rounded(figures.get("longest_monologue_s")),
            questions_asked=_rounded(figures.get("questions_asked")),
            rubric_pass_rate=round(passed / judged, 3) if judged else None,
            overall_score=_rounded(figures.get("overall_score")),
        )
        last = figures.get("last_practice_at")
        return MemberRow(
            user_id=user.id,
            name=user.full_name,
            email=user.email,
            sessions=SessionCounts(
                week=figures.get("week", 0),
                days30=figures.get("days30", 0),
                total=figures.get("total", 0),
            ),
            scores=scores,
            score_trend=Scores(
                **{name: _minus(getattr(scores, name), previous[name]) for name in SCORES}
            ),
            measures=measures,
            measure_status=ratings.measure_statuses(measures, self.targets),
            last_practice_at=as_utc(last) if isinstance(last, datetime) else None,
            assignments=AssignmentCounts(open=assignments[0], overdue=assignments[1]),
            certifications=certifications,
        )

    async def trends(self, query: TrendsQuery) -> Trends:
        users = await self.team.all_members(self.members_condition)
        if query.user_id is not None:
            users = [user for user in users if user.id == query.user_id]
            if not users:
                raise NotFound("No such person on your team.")
        first = _monday(utcnow()) - timedelta(weeks=query.weeks - 1)
        weeks = [(first + timedelta(weeks=index)).date() for index in range(query.weeks)]
        by_person: dict[tuple[str, date], Any] = {
            (row.user_id, as_date(row.week)): row
            for row in await self.team.weekly([user.id for user in users], first)
        }
        return Trends(
            weeks=weeks,
            people=[
                PersonTrend(
                    user_id=user.id,
                    name=user.full_name,
                    points=[_point(week, by_person.get((user.id, week))) for week in weeks],
                )
                for user in users
            ],
        )

    async def distribution(self, query: DistributionQuery) -> Distribution:
        since = _since(utcnow(), query.period)
        ids = self.team.member_ids(self.members_condition)
        pace = await self.team.histogram(ids, TrainingSession.words_per_minute, PACE_EDGES, since)
        fillers = await self.team.histogram(
            ids, TrainingSession.fillers_per_100, FILLER_EDGES, since
        )
        return Distribution(
            words_per_minute=_histogram(
                PACE_EDGES, pace, Band(low=self.targets.pace.low, high=self.targets.pace.high)
            ),
            fillers_per100=_histogram(
                FILLER_EDGES, fillers, Band(low=0.0, high=self.targets.clarity_fillers.good)
            ),
        )

    async def leaderboard(self, query: LeaderboardQuery) -> Leaderboard:
        """Managers rank their team, admins the dealership; salespeople see the dealership's
        ranking when it is public."""
        members = self.members_condition
        if self.viewer.role is Role.salesperson:
            dealership = await DealershipRepository(self.session, self.viewer.dealership_id).get()
            if not dealership.leaderboard_public:
                raise Forbidden("This dealership keeps its leaderboard to managers.")
            members = salespeople()
        users = {user.id: user for user in await self.team.all_members(members)}
        rows = await self.team.leaderboard(
            self.team.member_ids(members),
            SessionFilter(query.scenario_id, query.session_type),
            _windows(utcnow(), query.period),
        )
        # Someone deactivated between the two statements is left out rather than unnamed.
        scored = [
            (ratings.composite(row.level, _minus(row.recent, row.earlier)), row)
            for row in rows
            if row.user_id in users
        ]
        scored.sort(key=lambda pair: (-pair[0], users[pair[1].user_id].full_name.lower()))
        return Leaderboard(
            composite=ratings.COMPOSITE,
            entries=[
                LeaderboardEntry(
                    rank=rank,
                    user_id=row.user_id,
                    name=users[row.user_id].full_name,
                    score=round(score, 1),
                    level=round(row.level, 1),
                    improvement=_minus(row.recent, row.earlier),
                    sessions=row.sessions,
                )
                for rank, (score, row) in enumerate(scored, start=1)
            ],
        )

    async def table(self) -> tuple[list[str], list[dict[str, object]]]:
        """The members table of the exports: every member, this month's averages."""
        users = await self.team.all_members(self.members_condition)
        rows = await self._rows(users, "month")
        return list(TABLE_COLUMNS), [_table_row(row) for row in rows]

    async def members_csv(self) -> str:
        return to_csv(*await self.table())

    async def report_pdf(self) -> bytes:
        dealership = await DealershipRepository(self.session, self.viewer.dealership_id).get()
        columns, rows = await self.table()
        ranking = await self.leaderboard(LeaderboardQuery(period="month"))
        return render_team_report(
            dealership.name, self.viewer.full_name, utcnow(), columns, rows, ranking
        )


# The exports' columns, in order, and how each is read from a member's row.
TABLE_COLUMNS: dict[str, Callable[[MemberRow], object]] = {
    "Name": lambda r: r.name,
    "E-mail": lambda r: r.email,
    "Sessions this week": lambda r: r.sessions.week,
    "Sessions 30 days": lambda r: r.sessions.days30,
    "Sessions total": lambda r: r.sessions.total,
    "Confidence": lambda r: r.scores.confidence,
    "Clarity": lambda r: r.scores.clarity,
    "Pace": lambda r: r.scores.pace,
    "Volume": lambda r: r.scores.volume,
    "Words per minute": lambda r: r.measures.words_per_minute,
    "Fillers per 100 words": lambda r: r.measures.fillers_per100,
    "Longest monologue (s)": lambda r: r.measures.longest_monologue_s,
    "Questions per session": lambda r: r.measures.questions_asked,
    "Rubric pass rate": lambda r: r.measures.rubric_pass_rate,
    "Overall score": lambda r: r.measures.overall_score,
    "Last practice": lambda r: (
        r.last_practice_at.date().isoformat() if r.last_practice_at else None
    ),
    "Open assignments": lambda r: r.assignments.open,
    "Overdue assignments": lambda r: r.assignments.overdue,
    "Certifications": lambda r: "; ".join(held.name for held in r.certifications),
}


def _table_row(row: MemberRow) -> dict[str, object]:
    return {column: read(row) for column, read in TABLE_COLUMNS.items()}


def _point(week: date, row: Any) -> TrendPoint:
    if row is None:
        return TrendPoint(
            week=week,
            sessions=0,
            confidence=None,
            clarity=None,
            pace=None,
            volume=None,
            overall=None,
        )
    return TrendPoint(
        week=week,
        sessions=row.sessions,
        **{name: _rounded(getattr(row, name)) for name in SCORES},
        overall=_rounded(row.overall),
    )


def _histogram(edges: Sequence[float], counts: Sequence[int], target: Band) -> Histogram:
    return Histogram(
        bins=[
            Bin(from_=low, to=high, count=count)
            for low, high, count in zip(edges[:-1], edges[1:], counts, strict=True)
        ],
        target=target,
    )


def _windows(now: datetime, period: Period) -> RankWindows:
    days = PERIOD_DAYS[period]
    if days is None:
        return RankWindows(
            period_since=None,
            recent_since=now - timedelta(days=ALL_TIME_RECENT_DAYS),
            earlier_since=None,
        )
    since = now - timedelta(days=days)
    return RankWindows(
        period_since=since, recent_since=since, earlier_since=since - timedelta(days=days)
    )
