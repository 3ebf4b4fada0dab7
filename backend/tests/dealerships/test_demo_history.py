"""The demo's practice history (`carsales seed-demo`): several judged sessions per salesperson
over several weeks, reports from the product's own judge, nothing added twice, and the
manager's pages (team, trends, leaderboard, assignments, certifications, usage, reports) have
something to show for Demo Motors."""

from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from statistics import mean
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.ai.registry import ModelMissingError
from carsales.config import Settings
from carsales.dealerships import provisioning
from carsales.kit.time import as_utc, utcnow
from carsales.models import (
    Certification,
    CertificationAward,
    SessionStatus,
    TrainingAssignment,
    TrainingSession,
    UsageEvent,
    User,
)
from carsales.training.demo import (
    DEMO_ASSIGNMENTS,
    DEMO_PRACTICE,
    RILEY,
    SAM,
    SeededHistory,
    seed_demo_history,
)
from carsales.training.judge import get_judge, judge_report
from tests.conftest import IN_CI, login


@pytest.fixture(scope="module")
def model_dir() -> Path:
    directory = Settings().model_dir
    assert directory is not None
    try:
        get_judge(directory).embedder.embed(["warm-up"])
    except ModelMissingError as exc:
        if IN_CI:
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    return directory


async def _seed(app: FastAPI, model_dir: Path) -> SeededHistory | None:
    async with app.state.sessionmaker() as db:
        await provisioning.seed_demo(db)
        history = await seed_demo_history(db, model_dir)
        await db.commit()
    return history


async def _counts(db: AsyncSession) -> list[int]:
    tables = (TrainingSession, TrainingAssignment, Certification, CertificationAward, UsageEvent)
    return [int(await db.scalar(select(func.count()).select_from(table)) or 0) for table in tables]


async def test_each_salesperson_gets_judged_sessions_over_several_weeks(
    app: FastAPI, db: AsyncSession, model_dir: Path
) -> None:
    history = await _seed(app, model_dir)
    assert history is not None
    assert history.sessions == len(DEMO_PRACTICE)
    rows = (
        await db.scalars(
            select(TrainingSession)
            .join(User, User.id == TrainingSession.user_id)
            .order_by(TrainingSession.started_at)
        )
    ).all()
    assert len(rows) == len(DEMO_PRACTICE)
    by_person: dict[str, list[TrainingSession]] = defaultdict(list)
    for row in rows:
        by_person[row.user.email].append(row)
    assert set(by_person) == {SAM, RILEY}

    today = utcnow().date()
    for sessions in by_person.values():
        assert len(sessions) >= 6
        weeks = {as_utc(row.started_at).isocalendar()[:2] for row in sessions}
        assert len(weeks) >= 4, "the weekly charts need several weeks"
        assert len({row.scenario_id for row in sessions}) >= 4
        assert all(
            today - timedelta(days=35) <= as_utc(row.started_at).date() < today for row in sessions
        )

    judge = get_judge(model_dir)
    for row in rows:
        assert row.status is SessionStatus.completed
        assert row.ended_at is not None and row.ended_at > row.started_at
        # The report is the judge's verdict on the transcript, not typed-in numbers.
        assert row.scenario is not None and row.transcript
        report = judge_report(judge, row.scenario, row.transcript)
        assert row.judgement is not None
        assert row.overall_score == report["overall"] == row.judgement["overall"]
        assert row.passed == report["passed"]
        assert row.rubric == report["rubric"]
        assert row.rubric_passed == sum(item["passed"] for item in report["rubric"])
        assert row.rubric_total == len(report["rubric"])
        # Nothing was heard: no delivery scores, measures, timings or recording to show.
        assert row.metrics is None and row.measures is None and row.timelines is None
        assert row.words == [] and row.audio_key is None and row.analysis_job_id is None
        assert row.score_confidence is None and row.words_per_minute is None

    sam = [row.overall_score or 0 for row in by_person[SAM]]
    riley = [row.overall_score or 0 for row in by_person[RILEY]]
    assert mean(sam[-3:]) - mean(sam[:3]) >= 30, f"Sam should improve: {sam}"
    assert mean(sam) != mean(riley), "the two salespeople should score differently"
    assert any(row.passed for row in rows) and not all(row.passed for row in rows)
    pushy = [row for row in rows if row.judgement and row.judgement["moves"]]
    assert pushy, "at least one answer should be caught pushing"


