"""The numbers the dashboard averages: written by `copy_report` when an analysis finishes, and
filled in by migration 0007 for the sessions analysed before it."""

import json
import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.kit.time import utcnow
from carsales.migrate import alembic_config, upgrade
from carsales.models import (
    ItemStatus,
    JobItem,
    JobStatus,
    JobType,
    ProcessingJob,
    Role,
    TrainingSession,
)
from carsales.training.tasks import copy_report
from tests.conftest import TestDealership
from tests.team.test_team_api import practice

MEASURES = {
    "word_count": 76,
    "words_per_minute": 152.5,
    "fillers_per_100_words": 1.25,
    "longest_monologue_s": 41.0,
    "question_count": 3,
}
SCORES = {"confidence": 81, "clarity": 74, "pace": 90, "volume": None}
RUBRIC = [{"id": "a", "passed": True}, {"id": "b", "passed": False}, {"id": "c", "passed": True}]
NUMBERS = {
    "score_confidence": 81,
    "score_clarity": 74,
    "score_pace": 90,
    "score_volume": None,
    "overall_score": 77,
    "passed": True,
    "words_per_minute": 152.5,
    "fillers_per_100": 1.25,
    "longest_monologue_s": 41.0,
    "questions_asked": 3,
    "rubric_passed": 2,
    "rubric_total": 3,
}


def _report(measures: dict[str, Any] = MEASURES) -> dict[str, Any]:
    """A report as the analysis job writes it, with the judge's verdict."""
    return {
        "model": "base",
        "duration_s": 30.0,
        "scores": SCORES,
        "captions": None,
        "transcript": "hello",
        "words": [],
        "measures": measures,
        "feedback": [],
        "pace_timeline": [],
        "loudness_timeline": [],
        "rubric": RUBRIC,
        "overall": 77,
        "passed": True,
        "judgement": {"overall": 77, "passed": True},
    }


async def _copied(
    app: FastAPI, db: AsyncSession, dealership: TestDealership, report: dict[str, Any]
) -> TrainingSession:
    """A session after `copy_report` has read `report` from its finished analysis job."""
    seller = dealership[Role.salesperson].user
    key = "test/report.json"
    await app.state.storage.put_bytes(key, json.dumps(report).encode())
    job = ProcessingJob(
        dealership_id=dealership.id,
        owner_id=seller.id,
        job_type=JobType.speech_analysis,
        status=JobStatus.completed,
        items=[
            JobItem(
                position=0,
                original_name="recording.wav",
                status=ItemStatus.completed,
                output_key=key,
            )
        ],
    )
    db.add(job)
    await db.flush()
    session = practice(seller, utcnow(), scores=(0, 0, 0, 0))
    session.analysis_job_id = job.id
    db.add(session)
    await db.flush()

    await copy_report(db, job, app.state.storage)
    return session


async def test_copy_report_writes_the_numbers(
    app: FastAPI, db: AsyncSession, dealership: TestDealership
) -> None:
    session = await _copied(app, db, dealership, _report())

    assert {name: getattr(session, name) for name in NUMBERS} == NUMBERS


async def test_a_session_without_words_has_no_monologue_or_questions_to_grade(
    app: FastAPI, db: AsyncSession, dealership: TestDealership
) -> None:
    silent = {
        "word_count": 0,
        "words_per_minute": None,
        "fillers_per_100_words": None,
        "longest_monologue_s": 0.0,
        "question_count": 0,
    }
    session = await _copied(app, db, dealership, _report(silent))

    assert session.longest_monologue_s is None
    assert session.questions_asked is None


def test_migration_0007_fills_in_the_analysed_sessions(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0006")
    now = utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(tmp_path / "old.db") as connection:  # foreign keys are off here
        for session_id, metrics in (("a" * 32, {**SCORES, "captions": None}), ("b" * 32, None)):
            connection.execute(
                "INSERT INTO training_sessions (id, dealership_id, user_id, session_type, status,"
                " source, started_at, live_parts, live_seconds, feedback, metrics, measures,"
                " rubric, judgement, created_at, updated_at) VALUES"
                " (?, ?, ?, 'pitch', 'completed', 'upload', ?, 0, 0, '[]', ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    "d" * 32,
                    "u" * 32,
                    now,
                    json.dumps(metrics),
                    json.dumps(MEASURES if metrics else None),
                    json.dumps(RUBRIC if metrics else None),
                    json.dumps({"overall": 77, "passed": True} if metrics else None),
                    now,
                    now,
                ),
            )

    upgrade(url, "0007")

    with sqlite3.connect(tmp_path / "old.db") as connection:
        connection.row_factory = sqlite3.Row
        # The column names are this module's constants.
        query = f"SELECT id, {', '.join(NUMBERS)} FROM training_sessions"  # noqa: S608
        rows = {row["id"]: row for row in connection.execute(query)}
        public = connection.execute("SELECT leaderboard_public FROM dealerships").fetchall()
    analysed = {name: rows["a" * 32][name] for name in NUMBERS}
    assert analysed == {**NUMBERS, "passed": 1}  # SQLite's boolean
    assert {rows["b" * 32][name] for name in NUMBERS} == {None}
    assert public == []

    with sqlite3.connect(tmp_path / "old.db") as connection:
        # Dropping columns copies the table on SQLite, which checks the foreign keys.
        connection.execute("DELETE FROM training_sessions")
    command.downgrade(alembic_config(url), "0006")
    with sqlite3.connect(tmp_path / "old.db") as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(training_sessions)")}
    assert "score_confidence" not in columns and "metrics" in columns


def test_migration_0016_ungrades_the_sessions_without_words(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0015")
    now = utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")
    silent = {**MEASURES, "word_count": 0, "longest_monologue_s": 0.0, "question_count": 0}
    with sqlite3.connect(tmp_path / "old.db") as connection:  # foreign keys are off here
        for session_id, measures in (("s" * 32, silent), ("t" * 32, MEASURES)):
            connection.execute(
                "INSERT INTO training_sessions (id, dealership_id, user_id, session_type, status,"
                " source, started_at, live_parts, live_seconds, feedback, measures,"
                " longest_monologue_s, questions_asked, created_at, updated_at) VALUES"
                " (?, ?, ?, 'pitch', 'completed', 'upload', ?, 0, 0, '[]', ?, ?, ?, ?, ?)",
                (
                    session_id,
                    "d" * 32,
                    "u" * 32,
                    now,
                    json.dumps(measures),
                    measures["longest_monologue_s"],
                    measures["question_count"],
                    now,
                    now,
                ),
            )

    upgrade(url, "0016")

    with sqlite3.connect(tmp_path / "old.db") as connection:
        query = "SELECT id, longest_monologue_s, questions_asked FROM training_sessions"
        rows = {row[0]: row[1:] for row in connection.execute(query)}
    assert rows == {"s" * 32: (None, None), "t" * 32: (41.0, 3)}

    command.downgrade(alembic_config(url), "0015")
    with sqlite3.connect(tmp_path / "old.db") as connection:
        query = "SELECT longest_monologue_s, questions_asked FROM training_sessions WHERE id = ?"
        assert connection.execute(query, ("s" * 32,)).fetchone() == (0.0, 0)
