"""One session's live analysis in this process: voice activity, rolling measures
(`LiveAnalyzer`), coaching (`LiveCoach`) and the words of each finished speech segment.

Time is session time. A live state starts at the session's stored `live_seconds`, so a session
resumed in a fresh process (a reconnect to another API instance, a restart) goes on where it
was; only the rolling windows start empty. Each state has a task that passes its segments to
the hub's transcription in order and applies the words; segments that queued up meanwhile go
together in one call (`transcribe_segments`). Segments of different sessions never share a
call, so no word can reach another speaker."""

import asyncio
import time
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import anyio
import numpy as np
import structlog

from carsales.events import EventEmitter
from carsales.kit.schema import ApiModel
from carsales.training.live.protocol import (
    FEEDBACK_EVENT,
    METRICS_EVENT,
    TRANSCRIPT_EVENT,
    LiveTranscriptEvent,
    LiveWord,
    feedback_message,
    metrics_message,
    transcript_word,
)

# Re-exported: the hub and its tests take it from here; it lives with the recogniser (pure).
from carsales.training.speech.audio import SAMPLE_RATE
from carsales.training.speech.lexicon import tag
from carsales.training.speech.live import CONTEXT_WORDS, LiveAnalyzer, LiveCoach, LiveMetrics
from carsales.training.speech.targets import Targets
from carsales.training.speech.vad import SpeechSegment, StreamingSegmenter
from carsales.training.speech.words import Word

log = structlog.get_logger(__name__)

METRICS_INTERVAL_S = 0.25  # at most four metrics events a second per session
# Role-play: a turn ends after this much silence following speech (or on `training.turn_end`).
TURN_SILENCE_S = 0.7


@dataclass(frozen=True, slots=True)
class TurnEnd:
    """Queued after a turn's last segment: its words are all in once the segments before it are
    transcribed. Times are session time; `start` is None when nothing was said."""

    start: float | None
    end: float


@dataclass(frozen=True, slots=True)
class SpokenTurn:
    """The salesperson's turn as heard: its words (session time) and its span."""

    words: list[Word]
    start: float | None
    end: float

    @property
    def text(self) -> str:
        return "".join(w.text for w in self.words).strip()


class Host(Protocol):
    """What a live state needs of the hub that holds it."""

    @property
    def targets(self) -> Targets: ...

    @property
    def events(self) -> EventEmitter: ...

    async def transcribe(self, segments: Sequence[SpeechSegment]) -> list[Word]: ...

    def spawn(self, work: Coroutine[Any, Any, None]) -> None: ...

    async def answer(self, state: "LiveState", turn: SpokenTurn) -> float | None:
        """The role-play customer's reply to `turn`: the session time until which the
        microphone is not listened to, or None when the conversation is over."""


