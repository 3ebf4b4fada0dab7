"""The demo's practice history (`carsales seed-demo`): every session a recording spoken by
espeak-ng and analysed by the analysis job's own processor, over several weeks and scenarios;
nothing added twice, nothing written when a model is missing, and the salesperson's and the
manager's pages consistent.

The answers here are ten of the demo's fourteen, cut to their first sentence or two (a few
seconds of audio each), so that the file stays fast; the whole answers go through the same code
(`carsales seed-demo` takes minutes)."""

import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from functools import cache
from pathlib import Path
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
    JobStatus,
    ProcessingJob,
    SessionSource,
    SessionStatus,
    TrainingAssignment,
    TrainingSession,
    UsageEvent,
    User,
)
from carsales.training import demo
from carsales.training.demo import (
    DEMO_ASSIGNMENTS,
    DEMO_PRACTICE,
    RILEY,
    SAM,
    AnalysedPractice,
    DemoHistoryUnavailable,
    DemoPractice,
    SeededHistory,
    seed_demo_history,
)
from carsales.training.judge import get_judge
from carsales.training.speech.targets import Targets
from carsales.training.speech.tts import espeak_available
from carsales.training.targets import targets_from_settings
from carsales.training.tasks import SpeechAnalysisProcessor
from tests.conftest import IN_CI, login


def _short(answer: str, words: int = 12) -> str:
    """The answer's first sentences, until it has `words` words."""
    kept: list[str] = []
    for sentence in re.split(r"(?<=[.?!])\s+", answer):
        kept.append(sentence)
        if len(" ".join(kept).split()) >= words:
            break
    return " ".join(kept)


# Five of each salesperson's, over five weeks; every analysis costs a few seconds.
SHORT_PRACTICE: tuple[DemoPractice, ...] = tuple(
    replace(DEMO_PRACTICE[index], answer=_short(DEMO_PRACTICE[index].answer))
    for index in (0, 2, 4, 6, 7, 8, 9, 10, 12, 13)
)


@pytest.fixture(scope="module")
def model_dir() -> Path:
    directory = Settings().model_dir
    assert directory is not None
    try:
        if not espeak_available():
            raise ModelMissingError("espeak-ng is not installed")
        get_judge(directory).embedder.embed(["warm-up"])
    except ModelMissingError as exc:
        if IN_CI:
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    return directory


_ANALYSE = demo.analyse_practice  # the real one, before a test replaces it


@cache
def _analysed(model_dir: Path, targets: Targets) -> list[AnalysedPractice]:
    """Spoken and analysed once for the module: each test seeds a fresh database from it."""
    return _ANALYSE(SHORT_PRACTICE, model_dir, targets)


