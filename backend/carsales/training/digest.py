"""The weekly digest: an e-mail to each manager (and admin) with salespeople reporting to them,
about the last seven days of their team: practice, biggest improvers, who has not practised,
overdue assignments.

It goes out once per dealership and ISO week, from the configured weekday and hour (UTC), by
whichever process's scheduler claims that week first (notifications/scheduler.py). People who
turned notifications off in their preferences get none.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import structlog
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales import mail
from carsales.config import Settings
from carsales.kit.text import plural
from carsales.models import (
    Dealership,
    Role,
    SessionStatus,
    TrainingAssignment,
    TrainingSession,
    User,
)
from carsales.notifications.scheduler import Tick

log = structlog.get_logger(__name__)
TASK = "weekly_digest"
WEEK = timedelta(days=7)
# The level a week's average is compared with: the four weeks before it.
BASELINE = timedelta(days=28)
IMPROVERS_SHOWN = 3


def digest_week(now: datetime, settings: Settings) -> str | None:
    """The ISO week (e.g. "2026-W49") whose digest is due at `now`, or None before its day and
    hour have come."""
    year, week, iso_weekday = now.isocalendar()
    if (iso_weekday - 1, now.hour) < (settings.digest_weekday, settings.digest_hour_utc):
        return None
    return f"{year}-W{week:02d}"


@dataclass
class Practice:
    """One salesperson's last week, against the four weeks before."""

    name: str
    sessions: int = 0
    average: float | None = None
    baseline: float | None = None
    overdue: int = 0

    @property
    def improvement(self) -> float | None:
        if self.average is None or self.baseline is None:
            return None
        return self.average - self.baseline


@dataclass
class Team:
    manager: User
    members: list[Practice] = field(default_factory=list)


# A session's average of its four scores (null until it is analysed).
SCORE = (
    TrainingSession.score_confidence
    + TrainingSession.score_clarity
    + TrainingSession.score_pace
    + TrainingSession.score_volume
) / 4.0


async def _teams(db: AsyncSession, dealership_id: str, now: datetime) -> list[Team]:
    """The dealership's managers and admins with active salespeople reporting to them, who
    want e-mail, each with their team's figures (three grouped queries, whatever the size)."""
    people = (
        await db.scalars(select(User).where(User.dealership_id == dealership_id, User.is_active))
    ).all()
    by_id = {person.id: person for person in people}
    practice = {
        person.id: Practice(person.full_name)
        for person in people
        if person.role is Role.salesperson and person.manager_id in by_id
    }
    if not practice:
        return []
    week_start = now - WEEK
    in_week = TrainingSession.started_at >= week_start
    rows = await db.execute(
        select(
            TrainingSession.user_id,
            func.count().filter(in_week),
            func.avg(SCORE).filter(in_week),
            func.avg(SCORE).filter(TrainingSession.started_at < week_start),
        )
        .where(
            TrainingSession.dealership_id == dealership_id,
            TrainingSession.user_id.in_(practice),
            TrainingSession.status == SessionStatus.completed,
            TrainingSession.started_at >= week_start - BASELINE,
            TrainingSession.started_at < now,
        )
        .group_by(TrainingSession.user_id)
    )
    for user_id, sessions, average, baseline in rows.all():
        entry = practice[user_id]
        entry.sessions = sessions
        entry.average = None if average is None else float(average)
        entry.baseline = None if baseline is None else float(baseline)
    overdue = await db.execute(
        select(TrainingAssignment.user_id, func.count())
        .where(
            TrainingAssignment.dealership_id == dealership_id,
            TrainingAssignment.user_id.in_(practice),
            TrainingAssignment.completed_session_id.is_(None),
            TrainingAssignment.due_at < now,
        )
        .group_by(TrainingAssignment.user_id)
    )
    for user_id, count in overdue.all():
        practice[user_id].overdue = count
    teams: dict[str, Team] = {}
    for user_id, entry in practice.items():
        manager = by_id[by_id[user_id].manager_id or ""]
        if manager.role in (Role.manager, Role.admin) and manager.notifications:
            teams.setdefault(manager.id, Team(manager)).members.append(entry)
    return list(teams.values())


def _names(entries: Sequence[Practice], figure: str) -> str:
    return ", ".join(f"{entry.name} ({figure.format(entry=entry)})" for entry in entries)


def compose(team: Team, now: datetime, settings: Settings) -> mail.Mail:
    members = sorted(team.members, key=lambda entry: entry.name.lower())
    total = sum(entry.sessions for entry in members)
    practised = [entry for entry in members if entry.sessions]
    idle = [entry for entry in members if not entry.sessions]
    improvers = sorted(
        (entry for entry in members if (entry.improvement or 0) > 0),
        key=lambda entry: -(entry.improvement or 0),
    )[:IMPROVERS_SHOWN]
    overdue = [entry for entry in members if entry.overdue]
    since = now - WEEK
    paragraphs = [
        f"Hello {team.manager.first_name or team.manager.full_name},",
        f"Your team's practice from {since:%a %d %b} to {now:%a %d %b}: {plural(total, 'session')} "
        f"by {len(practised)} of {plural(len(members), 'person', 'people')}.",
        "Sessions: " + _names(practised, "{entry.sessions}")
        if practised
        else "Nobody on your team practised this week.",
        "Biggest improvers (average score against the four weeks before): "
        + _names(improvers, "+{entry.improvement:.0f} points, now {entry.average:.0f}")
        if improvers
        else "Nobody's average score rose against the four weeks before.",
        "Not practised this week: " + ", ".join(entry.name for entry in idle)
        if idle
        else "Everyone on your team practised this week.",
        "Overdue assignments: " + _names(overdue, "{entry.overdue}")
        if overdue
        else "No assignments are overdue.",
        "You get this e-mail every week; turn notifications off in your settings to stop it.",
    ]
    return mail.Mail(
        to=team.manager.email,
        subject=f"Your team's week: {plural(total, 'practice session')}",
        paragraphs=paragraphs,
        action_label="Open the Team page",
        action_url=f"{settings.public_url}/team/",
    )


async def send_weekly_digests(tick: Tick, settings: Settings) -> int:
    """Send the digests due at `tick.now` that no other process has claimed; returns how many
    e-mails this call handed to SMTP (or logged, without SMTP)."""
    week = digest_week(tick.now, settings)
    if week is None:
        return 0
    async with tick.sessionmaker() as db:
        dealership_ids = (await db.scalars(select(Dealership.id))).all()
    keys = {f"{dealership_id}:{week}": dealership_id for dealership_id in dealership_ids}
    sent = 0
    for key in await tick.unclaimed(TASK, list(keys)):
        if not await tick.claim(TASK, key):
            continue
        dealership_id = keys[key]
        async with tick.sessionmaker() as db:
            teams = await _teams(db, dealership_id, tick.now)
        for team in teams:
            await mail.send(settings, compose(team, tick.now, settings))
            sent += 1
        log.info("weekly_digest_sent", dealership_id=dealership_id, week=week, emails=len(teams))
    return sent