async def test_seeding_again_adds_nothing(app: FastAPI, db: AsyncSession, model_dir: Path) -> None:
    assert await _seed(app, model_dir) is not None
    before = await _counts(db)
    assert before[0] == len(DEMO_PRACTICE)
    assert await _seed(app, model_dir) is None
    assert await _counts(db) == before


async def test_a_missing_model_leaves_the_demo_without_history(
    app: FastAPI, db: AsyncSession, tmp_path: Path
) -> None:
    async with app.state.sessionmaker() as session:
        await provisioning.seed_demo(session)
        with pytest.raises(ModelMissingError):
            await seed_demo_history(session, tmp_path)
        await session.commit()
    assert (await _counts(db))[:3] == [0, 0, 0]


async def test_the_managers_pages_show_the_history(
    app: FastAPI, client: httpx.AsyncClient, model_dir: Path
) -> None:
    await _seed(app, model_dir)
    password = provisioning.DEMO_PASSWORD
    manager = {"Authorization": f"Bearer {await login(client, 'manager@demo.example', password)}"}
    admin = {"Authorization": f"Bearer {await login(client, 'admin@demo.example', password)}"}

    async def get(path: str, headers: dict[str, str]) -> Any:
        response = await client.get(path, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    members = (await get("/api/v1/team/members", manager))["items"]
    assert {member["email"] for member in members} == {SAM, RILEY}
    for member in members:
        assert member["sessions"]["total"] >= 6
        assert member["sessions"]["days30"] >= 5
        assert member["measures"]["overallScore"] is not None
        assert member["measures"]["rubricPassRate"] is not None
        assert member["lastPracticeAt"] is not None
    assert any(member["certifications"] for member in members)
    assert any(member["assignments"]["overdue"] for member in members)

    trends = await get("/api/v1/team/trends?weeks=8", manager)
    for person in trends["people"]:
        weeks = [point for point in person["points"] if point["sessions"]]
        assert len(weeks) >= 4
        assert all(point["overall"] is not None for point in weeks)

    leaderboard = await get("/api/v1/team/leaderboard", manager)
    entries = leaderboard["entries"]
    assert {entry["userId"] for entry in entries} == {member["userId"] for member in members}
    assert len({entry["level"] for entry in entries}) == 2

    assignments = (await get("/api/v1/training/assignments", manager))["items"]
    assert len(assignments) == len(DEMO_ASSIGNMENTS)
    statuses = {assignment["status"] for assignment in assignments}
    assert {"done", "open", "overdue"} <= statuses
    done = [assignment for assignment in assignments if assignment["status"] == "done"]
    assert all(assignment["completedSessionId"] for assignment in done)

    certifications = (await get("/api/v1/certifications", manager))["items"]
    assert len(certifications) == 1
    holders = await get(f"/api/v1/certifications/{certifications[0]['id']}/holders", manager)
    assert holders["items"]

    sessions = await get("/api/v1/sessions?limit=100", manager)
    assert sessions["total"] == len(DEMO_PRACTICE)
    report = await get(f"/api/v1/sessions/{sessions['items'][0]['id']}", manager)
    assert report["transcript"] and report["rubric"] and report["judgement"]
    assert report["overall"] is not None and report["hasAudio"] is False
    assert report["metrics"] is None and report["analysis"] is None

    usage = await get("/api/v1/analytics/usage?weeks=6", admin)
    assert usage["totals"]["sessionsCompleted"] == len(DEMO_PRACTICE)
    practised = [week for week in usage["weeks"] if week["sessionsCompleted"]]
    assert len(practised) >= 4
    assert all(week["activeUsers"] >= 1 for week in practised)