@pytest.fixture
def targets(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Targets:
    def analyse(
        practice: Sequence[DemoPractice], model_dir: Path, targets: Targets
    ) -> list[AnalysedPractice]:
        assert tuple(practice) == SHORT_PRACTICE
        return _analysed(model_dir, targets)

    monkeypatch.setattr(demo, "analyse_practice", analyse)
    return targets_from_settings(settings)


async def _seed(app: FastAPI, model_dir: Path, targets: Targets) -> SeededHistory | None:
    async with app.state.sessionmaker() as db:
        await provisioning.seed_demo(db)
        history = await seed_demo_history(
            db, app.state.storage, model_dir, targets, practice=SHORT_PRACTICE
        )
        await db.commit()
    return history


async def _counts(db: AsyncSession) -> list[int]:
    tables = (
        TrainingSession,
        ProcessingJob,
        TrainingAssignment,
        Certification,
        CertificationAward,
        UsageEvent,
    )
    return [int(await db.scalar(select(func.count()).select_from(table)) or 0) for table in tables]


async def test_each_salesperson_gets_analysed_recordings_over_several_weeks(
    app: FastAPI, db: AsyncSession, model_dir: Path, targets: Targets
) -> None:
    history = await _seed(app, model_dir, targets)
    assert history is not None
    assert history.sessions == len(SHORT_PRACTICE)
    rows = (
        await db.scalars(
            select(TrainingSession)
            .join(User, User.id == TrainingSession.user_id)
            .order_by(TrainingSession.started_at)
        )
    ).all()
    assert len(rows) == len(SHORT_PRACTICE)
    by_person: dict[str, list[TrainingSession]] = defaultdict(list)
    for row in rows:
        by_person[row.user.email].append(row)
    assert set(by_person) == {SAM, RILEY}

    today = utcnow().date()
    for sessions in by_person.values():
        assert len(sessions) >= 5
        weeks = {as_utc(row.started_at).isocalendar()[:2] for row in sessions}
        assert len(weeks) >= 4, "the weekly charts need several weeks"
        assert len({row.scenario_id for row in sessions}) >= 3
        assert all(
            today - timedelta(days=35) <= as_utc(row.started_at).date() < today for row in sessions
        )

    storage = app.state.storage
    for row in rows:
        assert row.status is SessionStatus.completed and row.source is SessionSource.upload
        assert row.ended_at is not None and row.ended_at > row.started_at
        # A stored recording, analysed by a completed job whose output is the session's report.
        assert row.audio_key is not None and row.audio_content_type == "audio/wav"
        recording = await storage.get_bytes(row.audio_key)
        assert recording[:4] == b"RIFF" and len(recording) == row.audio_bytes
        job = await db.get(ProcessingJob, row.analysis_job_id)
        assert job is not None and job.status is JobStatus.completed and job.progress == 100
        [item] = job.items
        assert item.input_key == row.audio_key and item.output_key is not None
        report = json.loads(await storage.get_bytes(item.output_key))
        assert row.transcript == report["transcript"] and row.transcript
        assert row.words == report["words"] and row.words
        assert row.metrics is not None
        assert {key: row.metrics[key] for key in report["scores"]} == report["scores"]
        assert row.score_confidence is not None and row.score_clarity is not None
        assert row.score_volume is not None and row.words_per_minute
        assert row.rubric == report["rubric"] and row.rubric
        assert row.judgement == report["judgement"]
        assert row.overall_score == report["overall"] and row.passed == report["passed"]
        assert row.timelines is not None and row.measures is not None
        assert row.duration_s == pytest.approx(report["duration_s"])
        assert as_utc(job.completed_at or row.ended_at) >= as_utc(row.ended_at)

    # The report is what the analysis job's processor makes of the stored recording, not typed
    # in: analysed again here, the same (one session per salesperson, to keep this fast).
    processor = SpeechAnalysisProcessor(model_dir, targets, llm=None)
    for row in (by_person[SAM][0], by_person[RILEY][-1]):
        assert row.audio_key is not None
        job = await db.get(ProcessingJob, row.analysis_job_id)
        assert job is not None
        again = json.loads(
            processor.prepare(
                await storage.get_bytes(row.audio_key), job.settings, lambda _f: None, 0
            ).data
        )
        assert row.transcript == again["transcript"]
        assert row.rubric == again["rubric"]
        assert row.overall_score == again["overall"]
        assert row.score_confidence == again["scores"]["confidence"]

    # Two voices: the salespeople's delivery differs.
    assert {row.words_per_minute for row in by_person[SAM]} != {
        row.words_per_minute for row in by_person[RILEY]
    }

    # Seeding again adds nothing.
    before = await _counts(db)
    assert await _seed(app, model_dir, targets) is None
    assert await _counts(db) == before


async def test_a_missing_model_writes_nothing(
    app: FastAPI, db: AsyncSession, settings: Settings, tmp_path: Path
) -> None:
    async with app.state.sessionmaker() as session:
        await provisioning.seed_demo(session)
        with pytest.raises(DemoHistoryUnavailable, match="make models"):
            await seed_demo_history(
                session,
                app.state.storage,
                tmp_path,
                targets_from_settings(settings),
                practice=SHORT_PRACTICE[:1],
            )
        await session.commit()
    assert (await _counts(db))[:5] == [0, 0, 0, 0, 0]


async def test_without_espeak_nothing_is_written(
    app: FastAPI, db: AsyncSession, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("carsales.training.speech.tts.shutil.which", lambda _name: None)
    async with app.state.sessionmaker() as session:
        await provisioning.seed_demo(session)
        with pytest.raises(DemoHistoryUnavailable, match="espeak-ng"):
            await seed_demo_history(
                session,
                app.state.storage,
                Path("/nonexistent"),
                targets_from_settings(settings),
                practice=SHORT_PRACTICE[:1],
            )
        await session.commit()
    assert (await _counts(db))[:5] == [0, 0, 0, 0, 0]


async def test_the_salespersons_and_the_managers_pages_show_the_history(
    app: FastAPI, client: httpx.AsyncClient, model_dir: Path, targets: Targets
) -> None:
    await _seed(app, model_dir, targets)
    password = provisioning.DEMO_PASSWORD

    async def as_user(email: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {await login(client, email, password)}"}

    manager = await as_user("manager@demo.example")
    admin = await as_user("admin@demo.example")
    sam = await as_user(SAM)

    async def get(path: str, headers: dict[str, str]) -> Any:
        response = await client.get(path, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    # The salesperson's own history: every session analysed, with its scores for the chart.
    own = await get("/api/v1/sessions?limit=100", sam)
    assert own["total"] == sum(1 for each in SHORT_PRACTICE if each.email == SAM)
    for summary in own["items"]:
        assert summary["analysis"]["status"] == "completed"
        assert summary["metrics"]["confidence"] is not None
    report = await get(f"/api/v1/sessions/{own['items'][0]['id']}", sam)
    assert report["hasAudio"] is True and report["source"] == "upload"
    assert report["words"] and report["transcript"] and report["rubric"]
    assert report["metrics"]["clarity"] is not None and report["measures"]
    assert report["judgement"] and report["overall"] is not None
    audio = await client.get(f"/api/v1/sessions/{own['items'][0]['id']}/audio", headers=sam)
    assert audio.status_code == 200 and audio.content[:4] == b"RIFF"

    members = (await get("/api/v1/team/members", manager))["items"]
    assert {member["email"] for member in members} == {SAM, RILEY}
    for member in members:
        assert member["sessions"]["total"] >= 5
        assert member["sessions"]["days30"] >= 3
        assert member["measures"]["overallScore"] is not None
        assert member["measures"]["rubricPassRate"] is not None
        assert member["lastPracticeAt"] is not None
    assert any(member["assignments"]["overdue"] for member in members)

    trends = await get("/api/v1/team/trends?weeks=8", manager)
    for person in trends["people"]:
        weeks = [point for point in person["points"] if point["sessions"]]
        assert len(weeks) >= 4
        assert all(point["overall"] is not None for point in weeks)

    leaderboard = await get("/api/v1/team/leaderboard", manager)
    assert {entry["userId"] for entry in leaderboard["entries"]} == {
        member["userId"] for member in members
    }

    assignments = (await get("/api/v1/training/assignments", manager))["items"]
    assert len(assignments) == len(DEMO_ASSIGNMENTS)
    assert {"open", "overdue"} <= {assignment["status"] for assignment in assignments}
    for assignment in assignments:
        if assignment["status"] == "done":
            assert assignment["completedSessionId"]

    certifications = (await get("/api/v1/certifications", manager))["items"]
    assert len(certifications) == 1

    sessions = await get("/api/v1/sessions?limit=100", manager)
    assert sessions["total"] == len(SHORT_PRACTICE)
    assert all(item["analysis"]["status"] == "completed" for item in sessions["items"])

    usage = await get("/api/v1/analytics/usage?weeks=6", admin)
    assert usage["totals"]["sessionsCompleted"] == len(SHORT_PRACTICE)
    assert len([week for week in usage["weeks"] if week["sessionsCompleted"]]) >= 4
