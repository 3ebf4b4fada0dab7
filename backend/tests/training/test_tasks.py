"""The final analysis as a processing job: real audio, the real Whisper base model, the real job
runner; the report lands in the session row."""

from datetime import timedelta
from typing import Any

import numpy as np
from fastapi import FastAPI
from sqlalchemy import select

from carsales.jobs.processors import JobKinds
from carsales.jobs.runner import JobRunner, RunnerConfig
from carsales.kit.time import utcnow
from carsales.models import (
    JobStatus,
    Role,
    SessionStatus,
    SessionType,
    TrainingAssignment,
    TrainingSession,
)
from carsales.training.speech.asr import WhisperTranscriber
from carsales.training.speech.audio import SAMPLE_RATE, to_pcm16, wav_bytes
from carsales.training.speech.tts import synthesize
from carsales.training.tasks import new_analysis_job
from tests.conftest import TestDealership

SCENARIO = {
    "id": "custom-check",
    "title": "Price objection",
    "rubric": [
        {"id": "acknowledge", "label": "Acknowledge", "phrases": ["i understand"]},
        {"id": "ask", "label": "Ask for the business", "phrases": ["shall we"]},
    ],
}


class Events:
    def __init__(self) -> None:
        self.progress: list[int] = []

    async def __call__(self, user_id: str, event: str, data: dict[str, Any]) -> None:
        if event == "job.progress":
            self.progress.append(data["progress"])


async def _session_with_recording(
    app: FastAPI, dealership: TestDealership, recording: bytes
) -> tuple[str, str]:
    """(session id, analysis job id)"""
    seller = dealership[Role.salesperson].user
    async with app.state.sessionmaker() as db:
        session = TrainingSession(
            dealership_id=dealership.id,
            user_id=seller.id,
            session_type=SessionType.objection,
            scenario_id=SCENARIO["id"],
            scenario=SCENARIO,
            status=SessionStatus.completed,
            started_at=utcnow(),
        )
        db.add(session)
        db.add(
            TrainingAssignment(
                dealership_id=dealership.id,
                scenario_id=SCENARIO["id"],
                user_id=seller.id,
                created_at=utcnow() - timedelta(days=1),
            )
        )
        await db.flush()
        stored = await app.state.storage.put_bytes(
            f"{dealership.id}/training/{session.id}/recording.wav", recording
        )
        session.audio_key = stored.key
        session.audio_bytes = stored.size
        session.audio_content_type = "audio/wav"
        job = new_analysis_job(session)
        db.add(job)
        await db.flush()
        session.analysis_job_id = job.id
        await db.commit()
        return session.id, job.id


async def _run(app: FastAPI, job_id: str, events: Events, kinds: JobKinds | None = None) -> None:
    """The job, with the app's job kinds unless `kinds` (built from other settings) are given."""
    config = RunnerConfig(worker_id="test", lease_seconds=60, max_attempts=2)
    runner = JobRunner(
        app.state.sessionmaker, app.state.storage, kinds or app.state.job_kinds, events, config
    )
    await runner.run(job_id)


SPOKEN = (
    "I understand the price matters to you. Um, what payment works for your budget? "
    "If we get there, shall we get the paperwork started today?"
)


def recording_of(text: str) -> tuple[bytes, float]:
    """A WAV of `text` spoken at 150 words a minute between seconds of silence, and how long
    the speech itself lasts, in seconds."""
    speech = synthesize(text, words_per_minute=150)
    silence = np.zeros(SAMPLE_RATE, dtype=np.float32)
    recording = wav_bytes(to_pcm16(np.concatenate([silence, speech, silence])))
    return recording, len(speech) / SAMPLE_RATE


async def test_the_report_is_written_into_the_session(
    app: FastAPI,
    dealership: TestDealership,
    espeak: None,
    whisper_base: WhisperTranscriber,
) -> None:
    recording, spoken_s = recording_of(SPOKEN)
    session_id, job_id = await _session_with_recording(app, dealership, recording)
    events = Events()

    await _run(app, job_id, events)

    async with app.state.sessionmaker() as db:
        session = await db.get(TrainingSession, session_id)
        fulfilled_by = await db.scalar(select(TrainingAssignment.completed_session_id))
    assert session is not None and session.analysis_job is not None
    assert session.analysis_job.status is JobStatus.completed, session.analysis_job.items[0].error
    assert session.model == "base"
    assert session.metrics is not None
    scores = {"confidence", "clarity", "pace", "volume"}
    assert set(session.metrics) == {*scores, "captions"}
    assert all(0 <= session.metrics[name] <= 100 for name in scores)
    # Each score's caption says what it means for this session.
    assert set(session.metrics["captions"]) == scores
    assert "words per minute" in session.metrics["captions"]["pace"]
    assert session.transcript is not None and "paperwork" in session.transcript.lower()
    # Session time: the first word follows the leading second of silence (Whisper's word
    # timings are good to about 0.2 s).
    assert session.words and session.words[0]["start"] >= 0.75
    assert session.duration_s is not None and session.duration_s > spoken_s
    assert session.timelines is not None and session.timelines["loudness"]
    assert session.rubric is not None
    assert {item["id"]: item["passed"] for item in session.rubric} == {
        "acknowledge": True,
        "ask": True,
    }
    assert fulfilled_by == session_id
    assert events.progress[-1] == 100


async def test_a_file_that_is_not_audio_fails_the_analysis_with_the_reason(
    app: FastAPI, dealership: TestDealership
) -> None:
    session_id, job_id = await _session_with_recording(app, dealership, b"RIFF but not audio")
    await _run(app, job_id, Events())
    async with app.state.sessionmaker() as db:
        session = await db.get(TrainingSession, session_id)
    assert session is not None and session.analysis_job is not None
    assert session.analysis_job.status is JobStatus.failed
    assert session.analysis_job.items[0].error == "The recording could not be read as audio."
    assert session.metrics is None
