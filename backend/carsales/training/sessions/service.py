"""Rules of practice sessions: their state, their recordings and their analysis."""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import anyio
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.analytics import UsageKind, record_usage
from carsales.config import Settings
from carsales.db import AfterCommit, after_commit, hold_until_commit
from carsales.errors import BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge
from carsales.jobs.quotas import QuotaExceeded, check_quota
from carsales.kit.pagination import PageParams
from carsales.kit.time import as_utc, utcnow
from carsales.kit.uploads import FileUpload, upload_chunks
from carsales.models import (
    ProcessingJob,
    Role,
    SessionMode,
    SessionSource,
    SessionStatus,
    TrainingSession,
    User,
)
from carsales.storage import Storage
from carsales.training.live.customer import opening_turn
from carsales.training.recording import (
    assemble_recording,
    delete_live_parts,
    recording_key,
    session_prefix,
)
from carsales.training.scenarios.service import ScenarioService, UnknownScenario, spoken_line
from carsales.training.sessions.repository import SessionRepository
from carsales.training.sessions.schemas import (
    AnalysisOut,
    SessionCreate,
    SessionListQuery,
    TrainingSessionOut,
    TrainingSessionSummary,
)
from carsales.training.speech.audio import identify_audio, probe_duration
from carsales.training.tasks import new_analysis_job

Enqueue = Callable[[str], None]

ACCEPTED_AUDIO = "WAV, MP3, M4A/MP4, WebM or Ogg"


class NothingRecorded(BadRequest):
    code = "nothing_recorded"
    title = "Nothing was recorded"


class UnsupportedAudio(BadRequest):
    code = "unsupported_audio"
    title = "Unsupported recording"


