"""Live training audio over Socket.IO (protocol: docs/training-live.md).

`training.audio` carries one numbered chunk of PCM16. A chunk is stored, and counted in the
session row, before it is acknowledged; the count moves with an UPDATE that only matches while
`live_parts` equals the chunk's seq, so two deliveries of one chunk can never both count. The
client keeps every unacknowledged chunk and resends it after a reconnect, so a dropped
connection loses nothing.

Then the chunk feeds the session's live state, in this process: voice activity, rolling measures
(`LiveAnalyzer`) and coaching (`LiveCoach`). Each finished speech segment is transcribed by
Whisper tiny.en on two worker threads per process (faster-whisper is CPU-bound). Each session
has a task that passes its segments to the workers in order and applies the words; segments that
queued up meanwhile go together in one call (`transcribe_segments`). Segments of different
sessions never share a call, so no word can reach another speaker.

Time is session time. A live state starts at the session's stored `live_seconds`, so a session
resumed in a fresh process (a reconnect to another API instance, a restart) goes on where it
was; only the rolling windows start empty. A state that is handed a chunk other than the one it
expects (the session went on in another process meanwhile) is rebuilt the same way.
"""

import asyncio
import bisect
import threading
import time
import weakref
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import structlog
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.ai.registry import ModelMissingError
from carsales.ai.whisper import get_whisper
from carsales.config import Settings
from carsales.events import EventEmitter
from carsales.models import SessionStatus, TrainingSession, User
from carsales.models.base import ID_LENGTH
from carsales.storage import Storage
from carsales.training.recording import store_part
from carsales.training.speech.asr import WhisperTranscriber
from carsales.training.speech.audio import SAMPLE_RATE, from_pcm16
from carsales.training.speech.feedback import FeedbackItem
from carsales.training.speech.lexicon import tag
from carsales.training.speech.live import CONTEXT_WORDS, LiveAnalyzer, LiveCoach, LiveMetrics
from carsales.training.speech.targets import Targets
from carsales.training.speech.vad import SpeechSegment, StreamingSegmenter
from carsales.training.speech.words import Span, Word
from carsales.training.targets import targets_from_settings

log = structlog.get_logger(__name__)

AUDIO_EVENT = "training.audio"
METRICS_EVENT = "training.metrics"
TRANSCRIPT_EVENT = "training.transcript"
FEEDBACK_EVENT = "training.feedback"
MAX_CHUNK_BYTES = 32_000  # 1 s of PCM16 at 16 kHz
LIVE_MODEL = "tiny.en"
# One core per transcription: tiny.en was no faster on two (1.25 s against 1.38 s median per
# segment on this 2-core machine). Several run at once (CARSALES_TRAINING_LIVE_WORKERS), so that
# with several people speaking one session's segment does not wait for another's.
LIVE_THREADS = 1
JOIN_GAP_S = 0.3  # silence between segments transcribed together
METRICS_INTERVAL_S = 0.25  # at most four metrics events a second per session
IDLE_S = 180.0  # a live state without a chunk for this long is dropped
SWEEP_S = 30.0


# What carsales/events.py saves in a socket's session when it connects.
Owner = dict[str, str]


class Refusal(Exception):
    """A chunk that is not taken; `error` is a stable code the client acts on."""

    def __init__(self, error: str, message: str, expected: int | None = None) -> None:
        super().__init__(message)
        self.error = error
        self.message = message
        self.expected = expected

    def ack(self) -> dict[str, Any]:
        answer: dict[str, Any] = {"ok": False, "error": self.error, "message": self.message}
        if self.expected is not None:
            answer["expected"] = self.expected
        return answer


def _accepted(stored: int, seconds: float) -> dict[str, Any]:
    return {"ok": True, "stored": stored, "seconds": round(seconds, 3)}


@dataclass(frozen=True, slots=True)
class Chunk:
    session_id: str
    seq: int
    pcm: bytes

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / SAMPLE_RATE


