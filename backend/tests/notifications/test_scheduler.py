"""The scheduler: the weekly digest goes out once per manager and week however many workers run
it at once (two schedulers on two engines race for the same database: on SQLite here, on
PostgreSQL in the `db` run), through a real SMTP server, honouring the opt-out; and assignments
due tomorrow are reminded once."""

import asyncio
from datetime import datetime, timedelta
from email.message import EmailMessage

from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.config import Settings
from carsales.db import create_engine, create_sessionmaker
from carsales.dealerships import provisioning
from carsales.kit.time import utcnow
from carsales.models import (
    Dealership,
    Notification,
    NotificationKind,
    Role,
    ScheduledRun,
    SessionStatus,
    SessionType,
    TrainingAssignment,
    TrainingSession,
    User,
)
from carsales.notifications.scheduler import Tick, run_due
from carsales.training.digest import digest_week
from carsales.training.schedule import scheduled_tasks
from tests.auth import conftest as auth_fixtures
from tests.auth.conftest import PUBLIC_URL, Mailbox
from tests.conftest import TEST_PASSWORD, TestDealership

configure = auth_fixtures.configure
mailbox = auth_fixtures.mailbox

# A Monday after the digest hour (07:00 UTC by default), in the recent past.
NOW = (utcnow() - timedelta(days=utcnow().weekday() + 7)).replace(
    hour=8, minute=0, second=0, microsecond=0
)


def practice(user: User, days_ago: float, score: int) -> TrainingSession:
    return TrainingSession(
        dealership_id=user.dealership_id,
        user_id=user.id,
        session_type=SessionType.pitch,
        status=SessionStatus.completed,
        started_at=NOW - timedelta(days=days_ago),
        score_confidence=score,
        score_clarity=score,
        score_pace=score,
        score_volume=score,
    )


async def add_user(
    db: AsyncSession, dealership: TestDealership, email: str, role: Role, **fields: object
) -> User:
    tenant = await db.get(Dealership, dealership.id)
    assert tenant is not None
    user = await provisioning.create_user(
        db, tenant, email, TEST_PASSWORD, role, email.split("@")[0].title(), "Test"
    )
    for name, value in fields.items():
        setattr(user, name, value)
    return user


async def two_workers(app: FastAPI, settings: Settings, now: datetime) -> None:
    """Two processes' schedulers, each with its own engine, at the same moment."""
    engines = [create_engine(settings) for _ in range(2)]
    try:
        await asyncio.gather(
            *(
                run_due(create_sessionmaker(engine), scheduled_tasks(settings), name, now)
                for engine, name in zip(engines, ("worker-a", "worker-b"), strict=True)
            )
        )
    finally:
        for engine in engines:
            await engine.dispose()


async def test_of_many_processes_claiming_one_period_one_wins(app: FastAPI) -> None:
    settings = app.state.settings
    engines = [create_engine(settings) for _ in range(5)]
    try:
        ticks = [
            Tick(create_sessionmaker(engine), NOW, f"worker-{number}")
            for number, engine in enumerate(engines)
        ]
        won = await asyncio.gather(
            *(tick.claim("weekly_digest", "north:2026-W49") for tick in ticks)
        )
    finally:
        for engine in engines:
            await engine.dispose()
    assert sorted(won) == [False, False, False, False, True]
    assert await ticks[0].claim("weekly_digest", "north:2026-W49") is False
    assert await ticks[0].claim("weekly_digest", "north:2026-W50") is True


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


