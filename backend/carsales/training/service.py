"""Rules of voice training: sessions and their recordings, scenarios, assignments."""

import hashlib
import re
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

import anyio
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile

from carsales.config import Settings
from carsales.db import AfterCommit, after_commit
from carsales.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
)
from carsales.kit.pagination import PageParams
from carsales.kit.repository import ID_PATTERN
from carsales.kit.time import as_utc, utcnow
from carsales.models import (
    ProcessingJob,
    Role,
    SessionSource,
    SessionStatus,
    SessionType,
    TrainingAssignment,
    TrainingScenario,
    TrainingSession,
    User,
)
from carsales.storage import Storage
from carsales.training.library import BUILTIN_SCENARIOS, Scenario, builtin_scenario
from carsales.training.recording import (
    assemble_recording,
    delete_live_parts,
    recording_key,
    session_prefix,
)
from carsales.training.repository import (
    AssignmentRepository,
    ScenarioRepository,
    SessionRepository,
)
from carsales.training.schemas import (
    AnalysisOut,
    AssignmentCreate,
    AssignmentListQuery,
    AssignmentOut,
    RubricItemIn,
    RubricItemOut,
    ScenarioCreate,
    ScenarioOut,
    ScenarioUpdate,
    SessionCreate,
    SessionListQuery,
    TrainingSessionOut,
    TrainingSessionSummary,
)
from carsales.training.speech.audio import to_pcm16, wav_bytes
from carsales.training.speech.rubric import rubric_items_from_json
from carsales.training.speech.tts import SynthesisError, synthesize
from carsales.training.tasks import new_analysis_job
from carsales.users.repository import UserRepository

Enqueue = Callable[[str], None]

UPLOAD_CHUNK = 256 * 1024
TTS_VOICE = "en-us"
ACCEPTED_AUDIO = "WAV, MP3, M4A/MP4, WebM or Ogg"


class UnknownScenario(BadRequest):
    code = "unknown_scenario"
    title = "No such scenario"


class BuiltinScenario(BadRequest):
    code = "builtin_scenario"
    title = "Built-in scenarios cannot be changed"


class InvalidRubric(BadRequest):
    code = "invalid_rubric"
    title = "The rubric cannot be used"


class InvalidAssignee(BadRequest):
    code = "invalid_assignee"
    title = "This user cannot be given this assignment"


class NothingRecorded(BadRequest):
    code = "nothing_recorded"
    title = "Nothing was recorded"


class UnsupportedAudio(BadRequest):
    code = "unsupported_audio"
    title = "Unsupported recording"


class SpeechUnavailable(ServiceUnavailable):
    code = "speech_unavailable"
    title = "Speech synthesis is not available"


def identify_audio(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) judged from the first bytes of a recording, not its name."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav", "wav"
    # An ID3 tag, or an MPEG audio frame sync whose layer bits are not 00 (that would be AAC).
    if head[:3] == b"ID3" or (
        len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06
    ):
        return "audio/mpeg", "mp3"
    if head[4:8] == b"ftyp":
        return "audio/mp4", "m4a"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "audio/webm", "webm"
    if head[:4] == b"OggS":
        return "audio/ogg", "ogg"
    return None


def tts_cache_key(dealership_id: str, text: str, voice: str = TTS_VOICE) -> str:
    """Spoken lines are cached by what is said and how, so an edited line is spoken afresh."""
    digest = hashlib.sha256(f"{voice}\n{text}".encode()).hexdigest()
    return f"{dealership_id}/training/tts/{digest}.wav"


def _speak(text: str) -> bytes:
    try:
        return wav_bytes(to_pcm16(synthesize(text, voice=TTS_VOICE)))
    except SynthesisError as exc:
        raise SpeechUnavailable(
            f"The server cannot speak the customer's lines ({exc}); "
            "use the browser's speech synthesis instead."
        ) from exc


async def _chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(UPLOAD_CHUNK):
        yield chunk


def _builtin_out(scenario: Scenario) -> ScenarioOut:
    return ScenarioOut.model_validate(scenario.snapshot())


def _custom_out(row: TrainingScenario) -> ScenarioOut:
    return ScenarioOut(
        id=row.id,
        builtin=False,
        session_type=row.session_type,
        title=row.title,
        persona=row.persona,
        situation=row.situation,
        vehicle=row.vehicle,
        customer_lines=row.customer_lines,
        rubric=[RubricItemOut.model_validate(item) for item in row.rubric],
    )


