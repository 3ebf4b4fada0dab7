"""Usage analytics: events recorded where the product is used, the admin's weekly report, and
the Prometheus counters that follow only what was committed."""

from datetime import UTC, datetime, time, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from prometheus_client import REGISTRY
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.analytics import UsageKind, record_usage
from carsales.analytics.service import week_start
from carsales.imaging.tasks import count_photos
from carsales.kit.time import utcnow
from carsales.models import (
    ItemStatus,
    JobItem,
    JobStatus,
    JobType,
    ProcessingJob,
    Role,
    UsageEvent,
)
from tests.conftest import TEST_PASSWORD, TestDealership, login
from tests.content.factories import CONTENT, add_vehicle, create_content
from tests.training.test_sessions_api import SESSIONS, record_live, start

USAGE = "/api/v1/analytics/usage"


def counted(kind: UsageKind) -> float:
    value = REGISTRY.get_sample_value("carsales_usage_events_total", {"kind": kind.value})
    return value or 0.0


async def kinds_of(db: AsyncSession, dealership_id: str) -> list[tuple[str, int, str | None]]:
    rows = await db.execute(
        select(UsageEvent.kind, UsageEvent.quantity, UsageEvent.detail)
        .where(UsageEvent.dealership_id == dealership_id)
        .order_by(UsageEvent.created_at, UsageEvent.id)
    )
    return [(kind, quantity, detail) for kind, quantity, detail in rows.tuples()]


