"""The `training.audio` handler and every live state of this process (protocol.py has the wire
format, state.py one session's analysis).

A chunk is stored, then counted in the session row (`SessionRepository.count_live_part`), then
acknowledged, then fed to the session's live state. Each finished speech segment is transcribed
by Whisper tiny.en on worker threads of this process (faster-whisper is CPU-bound). A state that
is handed a chunk other than the one it expects (the session went on in another process
meanwhile) is rebuilt from the row's `live_seconds`."""

import asyncio
import threading
import time
import weakref
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import anyio
import structlog
from prometheus_client import Counter, Gauge
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.ai.openai_compat import OpenAICompatClient, configured_client
from carsales.ai.registry import ModelMissingError
from carsales.ai.whisper import get_whisper
from carsales.config import Settings
from carsales.events import EventEmitter
from carsales.models import SessionMode, SessionStatus, TrainingSession
from carsales.storage import Storage
from carsales.training.live.customer import CustomerVoice, listen_from
from carsales.training.live.protocol import (
    AUDIO_EVENT,
    TURN_END_EVENT,
    AudioAccepted,
    AudioRefusal,
    AudioRefused,
    Chunk,
    Owner,
    Refusal,
    TurnEndAnswer,
    accepted,
    parse_chunk,
)
from carsales.training.live.state import LiveState, SpokenTurn
from carsales.training.recording import SessionIds, store_part
from carsales.training.sessions.repository import SessionRepository, active_session_ids
from carsales.training.speech.asr import WhisperTranscriber, transcribe_segments
from carsales.training.speech.audio import from_pcm16
from carsales.training.speech.targets import Targets
from carsales.training.speech.vad import SpeechSegment, StreamingSegmenter
from carsales.training.speech.words import Word
from carsales.training.targets import targets_from_settings

log = structlog.get_logger(__name__)

LIVE_MODEL = "tiny.en"
# One core per transcription: tiny.en was no faster on two (1.25 s against 1.38 s median per
# segment on this 2-core machine). Several run at once (CARSALES_TRAINING_LIVE_WORKERS), so that
# with several people speaking one session's segment does not wait for another's.
LIVE_THREADS = 1
IDLE_S = 180.0  # a live state without a chunk for this long is dropped
SWEEP_S = 30.0

# Per process, like the states themselves; no session id or person as a label.
LIVE_SESSIONS = Gauge(
    "carsales_training_live_sessions", "Practice sessions streaming audio into this process"
)
LIVE_AUDIO = Counter(
    "carsales_training_live_audio_seconds_total", "Seconds of live practice audio stored"
)