def _rubric_json(items: Sequence[RubricItemIn]) -> list[dict[str, Any]]:
    """The rubric as stored, checked as the analysis will read it: a phrase it cannot match is
    refused now, not when a salesperson's session is scored."""
    try:
        parsed = rubric_items_from_json(
            [item.model_dump(exclude_none=True, by_alias=False) for item in items]
        )
    except ValueError as exc:
        raise InvalidRubric(str(exc)) from exc
    return [item.to_json() for item in parsed]


class ScenarioService:
    """The built-in library and the dealership's own scenarios, as seen by `actor`."""

    def __init__(self, db: AsyncSession, storage: Storage, actor: User) -> None:
        self.db = db
        self.storage = storage
        self.actor = actor
        self.scenarios = ScenarioRepository(db, actor.dealership_id)

    async def available(self, session_type: SessionType | None) -> list[ScenarioOut]:
        """The built-in library first, then the dealership's current scenarios."""
        builtins = [
            _builtin_out(scenario)
            for scenario in BUILTIN_SCENARIOS.values()
            if session_type is None or scenario.session_type is session_type
        ]
        customs = [_custom_out(row) for row in await self.scenarios.list_current(session_type)]
        return builtins + customs

    async def find(self, scenario_id: str, *, archived: bool = False) -> ScenarioOut | None:
        builtin = builtin_scenario(scenario_id)
        if builtin is not None:
            return _builtin_out(builtin)
        row = await self._custom(scenario_id)
        if row is None or (row.archived and not archived):
            return None
        return _custom_out(row)

    async def by_ids(self, scenario_ids: Sequence[str]) -> dict[str, ScenarioOut]:
        """The scenarios among `scenario_ids` that exist (archived ones too), by id."""
        found = {
            key: _builtin_out(BUILTIN_SCENARIOS[key])
            for key in scenario_ids
            if key in BUILTIN_SCENARIOS
        }
        customs = await self.scenarios.by_ids(
            [key for key in scenario_ids if re.match(ID_PATTERN, key)]
        )
        found.update({key: _custom_out(row) for key, row in customs.items()})
        return found

    async def _custom(self, scenario_id: str) -> TrainingScenario | None:
        if not re.match(ID_PATTERN, scenario_id):
            return None
        return await self.scenarios.get(scenario_id)

    async def create(self, body: ScenarioCreate) -> ScenarioOut:
        row = TrainingScenario(
            dealership_id=self.actor.dealership_id,
            created_by_id=self.actor.id,
            session_type=body.session_type,
            title=body.title,
            persona=body.persona,
            situation=body.situation,
            vehicle=body.vehicle,
            customer_lines=list(body.customer_lines),
            rubric=_rubric_json(body.rubric),
            archived=False,
        )
        self.db.add(row)
        await self.db.flush()
        return _custom_out(row)

    async def update(self, scenario_id: str, changes: ScenarioUpdate) -> ScenarioOut:
        row = await self._editable(scenario_id)
        for name, value in changes.model_dump(exclude_unset=True, by_alias=False).items():
            if name == "rubric":
                value = _rubric_json(changes.rubric or [])
            setattr(row, name, value)
        await self.db.flush()
        return _custom_out(row)

    async def archive(self, scenario_id: str) -> None:
        """Archived, not deleted: sessions and assignments still refer to it."""
        row = await self._editable(scenario_id)
        row.archived = True
        await self.db.flush()

    async def _editable(self, scenario_id: str) -> TrainingScenario:
        if builtin_scenario(scenario_id) is not None:
            raise BuiltinScenario("Built-in scenarios cannot be changed: create your own instead.")
        row = await self._custom(scenario_id)
        if row is None or row.archived:
            raise NotFound("No such scenario.")
        if self.actor.role is not Role.admin and row.created_by_id != self.actor.id:
            raise Forbidden("Only the manager who wrote this scenario, or an admin, can change it.")
        return row

    async def line_audio(self, scenario_id: str, index: int) -> bytes:
        """The customer's line `index` as a WAV file, spoken by espeak-ng and cached."""
        scenario = await self.find(scenario_id, archived=True)
        if scenario is None or index >= len(scenario.customer_lines):
            raise NotFound("No such line.")
        text = scenario.customer_lines[index]
        key = tts_cache_key(self.actor.dealership_id, text)
        if await self.storage.exists(key):
            return await self.storage.get_bytes(key)
        audio = await anyio.to_thread.run_sync(_speak, text)
        await self.storage.put_bytes(key, audio)
        return audio


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
            started_at=utcnow(),
            feedback=[],
            analysis_job=None,
        )
        self.db.add(row)
        await self.db.flush()
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
        await self.db.refresh(row, ["live_parts", "live_seconds"])
        if row.live_parts == 0:
            raise NothingRecorded("Nothing was recorded.")
        stored = await self.storage.put_bytes(
            recording_key(row), await assemble_recording(self.storage, row)
        )
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

    async def upload(self, row: TrainingSession, upload: UploadFile) -> TrainingSession:
        """A whole recording instead of live audio (see `accepting_upload`); analysed the same
        way."""
        detected = identify_audio(await upload.read(64))
        await upload.seek(0)
        if detected is None:
            raise UnsupportedAudio(
                f"This file is not a recording this server accepts (judged from its contents): "
                f"upload {ACCEPTED_AUDIO} audio."
            )
        content_type, extension = detected
        limit = self.settings.training_upload_max_bytes
        try:
            stored = await self.storage.put_stream(
                f"{session_prefix(row)}/recording.{extension}", _chunks(upload), max_bytes=limit
            )
        except PayloadTooLarge as exc:
            raise PayloadTooLarge(
                f"The recording is larger than the {limit // (1024 * 1024)} MB allowed."
            ) from exc
        row.source = SessionSource.upload
        row.audio_key = stored.key
        row.audio_content_type = content_type
        row.audio_bytes = stored.size
        return await self._analyse(row)

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
        return row

    def _enqueue_later(self, job_id: str) -> AfterCommit:
        async def send() -> None:
            self.enqueue(job_id)

        return send

    async def recording(self, session_id: str) -> TrainingSession:
        row = await self.get(session_id)
        if row.audio_key is None or row.audio_bytes is None:
            raise NotFound("This session has no recording yet.")
        return row

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