def parse_chunk(data: Any) -> Chunk:
    if not isinstance(data, dict):
        raise Refusal("invalid", "Expected {sessionId, seq, audio}.")
    session_id, seq, audio = data.get("sessionId"), data.get("seq"), data.get("audio")
    if not isinstance(session_id, str) or not 0 < len(session_id) <= ID_LENGTH:
        raise Refusal("invalid", "sessionId must be a training session's id.")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise Refusal("invalid", "seq must be a whole number from 0.")
    if not isinstance(audio, bytes) or not audio or len(audio) > MAX_CHUNK_BYTES or len(audio) % 2:
        raise Refusal(
            "invalid", f"audio must be 16 kHz mono PCM16, 2 to {MAX_CHUNK_BYTES} bytes (1 s)."
        )
    return Chunk(session_id, seq, audio)


def transcribe_segments(
    transcriber: WhisperTranscriber, segments: Sequence[SpeechSegment]
) -> list[Word]:
    """The words of live segments, in their time, from one Whisper call over their audio laid end
    to end (with a short silence between, as spoken). Whisper encodes a 30 s window whatever the
    audio's length, so segments that queued up behind a busy transcriber cost together little
    more than one alone: under load, latency stays bounded instead of growing with the queue."""
    gap = np.zeros(round(JOIN_GAP_S * SAMPLE_RATE), np.float32)
    starts: list[float] = []  # of each segment in the joined audio
    pieces: list[Span] = []
    audio: list[np.ndarray] = []
    at = 0  # samples laid so far
    for segment in segments:
        if audio:
            audio.append(gap)
            at += len(gap)
        starts.append(at / SAMPLE_RATE)
        pieces.append(Span(at / SAMPLE_RATE, (at + len(segment.samples)) / SAMPLE_RATE))
        audio.append(segment.samples)
        at += len(segment.samples)
    joined = transcriber.transcribe(np.concatenate(audio), pieces)
    words = []
    for word in joined.words:
        index = max(0, bisect.bisect_right(starts, word.midpoint) - 1)
        offset = segments[index].span.start - starts[index]
        words.append(Word(word.text, word.start + offset, word.end + offset, word.probability))
    return words


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