async def test_two_workers_send_one_digest_per_manager(
    app: FastAPI, db: AsyncSession, dealership: TestDealership, mailbox: Mailbox
) -> None:
    manager, seller = dealership[Role.manager].user, dealership[Role.salesperson].user
    idle = await add_user(db, dealership, "idle@north.example", Role.salesperson)
    idle.manager_id = manager.id
    second = await add_user(db, dealership, "second@north.example", Role.manager)
    (
        await add_user(db, dealership, "helper@north.example", Role.salesperson)
    ).manager_id = second.id
    opted_out = await add_user(
        db, dealership, "quiet@north.example", Role.manager, notifications=False
    )
    (
        await add_user(db, dealership, "muted@north.example", Role.salesperson)
    ).manager_id = opted_out.id
    db.add_all(
        [
            practice(seller, 1, 80),
            practice(seller, 3, 84),
            practice(seller, 12, 60),  # the four weeks before: +22 points
            practice(seller, 40, 10),  # too old to count
        ]
    )
    db.add(
        TrainingAssignment(
            dealership_id=dealership.id,
            scenario_id="objection-price",
            user_id=idle.id,
            due_at=NOW - timedelta(days=2),
        )
    )
    await db.commit()
    settings = app.state.settings

    await two_workers(app, settings, NOW)

    # The admin has nobody reporting to them, and the quiet manager opted out.
    messages = await mailbox.wait_for(2)
    await asyncio.sleep(0.5)
    assert len(mailbox.messages) == 2
    by_recipient = {message["To"]: message for message in messages}
    assert set(by_recipient) == {manager.email, second.email}
    digest = text_of(by_recipient[manager.email])
    assert by_recipient[manager.email]["Subject"] == "Your team's week: 2 practice sessions"
    assert "2 sessions by 1 of 2 people" in digest
    assert "Sessions: Sal Person (2)" in digest
    assert "Biggest improvers (average score against the four weeks before): Sal Person " in digest
    assert "(+22 points, now 82)" in digest
    assert "Not practised this week: Idle Test" in digest
    assert "Overdue assignments: Idle Test (1)" in digest
    assert f"{PUBLIC_URL}/team/" in digest
    assert "Nobody on your team practised this week." in text_of(by_recipient[second.email])
    runs = await db.scalar(
        select(func.count()).select_from(ScheduledRun).where(ScheduledRun.task == "weekly_digest")
    )
    assert runs == 1

    await two_workers(app, settings, NOW + timedelta(days=3))  # later the same week: nothing
    await two_workers(app, settings, NOW + timedelta(days=7))  # the next week: again
    await mailbox.wait_for(2)
    await asyncio.sleep(0.5)
    assert len(mailbox.messages) == 4


def test_the_digest_is_due_from_its_weekday_and_hour() -> None:
    settings = Settings(env="test", digest_weekday=2, digest_hour_utc=9)
    wednesday = datetime(2026, 12, 2, 9, 0)
    assert digest_week(wednesday - timedelta(minutes=1), settings) is None
    assert digest_week(wednesday - timedelta(days=1), settings) is None
    assert digest_week(wednesday, settings) == "2026-W49"
    assert digest_week(wednesday + timedelta(days=4, hours=14), settings) == "2026-W49"  # Sunday
    assert digest_week(datetime(2026, 12, 7, 0, 0), settings) is None  # Monday of W50


async def test_an_assignment_due_tomorrow_is_reminded_once(
    app: FastAPI, db: AsyncSession, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson].user
    due_soon = TrainingAssignment(
        dealership_id=dealership.id,
        scenario_id="objection-price",
        user_id=seller.id,
        due_at=NOW + timedelta(hours=20),
    )
    later = TrainingAssignment(
        dealership_id=dealership.id,
        scenario_id="objection-price",
        user_id=seller.id,
        due_at=NOW + timedelta(days=3),
    )
    db.add_all([due_soon, later])
    await db.commit()

    await two_workers(app, app.state.settings, NOW)
    await two_workers(app, app.state.settings, NOW + timedelta(hours=1))

    rows = (await db.scalars(select(Notification))).all()
    assert [(row.user_id, row.kind) for row in rows] == [
        (seller.id, NotificationKind.assignment_due)
    ]
    assert rows[0].title == 'Due tomorrow: Price: "It\'s more than I want to spend"'


async def test_claims_older_than_a_month_are_forgotten(app: FastAPI, db: AsyncSession) -> None:
    db.add_all(
        ScheduledRun(task="weekly_digest", period_key=key, claimed_by="old", claimed_at=at)
        for key, at in (("old", NOW - timedelta(days=31)), ("recent", NOW - timedelta(days=29)))
    )
    await db.commit()

    await two_workers(app, app.state.settings, NOW)

    kept = set((await db.scalars(select(ScheduledRun.period_key))).all())
    assert "old" not in kept and "recent" in kept
    assert f"{NOW:%Y-%m-%d}" in kept  # the clean-up's own claim for the day