class LiveState:
    """One session's live analysis in this process. Session time is `base_s` plus the audio
    fed since the state began; the analyzers count from 0, so times are shifted when sent."""

    def __init__(
        self,
        hub: Host,
        segmenter: StreamingSegmenter,
        session_id: str,
        user_id: str,
        dealership_id: str,
        base_s: float,
        next_seq: int,
        roleplay_until: float | None = None,
    ) -> None:
        """`roleplay_until`: a role-play session, and the session time until which the
        microphone is not listened to (while the customer speaks); None: solo practice or a
        conversation that is over."""
        self.hub = hub
        self.session_id = session_id
        self.user_id = user_id
        self.dealership_id = dealership_id
        self.roleplay = roleplay_until is not None
        self.ignore_until = roleplay_until or 0.0
        self._turn_start: float | None = None  # analyzer time of the turn's first segment
        self._turn_heard = 0.0  # analyzer time of the end of its last segment
        self._turn_words: list[Word] = []
        self.base_s = base_s
        self.next_seq = next_seq
        self.last_chunk = time.monotonic()
        self.segmenter = segmenter
        self._feeding = False  # a chunk is in the voice detector, on a worker thread
        self._closed = False
        self.analyzer = LiveAnalyzer(hub.targets)
        self.coach = LiveCoach(hub.targets)
        self.talk_s = 0.0
        self.word_count = 0
        self._context: list[Word] = []  # the last words, for the filler rules of the next ones
        self._last_metrics = float("-inf")
        self._metrics_timer: asyncio.TimerHandle | None = None
        self._segments: asyncio.Queue[SpeechSegment | TurnEnd | None] = asyncio.Queue()
        # Held so that the task is not garbage-collected; it ends after close().
        self._transcribing = asyncio.create_task(self._transcribe_segments())

    @property
    def now(self) -> float:
        """Session time of the end of the audio taken."""
        return self.base_s + self.segmenter.position

    def _muted(self, samples: np.ndarray) -> np.ndarray:
        """The chunk with the part before `ignore_until` silenced: while the customer speaks
        (and while their reply is on its way) the microphone is stored but not listened to, so
        the customer's voice is never taken for the salesperson's. Silence, not nothing, so that
        the analyzers' clocks stay session time."""
        if not self.roleplay or self.ignore_until <= self.now:
            return samples
        muted = samples.copy()
        ignored = (self.ignore_until - self.now) * SAMPLE_RATE
        muted[: len(samples) if ignored >= len(samples) else round(ignored)] = 0.0
        return muted

    async def take(self, samples: np.ndarray) -> None:
        self.last_chunk = time.monotonic()
        self.next_seq += 1
        samples = self._muted(samples)
        # Off the event loop: the voice detector's model runs on every 32 ms of audio.
        self._feeding = True
        try:
            segments = await anyio.to_thread.run_sync(self.segmenter.feed, samples)
        finally:
            self._feeding = False
            if self._closed:  # closed meanwhile: the detector was left to this feed to hand on
                self.segmenter.close()
        speaking = self.segmenter.in_speech or bool(segments)
        self.analyzer.add_audio(samples, speaking)
        if speaking:
            self.talk_s += len(samples) / SAMPLE_RATE
        for segment in segments:
            self._segments.put_nowait(segment)
            if self.roleplay:
                if self._turn_start is None:
                    self._turn_start = segment.span.start
                self._turn_heard = segment.span.end
        silent_for = self.segmenter.position - self._turn_heard
        if (
            self._turn_start is not None
            and not self.segmenter.in_speech
            and silent_for >= TURN_SILENCE_S
        ):
            self.end_turn()
        await self._publish()

    def end_turn(self) -> bool:
        """End the salesperson's turn (after TURN_SILENCE_S of silence, or when the client says
        so): the customer answers once its words are in. False when no turn is open (solo
        practice, the customer speaking or the conversation over)."""
        if not self.roleplay or self.ignore_until > self.now:
            return False
        for segment in self.segmenter.flush():  # the client's end cuts a segment short
            self._segments.put_nowait(segment)
            self._turn_start = segment.span.start if self._turn_start is None else self._turn_start
            self._turn_heard = segment.span.end
        start = None if self._turn_start is None else self.base_s + self._turn_start
        self._segments.put_nowait(TurnEnd(start, self.base_s + self._turn_heard))
        # Not listened to until the reply is out: then until the customer has said it.
        self.ignore_until = float("inf")
        self._turn_start = None
        return True

    def close(self) -> None:
        """Stop taking audio; segments already queued are still transcribed and sent."""
        if self._metrics_timer is not None:
            self._metrics_timer.cancel()
            self._metrics_timer = None
        self._closed = True
        if not self._feeding:  # else the feed hands the detector on when it is done with it
            self.segmenter.close()
        self._segments.put_nowait(None)

    async def _transcribe_segments(self) -> None:
        closing = False
        while not closing and (first := await self._segments.get()) is not None:
            # Segments that queued up while the transcriber was busy go in one call.
            queued = [first]
            while not self._segments.empty():
                more = self._segments.get_nowait()
                if more is None:
                    closing = True
                    break
                queued.append(more)
            batch: list[SpeechSegment] = []
            for item in queued:
                if isinstance(item, SpeechSegment):
                    batch.append(item)
                    continue
                await self._transcribe(batch)
                batch = []
                await self._answer(item)
            await self._transcribe(batch)

    async def _transcribe(self, batch: list[SpeechSegment]) -> None:
        if not batch:
            return
        try:
            await self._add_words(await self.hub.transcribe(batch))
        except Exception:
            # A lost event must not stop the session's later segments.
            log.exception("live_words_failed", session_id=self.session_id)

    async def _answer(self, end: TurnEnd) -> None:
        words = [
            Word(w.text, self.base_s + w.start, self.base_s + w.end, w.probability)
            for w in self._turn_words
        ]
        self._turn_words = []
        try:
            until = await self.hub.answer(self, SpokenTurn(words, end.start, end.end))
        except Exception:
            # The customer is silent this once; the salesperson's next turn gets an answer.
            log.exception("roleplay_answer_failed", session_id=self.session_id)
            until = self.now
        self.roleplay = until is not None
        self.ignore_until = until or 0.0
        self._turn_heard = self.segmenter.position

    async def _add_words(self, words: list[Word]) -> None:
        if not words:
            return
        self.analyzer.add_words(words)
        self.word_count += len(words)
        if self.roleplay:
            self._turn_words += words
        transcript = LiveTranscriptEvent(session_id=self.session_id, words=self._transcript(words))
        await self._emit(TRANSCRIPT_EVENT, transcript)
        await self._publish()

    def _transcript(self, words: list[Word]) -> list[LiveWord]:
        context = self._context
        tags = tag([*context, *words])
        kinds = {i - len(context): f.kind for f in tags.fillers for i in range(f.first, f.last + 1)}
        self._context = [*context, *words][-CONTEXT_WORDS:]
        return [transcript_word(w, self.base_s, kinds.get(i)) for i, w in enumerate(words)]

    async def _publish(self) -> None:
        """Coaching as soon as it is due; metrics at most every METRICS_INTERVAL_S, the latest
        state always sent (a trailing send when this one is throttled)."""
        metrics = self.analyzer.metrics()
        for item in self.coach.check(metrics):
            await self._emit(FEEDBACK_EVENT, feedback_message(self.session_id, item, self.base_s))
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
        message = metrics_message(self.session_id, m, self.base_s, self.talk_s, self.word_count)
        await self._emit(METRICS_EVENT, message)

    async def _emit(self, event: str, message: ApiModel) -> None:
        await self.hub.events.to_user(self.user_id, event, message.model_dump(mode="json"))