async def test_sign_in_and_practice_are_recorded_and_counted(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    logins, completed = counted(UsageKind.login), counted(UsageKind.session_completed)

    await login(client, seller.user.email, TEST_PASSWORD)
    session = await start(client, seller)
    await record_live(app, db, session["id"], 2.0)
    finished = await client.post(f"{SESSIONS}/{session['id']}/complete", headers=seller.headers)
    assert finished.status_code == 200, finished.text

    mine = await db.execute(
        select(UsageEvent.kind)
        .where(UsageEvent.user_id == seller.user.id)
        .order_by(UsageEvent.created_at)
    )
    # The fixture signed everyone in once already.
    assert mine.scalars().all() == ["login", "login", "session_started", "session_completed"]
    assert counted(UsageKind.login) == logins + 1
    assert counted(UsageKind.session_completed) == completed + 1


async def test_a_refused_sign_in_counts_nothing(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    before = await kinds_of(db, dealership.id)
    logins = counted(UsageKind.login)

    response = await client.post(
        "/api/v1/auth/login",
        json={"email": dealership[Role.salesperson].user.email, "password": "not-it-at-all"},
    )

    assert response.status_code == 401
    assert await kinds_of(db, dealership.id) == before
    assert counted(UsageKind.login) == logins


async def record_photos(session: AsyncSession, dealership_id: str, quantity: int) -> None:
    record_usage(
        session,
        dealership_id=dealership_id,
        user_id=None,
        kind=UsageKind.photos_processed,
        quantity=quantity,
    )
    await session.flush()


async def test_a_rolled_back_use_is_neither_stored_nor_counted(
    app: FastAPI, dealership: TestDealership
) -> None:
    photos = counted(UsageKind.photos_processed)
    async with app.state.sessionmaker() as session:
        await record_photos(session, dealership.id, 7)
        await session.rollback()
        stored = await session.scalar(
            select(UsageEvent)
            .where(UsageEvent.dealership_id == dealership.id)
            .where(UsageEvent.kind == "photos_processed")
        )
    assert stored is None
    assert counted(UsageKind.photos_processed) == photos


async def test_a_savepoint_rolled_back_leaves_the_use_before_it_counted(
    app: FastAPI, dealership: TestDealership
) -> None:
    photos = counted(UsageKind.photos_processed)
    async with app.state.sessionmaker() as session:
        await record_photos(session, dealership.id, 3)
        savepoint = await session.begin_nested()
        await savepoint.rollback()
        await session.commit()
    assert counted(UsageKind.photos_processed) == photos + 3


async def test_copy_written_and_published_is_recorded_by_channel(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    seller, manager = dealership[Role.salesperson], dealership[Role.manager]
    vehicle = await add_vehicle(client, manager)
    item = await create_content(client, seller, vehicle["id"], platform="facebook", variants=1)
    await client.post(f"{CONTENT}/{item['id']}/submit", headers=seller.headers)
    published = await client.post(f"{CONTENT}/{item['id']}/publish", headers=manager.headers)
    assert published.status_code == 200, published.text

    events = await kinds_of(db, dealership.id)

    assert ("content_generated", 1, "facebook") in events
    assert events[-1] == ("content_published", 1, "facebook")


async def test_an_image_job_counts_the_photos_its_run_made(
    app: FastAPI, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson].user
    photos = counted(UsageKind.photos_processed)
    run_started = datetime.now(UTC)
    made_now, made_before = run_started + timedelta(seconds=1), run_started - timedelta(hours=1)
    async with app.state.sessionmaker() as session:
        job = ProcessingJob(
            dealership_id=dealership.id,
            owner_id=seller.id,
            job_type=JobType.background_removal,
            status=JobStatus.completed,
            started_at=run_started,
            items=[
                JobItem(position=n, original_name=f"{n}.jpg", status=status, started_at=started)
                for n, (status, started) in enumerate(
                    (
                        (ItemStatus.completed, made_now),
                        (ItemStatus.completed, made_now),
                        (ItemStatus.failed, made_now),
                        # Made by an earlier run, only rendered again with a touched-up photo.
                        (ItemStatus.completed, made_before),
                    )
                )
            ],
        )
        session.add(job)
        await count_photos(session, job, app.state.storage)
        await session.commit()
        quantity = await session.scalar(
            select(UsageEvent.quantity).where(UsageEvent.kind == "photos_processed")
        )
    assert quantity == 2
    assert counted(UsageKind.photos_processed) == photos + 2


async def add_usage(
    db: AsyncSession, dealership_id: str, rows: list[tuple[datetime, str | None, str, int, Any]]
) -> None:
    db.add_all(
        UsageEvent(
            dealership_id=dealership_id,
            user_id=user_id,
            kind=kind,
            quantity=quantity,
            detail=detail,
            created_at=at,
        )
        for at, user_id, kind, quantity, detail in rows
    )
    await db.commit()


async def test_the_weekly_report(
    client: httpx.AsyncClient,
    db: AsyncSession,
    dealership: TestDealership,
    other_dealership: TestDealership,
) -> None:
    admin, seller = dealership[Role.admin], dealership[Role.salesperson]
    manager = dealership[Role.manager]
    this_monday = datetime.combine(week_start(utcnow().date()), time(), UTC)
    last_week = this_monday - timedelta(days=5)  # a Wednesday
    await add_usage(
        db,
        dealership.id,
        [
            (last_week, seller.user.id, "session_completed", 1, None),
            (last_week, seller.user.id, "session_completed", 1, None),
            (last_week, manager.user.id, "session_completed", 1, None),
            (last_week, seller.user.id, "photos_processed", 12, None),
            (last_week, manager.user.id, "content_generated", 2, "facebook"),
            (last_week, manager.user.id, "content_published", 1, "facebook"),
            (last_week, manager.user.id, "content_published", 1, "instagram"),
            (last_week, manager.user.id, "content_published", 1, "facebook"),
            # Before the span asked for: not counted.
            (this_monday - timedelta(weeks=3), seller.user.id, "photos_processed", 50, None),
        ],
    )
    await add_usage(
        db,
        other_dealership.id,
        [(last_week, other_dealership[Role.salesperson].user.id, "photos_processed", 99, None)],
    )

    response = await client.get(USAGE, headers=admin.headers, params={"weeks": 2})

    assert response.status_code == 200, response.text
    body = response.json()
    previous, current = body["weeks"]
    assert previous["weekStart"] == (this_monday - timedelta(weeks=1)).date().isoformat()
    assert current["weekStart"] == this_monday.date().isoformat()
    assert previous == {
        "weekStart": previous["weekStart"],
        "activeUsers": 2,
        "logins": 0,
        "sessionsStarted": 0,
        "sessionsCompleted": 3,
        "sessionsPerActiveUser": 1.5,
        "photosProcessed": 12,
        "contentGenerated": 2,
        "contentPublished": {"facebook": 2, "instagram": 1},
        "minutesSaved": 12 * 10 + 2 * 15,
    }
    # This week: the fixture's three sign-ins.
    assert (current["activeUsers"], current["logins"]) == (3, 3)
    assert current["sessionsPerActiveUser"] == 0
    assert body["channels"] == ["facebook", "instagram"]
    assert body["totals"] == {
        "activeUsers": 3,
        "sessionsCompleted": 3,
        "photosProcessed": 12,
        "contentGenerated": 2,
        "contentPublished": 3,
        "minutesSaved": 150,
    }
    assert [a["kind"] for a in body["assumptions"]] == ["photos_processed", "content_generated"]
    assert "10 minutes" in body["assumptions"][0]["text"]


async def test_weeks_are_bounded(client: httpx.AsyncClient, dealership: TestDealership) -> None:
    admin = dealership[Role.admin]
    for weeks in (0, 53):
        response = await client.get(USAGE, headers=admin.headers, params={"weeks": weeks})
        assert response.status_code == 422
    response = await client.get(USAGE, headers=admin.headers)
    assert len(response.json()["weeks"]) == 12
