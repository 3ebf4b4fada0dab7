"""Practice sessions whose analysis has just completed, for the coaching tests: the report a
`speech_analysis` job would have stored goes through the real hook (training/tasks.py
`copy_report`) that fills the session and fulfils what it passes; no audio, no models."""

import json
from datetime import datetime
from typing import Any

from fastapi import FastAPI

from carsales.db import transaction
from carsales.kit.time import utcnow
from carsales.models import JobStatus, SessionStatus, SessionType, TrainingSession, User
from carsales.training.tasks import copy_report, new_analysis_job


def report(
    overall: int | None, passed: bool | None, rubric: list[bool] | None = None
) -> dict[str, Any]:
    """A stored analysis report: the judge's `overall` and `passed`, and rubric items done."""
    return {
        "model": "base",
        "duration_s": 95.0,
        "scores": {"confidence": 70, "clarity": 72, "pace": 65, "volume": 80},
        "captions": None,
        "transcript": "I understand the price matters.",
        "words": [],
        "measures": {
            "word_count": 230,
            "words_per_minute": 150.0,
            "fillers_per_100_words": 2.0,
            "longest_monologue_s": 30.0,
            "question_count": 2,
        },
        "feedback": [],
        "pace_timeline": [],
        "loudness_timeline": [],
        "rubric": [
            {"id": f"item-{n}", "label": f"Item {n}", "passed": done}
            for n, done in enumerate(rubric or [])
        ],
        "judgement": None if overall is None else {"overall": overall, "passed": passed},
        "overall": overall,
        "passed": passed,
    }


async def analysed(
    app: FastAPI,
    user: User,
    scenario_id: str | None,
    overall: int | None = None,
    passed: bool | None = None,
    rubric: list[bool] | None = None,
    started_at: datetime | None = None,
) -> str:
    """A session of `user` in `scenario_id`, analysed with these results; its id."""
    async with transaction(app.state.sessionmaker) as db:
        session = TrainingSession(
            dealership_id=user.dealership_id,
            user_id=user.id,
            session_type=SessionType.objection,
            scenario_id=scenario_id,
            scenario={"id": scenario_id, "title": "Practice"} if scenario_id else None,
            status=SessionStatus.completed,
            started_at=started_at or utcnow(),
            audio_key=f"{user.dealership_id}/training/recording.wav",
        )
        db.add(session)
        job = new_analysis_job(session)
        db.add(job)
        await db.flush()
        session.analysis_job_id = job.id
        stored = await app.state.storage.put_bytes(
            f"{user.dealership_id}/jobs/{job.id}/report.json",
            json.dumps(report(overall, passed, rubric)).encode(),
        )
        job.status = JobStatus.completed
        job.items[0].output_key = stored.key
        await db.flush()
        await copy_report(db, job, app.state.storage)
        return session.id