class LiveHub:
    """The `training.audio` handler and every live state of this process."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        storage: Storage,
        model_dir: Path,
        events: EventEmitter,
        targets: Targets,
        workers: int,
        llm: OpenAICompatClient | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.storage = storage
        self.model_dir = model_dir
        self.targets = targets
        self.events = events
        self.customer = CustomerVoice(sessionmaker, storage, model_dir, events, llm)
        self.states: dict[str, LiveState] = {}
        # python-socketio runs each event in its own task: one lock per session keeps its
        # chunks in arrival order. Weak values: a lock lives only while a chunk holds it.
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self.workers = workers
        self._asr = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="live-asr")
        self._model_missing = False  # once found missing, not looked for again
        self._looking = threading.Lock()  # so it is looked for (and warned about) only once
        self._sweeper: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        # A process has one hub, its app's (tests make more: the newest one counts).
        LIVE_SESSIONS.set_function(lambda: len(self.states))

    async def on_audio(
        self, data: Any, owner: Callable[[], Awaitable[Owner]]
    ) -> AudioAccepted | AudioRefused:
        """Store one chunk, feed the live state and answer with the acknowledgement. `owner`
        gives the socket's user: asked for only once the lock is held, as any await before it
        could let a later chunk overtake this one."""
        try:
            chunk = parse_chunk(data)
            lock = self._locks.setdefault(chunk.session_id, asyncio.Lock())
            async with lock:
                user = await owner()
                return await self._take(user["user_id"], user["dealership_id"], chunk)
        except Refusal as refusal:
            return refusal.ack()
        except Exception:
            # Storage or database trouble: nothing was counted, so the client may try again.
            log.exception("live_chunk_failed")
            message = "The chunk could not be stored; send it again."
            return Refusal(AudioRefusal.unavailable, message).ack()

    async def on_turn_end(self, data: Any, owner: Callable[[], Awaitable[Owner]]) -> TurnEndAnswer:
        """`training.turn_end` {sessionId}: the salesperson's turn is over (a button), without
        waiting for the silence. Ordered with the session's chunks: the chunks sent before it
        are part of the turn."""
        session_id = data.get("sessionId") if isinstance(data, dict) else None
        if not isinstance(session_id, str):
            return TurnEndAnswer(ok=False, message="Expected {sessionId}.")
        async with self._locks.setdefault(session_id, asyncio.Lock()):
            user = await owner()
            state = self.states.get(session_id)
            if state is None or state.user_id != user["user_id"]:
                return TurnEndAnswer(ok=False, message="No role-play is streaming in this session.")
            if not state.end_turn():
                return TurnEndAnswer(ok=False, message="The customer has the turn, or it is over.")
        return TurnEndAnswer(ok=True, message=None)

    async def answer(self, state: LiveState, turn: SpokenTurn) -> float | None:
        return await self.customer.answer(state, turn)

    async def _take(self, user_id: str, dealership_id: str, chunk: Chunk) -> AudioAccepted:
        state = self.states.get(chunk.session_id)
        if state is not None and state.user_id == user_id and state.next_seq == chunk.seq:
            seconds = await self._count_expected(SessionIds(chunk.session_id, dealership_id), chunk)
            if seconds is not None:
                return await self._feed(chunk, seconds, state)
        return await self._take_checked(user_id, dealership_id, chunk)

    async def _count_expected(self, session: SessionIds, chunk: Chunk) -> float | None:
        """The chunk this process's live state of the session expects next (four times a
        second per speaker): stored and counted without reading the session first. None when
        the count did not match (the session stopped, or another process took its audio):
        the full checks then decide, and a part stored for nothing is overwritten or unused,
        as a resent chunk's is."""
        async with self.sessionmaker() as db:
            await store_part(self.storage, session, chunk.seq, chunk.pcm)
            sessions = SessionRepository(db, session.dealership_id)
            seconds = await sessions.count_live_part(session.id, chunk.seq, chunk.seconds)
            await db.commit()
        return seconds

    async def _take_checked(self, user_id: str, dealership_id: str, chunk: Chunk) -> AudioAccepted:
        async with self.sessionmaker() as db:
            sessions = SessionRepository(db, dealership_id)
            row = await sessions.practised_by(chunk.session_id, user_id)
            if row is None:
                raise Refusal(AudioRefusal.not_found, "No such training session.")
            if row.status != SessionStatus.active:
                self.drop(row.id)
                raise Refusal(AudioRefusal.not_active, f"The session is {row.status.value}.")
            if chunk.seq < row.live_parts:  # a resend of a stored chunk
                return accepted(row.live_parts, row.live_seconds)
            if chunk.seq > row.live_parts:
                missing = "Chunks are missing before this one."
                raise Refusal(AudioRefusal.gap, missing, row.live_parts)
            started_at = row.live_seconds
            await store_part(self.storage, row, chunk.seq, chunk.pcm)
            seconds = await sessions.count_live_part(row.id, chunk.seq, chunk.seconds)
            await db.commit()
        if seconds is None:
            # Another delivery of this chunk counted first, or the session stopped meanwhile:
            # a resend is then judged by the rules above.
            raise Refusal(
                AudioRefusal.retry, "The session changed meanwhile; send the chunk again."
            )
        try:
            state = await self._state(row, chunk.seq, started_at)
        except Exception:
            state = None
            log.exception("live_analysis_failed", session_id=row.id)
        return await self._feed(chunk, seconds, state)

    async def _feed(self, chunk: Chunk, seconds: float, state: LiveState | None) -> AudioAccepted:
        """A counted chunk: into the live analysis, and acknowledged."""
        LIVE_AUDIO.inc(chunk.seconds)
        try:
            if state is not None:
                await state.take(from_pcm16(chunk.pcm))
        except Exception:
            # The audio is stored: the live view must not cost the speaker their recording.
            log.exception("live_analysis_failed", session_id=chunk.session_id)
            self.drop(chunk.session_id)
        return accepted(chunk.seq + 1, seconds)

    async def _state(self, row: TrainingSession, seq: int, started_at: float) -> LiveState:
        state = self.states.get(row.id)
        if state is not None and state.next_seq == seq:
            return state
        self.drop(row.id)
        roleplay = row.mode is SessionMode.roleplay and row.scenario is not None
        # Off the event loop: a new voice detector loads its model (about 50 ms of CPU).
        segmenter = await anyio.to_thread.run_sync(StreamingSegmenter)
        state = self.states[row.id] = LiveState(
            self,
            segmenter,
            row.id,
            row.user_id,
            row.dealership_id,
            started_at,
            seq,
            listen_from(row.turns) if roleplay else None,
        )
        if roleplay and row.scenario is not None:
            self.spawn(self.customer.warm(row.scenario))
        if not self._model_missing:
            self._asr.submit(self._transcriber)  # loads while the first segment is spoken
        if self._sweeper is None or self._sweeper.done():
            self._sweeper = asyncio.create_task(self._sweep_while_live())
        return state

    def drop(self, session_id: str) -> None:
        state = self.states.pop(session_id, None)
        if state is not None:
            state.close()

    async def sweep(self) -> None:
        """Drop the states of sessions idle for IDLE_S or no longer active (or deleted)."""
        if not self.states:
            return
        async with self.sessionmaker() as db:
            active = await active_session_ids(db, list(self.states))
        idle_since = time.monotonic() - IDLE_S
        for session_id, state in list(self.states.items()):
            if session_id not in active or state.last_chunk < idle_since:
                self.drop(session_id)

    async def _sweep_while_live(self) -> None:
        while self.states:
            await asyncio.sleep(SWEEP_S)
            try:
                await self.sweep()
            except Exception:
                log.exception("live_sweep_failed")

    def spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def transcribe(self, segments: Sequence[SpeechSegment]) -> list[Word]:
        """The segments' words in the state's time; none when Whisper is missing or fails."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._asr, self._transcribe, segments)
        except Exception:
            log.exception("live_transcription_failed")
            return []

    def _transcribe(self, segments: Sequence[SpeechSegment]) -> list[Word]:
        transcriber = self._transcriber()
        return transcribe_segments(transcriber, segments) if transcriber else []

    def _transcriber(self) -> WhisperTranscriber | None:
        """Whisper from the process's model cache (loaded there once, under its lock), asked
        for on each call rather than kept, so that an idle unload can free it."""
        with self._looking:
            if self._model_missing:
                return None
            try:
                model = get_whisper(LIVE_MODEL, self.model_dir, LIVE_THREADS, self.workers)
            except ModelMissingError as exc:
                # Audio is still stored and measured; only the words are missing.
                log.warning("live_transcription_unavailable", error=str(exc))
                self._model_missing = True
                return None
        return WhisperTranscriber(model, LIVE_MODEL, live=True)


def register_training_events(
    server: Any,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    settings: Settings,
    events: EventEmitter,
) -> LiveHub:
    """Handle `training.audio` on the app's Socket.IO server (see carsales/events.py)."""
    model_dir = settings.model_dir
    assert model_dir is not None  # filled in by Settings
    hub = LiveHub(
        sessionmaker,
        storage,
        model_dir,
        events,
        targets_from_settings(settings),
        settings.training_live_workers,
        configured_client(settings),
    )

    async def audio(sid: str, data: Any = None) -> dict[str, Any]:
        # A client that emits no payload (or null) calls this without `data`: refused, acked.
        ack = await hub.on_audio(data, lambda: server.get_session(sid))
        return ack.model_dump(mode="json")

    async def turn_end(sid: str, data: Any = None) -> dict[str, Any]:
        answer = await hub.on_turn_end(data, lambda: server.get_session(sid))
        return answer.model_dump(mode="json")

    server.on(AUDIO_EVENT, audio)
    server.on(TURN_END_EVENT, turn_end)
    return hub