class AssignmentService:
    """Managers ask their salespeople to practise a scenario."""

    def __init__(self, db: AsyncSession, storage: Storage, actor: User) -> None:
        self.db = db
        self.actor = actor
        self.assignments = AssignmentRepository(db, actor.dealership_id)
        self.scenarios = ScenarioService(db, storage, actor)

    async def create(self, body: AssignmentCreate) -> TrainingAssignment:
        if await self.scenarios.find(body.scenario_id) is None:
            raise UnknownScenario("No such scenario.")
        row = TrainingAssignment(
            dealership_id=self.actor.dealership_id,
            scenario_id=body.scenario_id,
            user=await self._assignee(body.user_id),
            assigned_by=self.actor,
            note=body.note or None,
            due_at=body.due_at,
        )
        self.db.add(row)
        await self.db.flush()
        return row

    async def _assignee(self, user_id: str) -> User:
        user = await UserRepository(self.db, self.actor.dealership_id).get(user_id)
        if self.actor.role is Role.admin:
            if user is None or not user.is_active:
                raise InvalidAssignee("userId must be an active user of this dealership.")
        elif user is None or not user.is_active or user.manager_id != self.actor.id:
            raise InvalidAssignee("userId must be an active salesperson on your team.")
        return user

    async def list_visible(
        self, query: AssignmentListQuery, page: PageParams
    ) -> tuple[Sequence[TrainingAssignment], int]:
        return await self.assignments.list_visible(self.actor, query, page)

    async def delete(self, assignment_id: str) -> None:
        row = await self.assignments.get_visible(assignment_id, self.actor)
        if row is None:
            raise NotFound("No such assignment.")
        if row.user_id == self.actor.id and self.actor.role is not Role.admin:
            raise Forbidden("Only whoever manages you can withdraw your assignments.")
        await self.db.delete(row)
        await self.db.flush()

    async def to_out(self, rows: Sequence[TrainingAssignment]) -> list[AssignmentOut]:
        scenarios = await self.scenarios.by_ids(sorted({row.scenario_id for row in rows}))
        out = []
        for row in rows:
            scenario = scenarios.get(row.scenario_id)
            out.append(
                AssignmentOut(
                    id=row.id,
                    scenario_id=row.scenario_id,
                    scenario_title=scenario.title if scenario else None,
                    session_type=scenario.session_type if scenario else None,
                    user_id=row.user_id,
                    user_name=row.user.full_name,
                    assigned_by_id=row.assigned_by_id,
                    assigned_by_name=row.assigned_by.full_name if row.assigned_by else None,
                    note=row.note,
                    due_at=as_utc(row.due_at) if row.due_at else None,
                    created_at=as_utc(row.created_at),
                    completed_session_id=row.completed_session_id,
                )
            )
        return out