class LiveState:
    """One session's live analysis in this process. Session time is `base_s` plus the audio
    fed since the state began; the analyzers count from 0, so times are shifted when sent."""

    def __init__(
        self, hub: "LiveHub", session_id: str, user_id: str, base_s: float, next_seq: int
    ) -> None:
        self.hub = hub
        self.session_id = session_id
        self.user_id = user_id
        self.base_s = base_s
        self.next_seq = next_seq
        self.last_chunk = time.monotonic()
        self.segmenter = StreamingSegmenter()
        self.analyzer = LiveAnalyzer(hub.targets)
        self.coach = LiveCoach(hub.targets)
        self.talk_s = 0.0
        self.word_count = 0
        self._context: list[Word] = []  # the last words, for the filler rules of the next ones
        self._last_metrics = float("-inf")
        self._metrics_timer: asyncio.TimerHandle | None = None
        self._segments: asyncio.Queue[SpeechSegment | None] = asyncio.Queue()
        # Held so that the task is not garbage-collected; it ends after close().
        self._transcribing = asyncio.create_task(self._transcribe_segments())

    async def take(self, samples: np.ndarray) -> None:
        self.last_chunk = time.monotonic()
        self.next_seq += 1
        segments = self.segmenter.feed(samples)
        speaking = self.segmenter.in_speech or bool(segments)
        self.analyzer.add_audio(samples, speaking)
        if speaking:
            self.talk_s += len(samples) / SAMPLE_RATE
        for segment in segments:
            self._segments.put_nowait(segment)
        await self._publish()

    def close(self) -> None:
        """Stop taking audio; segments already queued are still transcribed and sent."""
        if self._metrics_timer is not None:
            self._metrics_timer.cancel()
            self._metrics_timer = None
        self._segments.put_nowait(None)

    async def _transcribe_segments(self) -> None:
        closing = False
        while not closing and (segment := await self._segments.get()) is not None:
            # Segments that queued up while the transcriber was busy go in one call.
            batch = [segment]
            while not self._segments.empty():
                more = self._segments.get_nowait()
                if more is None:
                    closing = True
                    break
                batch.append(more)
            try:
                await self._add_words(await self.hub.transcribe(batch))
            except Exception:
                # A lost event must not stop the session's later segments.
                log.exception("live_words_failed", session_id=self.session_id)

    async def _add_words(self, words: list[Word]) -> None:
        if not words:
            return
        self.analyzer.add_words(words)
        self.word_count += len(words)
        await self._emit(TRANSCRIPT_EVENT, {"words": self._transcript(words)})
        await self._publish()

    def _transcript(self, words: list[Word]) -> list[dict[str, Any]]:
        context = self._context
        tags = tag([*context, *words])
        kinds = {i - len(context): f.kind for f in tags.fillers for i in range(f.first, f.last + 1)}
        self._context = [*context, *words][-CONTEXT_WORDS:]
        return [
            {
                "word": w.text.strip(),
                "start": round(self.base_s + w.start, 3),
                "end": round(self.base_s + w.end, 3),
                "probability": round(w.probability, 3),
                "filler": kinds.get(i),
            }
            for i, w in enumerate(words)
        ]

    async def _publish(self) -> None:
        """Coaching as soon as it is due; metrics at most every METRICS_INTERVAL_S, the latest
        state always sent (a trailing send when this one is throttled)."""
        metrics = self.analyzer.metrics()
        for item in self.coach.check(metrics):
            await self._emit(FEEDBACK_EVENT, self._feedback(item))
        wait = self._last_metrics + METRICS_INTERVAL_S - time.monotonic()
        if wait <= 0:
            await self._send_metrics(metrics)
        elif self._metrics_timer is None:
            self._metrics_timer = asyncio.get_running_loop().call_later(wait, self._metrics_due)

    def _metrics_due(self) -> None:
        self._metrics_timer = None
        self.hub.spawn(self._send_metrics(self.analyzer.metrics()))

    async def _send_metrics(self, m: LiveMetrics) -> None:
        self._last_metrics = time.monotonic()
        await self._emit(
            METRICS_EVENT,
            {
                "timeS": round(self.base_s + m.time_s, 3),
                "speaking": m.speaking,
                "wordsPerMinute": _round(m.words_per_minute, 1),
                "fillersLastMinute": m.fillers_last_minute,
                "monologueS": round(m.monologue_s, 1),
                "levelDbfs": _round(m.level_dbfs, 1),
                "speechDbfs": _round(m.speech_dbfs, 1),
                "clippingEvents": m.clipping_events,
                "talkTimeS": round(self.talk_s, 2),
                "wordCount": self.word_count,
            },
        )

    def _feedback(self, item: FeedbackItem) -> dict[str, Any]:
        return {
            "timestamp": round(self.base_s + item.timestamp, 3),
            "type": item.type.value,
            "message": item.message,
            "severity": item.severity.value,
            "rule": item.rule,
        }

    async def _emit(self, event: str, data: dict[str, Any]) -> None:
        await self.hub.events.to_user(self.user_id, event, {"sessionId": self.session_id, **data})


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
    ) -> None:
        self.sessionmaker = sessionmaker
        self.storage = storage
        self.model_dir = model_dir
        self.targets = targets
        self.events = events
        self.states: dict[str, LiveState] = {}
        # python-socketio runs each event in its own task: one lock per session keeps its
        # chunks in arrival order. Weak values: a lock lives only while a chunk holds it.
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self.workers = workers
        self._asr = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="live-asr")
        self._transcriber: WhisperTranscriber | None = None  # loaded on an ASR thread
        self._loading = threading.Lock()
        self._model_missing = False
        self._sweeper: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def on_audio(self, data: Any, owner: Callable[[], Awaitable[Owner]]) -> dict[str, Any]:
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
            return Refusal("unavailable", "The chunk could not be stored; send it again.").ack()

    async def _take(self, user_id: str, dealership_id: str, chunk: Chunk) -> dict[str, Any]:
        async with self.sessionmaker() as db:
            row = await db.scalar(
                select(TrainingSession)
                .join(User, User.id == TrainingSession.user_id)
                .where(
                    TrainingSession.id == chunk.session_id,
                    TrainingSession.dealership_id == dealership_id,
                    TrainingSession.user_id == user_id,
                    User.is_active,
                )
            )
            if row is None:
                raise Refusal("not_found", "No such training session.")
            if row.status != SessionStatus.active:
                self.drop(row.id)
                raise Refusal("not_active", f"The session is {row.status.value}.")
            if chunk.seq < row.live_parts:  # a resend of a stored chunk
                return _accepted(row.live_parts, row.live_seconds)
            if chunk.seq > row.live_parts:
                raise Refusal("gap", "Chunks are missing before this one.", row.live_parts)
            started_at = row.live_seconds
            await store_part(self.storage, row, chunk.seq, chunk.pcm)
            seconds = await db.scalar(
                update(TrainingSession)
                .where(
                    TrainingSession.id == row.id,
                    TrainingSession.live_parts == chunk.seq,
                    TrainingSession.status == SessionStatus.active,
                )
                .values(
                    live_parts=chunk.seq + 1,
                    live_seconds=TrainingSession.live_seconds + chunk.seconds,
                )
                .returning(TrainingSession.live_seconds)
            )
            await db.commit()
        if seconds is None:
            # Another delivery of this chunk counted first, or the session stopped meanwhile:
            # a resend is then judged by the rules above.
            raise Refusal("retry", "The session changed meanwhile; send the chunk again.")
        try:
            state = self._state(row, chunk.seq, started_at)
            await state.take(from_pcm16(chunk.pcm))
        except Exception:
            # The audio is stored: the live view must not cost the speaker their recording.
            log.exception("live_analysis_failed", session_id=row.id)
            self.drop(row.id)
        return _accepted(chunk.seq + 1, seconds)

    def _state(self, row: TrainingSession, seq: int, started_at: float) -> LiveState:
        state = self.states.get(row.id)
        if state is not None and state.next_seq == seq:
            return state
        self.drop(row.id)
        state = self.states[row.id] = LiveState(self, row.id, row.user_id, started_at, seq)
        if self._transcriber is None and not self._model_missing:
            self._asr.submit(self._load_transcriber)  # loads while the first segment is spoken
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
            active = set(
                await db.scalars(
                    select(TrainingSession.id).where(
                        TrainingSession.id.in_(list(self.states)),
                        TrainingSession.status == SessionStatus.active,
                    )
                )
            )
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
        transcriber = self._load_transcriber()
        return transcribe_segments(transcriber, segments) if transcriber else []

    def _load_transcriber(self) -> WhisperTranscriber | None:
        with self._loading:
            if self._transcriber is None and not self._model_missing:
                try:
                    model = get_whisper(LIVE_MODEL, self.model_dir, LIVE_THREADS, self.workers)
                except ModelMissingError as exc:
                    # Audio is still stored and measured; only the words are missing.
                    log.warning("live_transcription_unavailable", error=str(exc))
                    self._model_missing = True
                else:
                    self._transcriber = WhisperTranscriber(model, LIVE_MODEL, live=True)
            return self._transcriber


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
    )

    async def audio(sid: str, data: Any) -> dict[str, Any]:
        return await hub.on_audio(data, lambda: server.get_session(sid))

    server.on(AUDIO_EVENT, audio)
    return hub