class SessionService:
    """Practice sessions, acting for `actor` inside the actor's dealership."""

    def __init__(
        self,
        db: AsyncSession,
        settings: Settings,
        storage: Storage,
        enqueue: Enqueue,
        actor: User,
    ) -> None:
        self.db = db
        self.settings = settings
        self.storage = storage
        self.enqueue = enqueue
        self.actor = actor
        self.sessions = SessionRepository(db, actor.dealership_id)

    async def create(self, body: SessionCreate) -> TrainingSession:
        scenario = None
        if body.scenario_id is not None:
            scenario = await ScenarioService(self.db, self.storage, self.actor).find(
                body.scenario_id
            )
            if scenario is None:
                raise UnknownScenario("No such scenario.")
        session_type = scenario.session_type if scenario else body.session_type
        assert session_type is not None  # SessionCreate requires one or the other
        row = TrainingSession(
            dealership_id=self.actor.dealership_id,
            user=self.actor,
            session_type=session_type,
            scenario_id=body.scenario_id,
            # A copy: later edits of the scenario must not change what this session is judged on.
            scenario=scenario.model_dump(mode="json") if scenario else None,
            status=SessionStatus.active,
            source=SessionSource.live,
            mode=body.mode,
            started_at=utcnow(),
            feedback=[],
            analysis_job=None,
        )
        self.db.add(row)
        await self.db.flush()
        if body.mode is SessionMode.roleplay:
            assert row.scenario is not None  # SessionCreate requires one for a role-play
            try:
                row.turns = [
                    await opening_turn(self.storage, row.dealership_id, row.id, row.scenario)
                ]
            except ValueError as exc:
                raise BadRequest(f"This scenario cannot be role-played: {exc}.") from exc
        self._count_usage(UsageKind.session_started)
        return row

    async def list_visible(
        self, query: SessionListQuery, page: PageParams
    ) -> tuple[Sequence[TrainingSession], int]:
        return await self.sessions.list_visible(self.actor, query, page)

    async def get(self, session_id: str, *, lock: bool = False) -> TrainingSession:
        # Sessions the actor may not see are reported missing, not forbidden.
        row = await self.sessions.get_visible(session_id, self.actor, lock=lock)
        if row is None:
            raise NotFound("No such training session.")
        return row

    async def _own(self, session_id: str) -> TrainingSession:
        """The actor's own session, locked: recording and completing it are theirs alone."""
        row = await self.get(session_id, lock=True)
        if row.user_id != self.actor.id:
            raise Forbidden("Only the person who practised in this session can do that.")
        return row

    async def pause(self, session_id: str) -> TrainingSession:
        return await self._move(session_id, SessionStatus.active, SessionStatus.paused, "paused")

    async def resume(self, session_id: str) -> TrainingSession:
        return await self._move(session_id, SessionStatus.paused, SessionStatus.active, "resumed")

    async def _move(
        self, session_id: str, source: SessionStatus, target: SessionStatus, verb: str
    ) -> TrainingSession:
        row = await self._own(session_id)
        if row.status is not source:
            raise Conflict(f"The session is {row.status}: only {source} sessions can be {verb}.")
        row.status = target
        await self.db.flush()
        return row

    async def complete(self, session_id: str) -> TrainingSession:
        """Joins the live audio into one recording and starts the final analysis."""
        row = await self._open(session_id)
        # Closed to new chunks first, then read: the live handler counts a chunk only while the
        # session is active, and SQLite ignores the row lock, so a chunk counted between a read
        # and this write would otherwise be left out of the recording.
        row.status = SessionStatus.completed
        await self.db.flush()
        return await self._keep_recording(row)

    async def end_idle(self, session_id: str, silent_since: datetime) -> TrainingSession | None:
        """Ends the actor's live session if it is still open and no audio has come since
        `silent_since`, as `complete` does: its recording kept and analysed (a session with
        nothing recorded just ends). None when it was not idle after all, or was already ended
        (by its owner, or by another process's sweep)."""
        if not await self.sessions.close_if_idle(session_id, silent_since):
            return None
        row = await self.get(session_id)
        if row.live_parts == 0:
            row.ended_at = utcnow()
            await self.db.flush()
            return row
        return await self._keep_recording(row)

    async def _keep_recording(self, row: TrainingSession) -> TrainingSession:
        """The session, closed to new chunks, gets its live audio as its recording."""
        await self.db.refresh(row, ["live_parts", "live_seconds"])
        if row.live_parts == 0:
            raise NothingRecorded("Nothing was recorded.")
        stored = await self.storage.put_bytes(
            recording_key(row), await assemble_recording(self.storage, row)
        )
        await self._check_audio_quota(row.live_seconds, stored.key)
        row.audio_key = stored.key
        row.audio_content_type = "audio/wav"
        row.audio_bytes = stored.size
        row.duration_s = row.live_seconds

        async def drop_parts() -> None:
            await delete_live_parts(self.storage, row)

        # Only once the recording is committed as the session's audio are the parts redundant.
        after_commit(self.db, drop_parts)
        return await self._analyse(row)

    async def accepting_upload(self, session_id: str) -> TrainingSession:
        """The session a recording is about to be uploaded to, once it may be: checked before
        the body is read, so a refused upload is not received first."""
        row = await self._open(session_id)
        if row.live_parts > 0:
            raise Conflict("This session already has live audio: complete it instead.")
        return row

    async def upload(self, row: TrainingSession, upload: FileUpload) -> TrainingSession:
        """A whole recording instead of live audio (see `accepting_upload`); analysed the same
        way. Its length, read from its header before it is stored, counts against the audio
        quota (a file FFmpeg cannot read counts nothing: its analysis fails at once)."""
        detected = identify_audio(await upload.read(64))
        await upload.seek(0)
        if detected is None:
            raise UnsupportedAudio(
                f"This file is not a recording this server accepts (judged from its contents): "
                f"upload {ACCEPTED_AUDIO} audio."
            )
        content_type, extension = detected
        seconds = await anyio.to_thread.run_sync(probe_duration, upload.file)
        await upload.seek(0)
        limit = self.settings.training_upload_max_bytes
        try:
            stored = await self.storage.put_stream(
                f"{session_prefix(row)}/recording.{extension}",
                upload_chunks(upload),
                max_bytes=limit,
            )
        except PayloadTooLarge as exc:
            raise PayloadTooLarge(
                f"The recording is larger than the {limit // (1024 * 1024)} MB allowed."
            ) from exc
        await self._check_audio_quota(seconds or 0, stored.key)
        row.source = SessionSource.upload
        row.duration_s = seconds  # until the analysis measures it
        row.audio_key = stored.key
        row.audio_content_type = content_type
        row.audio_bytes = stored.size
        return await self._analyse(row)

    async def _check_audio_quota(self, seconds: float, stored_key: str) -> None:
        """Counted once the recording is stored: the quota's lock is held until the commit (on
        SQLite the database's write lock), so no upload may run under it. A refused recording
        is deleted again."""
        await hold_until_commit(self.db, f"quota-audio:{self.actor.dealership_id}")
        try:
            check_quota(
                in_flight=await self.sessions.audio_seconds_in_flight() / 60,
                adding=seconds / 60,
                limit=self.settings.quota_audio_minutes_in_flight,
                unit="minutes of recordings",
                retry_after=self.settings.quota_retry_after_seconds,
            )
        except QuotaExceeded:
            await self.storage.delete(stored_key)
            raise

    async def _open(self, session_id: str) -> TrainingSession:
        row = await self._own(session_id)
        if row.status is SessionStatus.completed:
            raise Conflict("This session is already completed.")
        return row

    async def _analyse(self, row: TrainingSession) -> TrainingSession:
        row.status = SessionStatus.completed
        row.ended_at = utcnow()
        row.analysis_job = new_analysis_job(row)
        await self.db.flush()
        after_commit(self.db, self._enqueue_later(row.analysis_job.id))
        self._count_usage(UsageKind.session_completed)
        return row

    def _count_usage(self, kind: UsageKind) -> None:
        record_usage(
            self.db, dealership_id=self.actor.dealership_id, user_id=self.actor.id, kind=kind
        )

    def _enqueue_later(self, job_id: str) -> AfterCommit:
        async def send() -> None:
            self.enqueue(job_id)

        return send

    async def recording(self, session_id: str) -> TrainingSession:
        row = await self.get(session_id)
        if row.audio_key is None or row.audio_bytes is None:
            raise NotFound("This session has no recording yet.")
        return row

    async def turn_audio(self, session_id: str, index: int) -> bytes:
        """The customer's line `index` of a role-play as WAV (from the TTS cache)."""
        row = await self.get(session_id)
        turns = row.turns or []
        if not 0 <= index < len(turns) or turns[index].get("audio_url") is None:
            raise NotFound("No such spoken line in this session.")
        return await spoken_line(self.storage, row.dealership_id, turns[index]["text"])

    async def delete(self, session_id: str) -> None:
        row = await self.get(session_id)
        if row.user_id != self.actor.id and self.actor.role is not Role.admin:
            raise Forbidden("Only the person who practised, or an admin, can delete a session.")
        prefixes = [session_prefix(row)]
        job = row.analysis_job
        if job is not None:
            # The analysis job belongs to the session: its report and work files go with it.
            prefixes.append(f"{job.dealership_id}/jobs/{job.id}")
            await self.db.delete(job)
        await self.db.delete(row)
        await self.db.flush()

        async def remove_files() -> None:
            for prefix in prefixes:
                await self.storage.delete_prefix(prefix)

        after_commit(self.db, remove_files)

    def to_summary(self, row: TrainingSession) -> TrainingSessionSummary:
        return TrainingSessionSummary.model_validate(_summary_fields(row))

    def to_out(self, row: TrainingSession) -> TrainingSessionOut:
        return TrainingSessionOut.model_validate(
            {
                **_summary_fields(row),
                "scenario": row.scenario,
                "live_parts": row.live_parts,
                "live_seconds": row.live_seconds,
                "has_audio": row.audio_key is not None,
                "model": row.model,
                "transcript": row.transcript,
                "words": row.words or [],
                "measures": row.measures,
                "feedback": row.feedback or [],
                "timelines": row.timelines,
                "rubric": row.rubric or [],
                "overall": (row.judgement or {}).get("overall"),
                "passed": (row.judgement or {}).get("passed"),
                "judgement": row.judgement,
                "mode": row.mode,
                "turns": row.turns,
            }
        )


def _summary_fields(row: TrainingSession) -> dict[str, Any]:
    job: ProcessingJob | None = row.analysis_job
    return {
        "id": row.id,
        "user_id": row.user_id,
        "user_name": row.user.full_name,
        "session_type": row.session_type,
        "scenario_id": row.scenario_id,
        "scenario_title": (row.scenario or {}).get("title"),
        "status": row.status,
        "source": row.source,
        "started_at": as_utc(row.started_at),
        "ended_at": as_utc(row.ended_at) if row.ended_at else None,
        "duration_s": row.duration_s,
        "metrics": row.metrics,
        "analysis": AnalysisOut(
            job_id=job.id, status=job.status, progress=job.progress, error=job.error
        )
        if job
        else None,
    }
