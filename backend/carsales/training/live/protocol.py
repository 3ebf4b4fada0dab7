"""The live-training wire protocol over Socket.IO (docs/training-live.md): the events, the chunk
a client sends, the acknowledgement it gets, and the messages sent back to the speaker.

`training.audio` carries one numbered chunk of PCM16. A chunk is stored, and counted in the
session row, before it is acknowledged; two deliveries of one chunk can never both count. The
client keeps every unacknowledged chunk and resends it after a reconnect, so a dropped
connection loses nothing. Times in the messages are session time, in seconds."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field

from carsales.kit.schema import ApiModel
from carsales.models.base import ID_LENGTH
from carsales.training.speech.audio import SAMPLE_RATE
from carsales.training.speech.feedback import FeedbackItem, FeedbackType, Severity
from carsales.training.speech.lexicon import FillerKind
from carsales.training.speech.live import LiveMetrics
from carsales.training.speech.words import Word

AUDIO_EVENT = "training.audio"
METRICS_EVENT = "training.metrics"
TRANSCRIPT_EVENT = "training.transcript"
FEEDBACK_EVENT = "training.feedback"
TURN_END_EVENT = "training.turn_end"  # client -> server: the salesperson's turn is over
CUSTOMER_EVENT = "training.customer"  # server -> client: the role-play customer's reply
MAX_CHUNK_BYTES = 32_000  # 1 s of PCM16 at 16 kHz

# What carsales/events.py saves in a socket's session when it connects.
Owner = dict[str, str]


class AudioRefusal(StrEnum):
    """Why a `training.audio` chunk was not taken; the client acts on it."""

    invalid = "invalid"  # not a chunk: fix the client, do not resend
    not_found = "not_found"  # no such session of this user
    not_active = "not_active"  # paused or ended
    gap = "gap"  # chunks are missing before this one: resend from `expected`
    retry = "retry"  # the session changed meanwhile: send it again
    unavailable = "unavailable"  # storage or database trouble: send it again


class AudioAccepted(ApiModel):
    """The acknowledgement of a stored `training.audio` chunk (also of a resent one)."""

    ok: Literal[True] = Field(description="Always true here")
    stored: int = Field(description="How many chunks of the session are stored")
    seconds: float = Field(description="Their length in seconds")


class AudioRefused(ApiModel):
    """The acknowledgement of a `training.audio` chunk that was not taken."""

    ok: Literal[False] = Field(description="Always false here")
    error: AudioRefusal
    message: str
    expected: int | None = Field(description="`gap`: the seq the server expects next")


class Refusal(Exception):
    """A chunk that is not taken; `error` is a stable code the client acts on."""

    def __init__(self, error: AudioRefusal, message: str, expected: int | None = None) -> None:
        super().__init__(message)
        self.error = error
        self.message = message
        self.expected = expected

    def ack(self) -> AudioRefused:
        return AudioRefused(
            ok=False, error=self.error, message=self.message, expected=self.expected
        )


def accepted(stored: int, seconds: float) -> AudioAccepted:
    """The acknowledgement of a stored chunk: how many are stored, and their length."""
    return AudioAccepted(ok=True, stored=stored, seconds=round(seconds, 3))


class LiveWord(ApiModel):
    """One word heard live; times are session time in seconds."""

    word: str
    start: float
    end: float
    probability: float
    filler: FillerKind | None = Field(description="The kind of filler the word is part of")


class LiveTranscriptEvent(ApiModel):
    """`training.transcript`: the words of a speech segment, once it is transcribed."""

    session_id: str
    words: list[LiveWord]


class LiveMetricsEvent(ApiModel):
    """`training.metrics`: the live measures, at most four times a second."""

    session_id: str
    time_s: float
    speaking: bool
    words_per_minute: float | None = Field(
        description="Over the last 30 s of words, as the report's pace timeline; from 2 s of talk"
    )
    fillers_last_minute: int
    monologue_s: float = Field(description="The monologue in progress; 0 once the turn passed")
    level_dbfs: float | None = Field(description="The last 0.3 s, for a level meter")
    speech_dbfs: float | None = Field(description="Voice-active audio in the last 10 s")
    clipping_events: int = Field(description="In the last 10 s")
    talk_time_s: float
    word_count: int


class LiveFeedbackEvent(ApiModel):
    """`training.feedback`: a coaching item, as soon as it is due."""

    session_id: str
    timestamp: float
    type: FeedbackType
    message: str
    severity: Severity
    rule: str = Field(description="The rule that produced it (pace, fillers, ...)")


class CustomerEvent(ApiModel):
    """`training.customer`: the role-play customer's reply to the salesperson's turn that just
    ended (docs/training-live.md, Role-play)."""

    session_id: str
    turn: int = Field(description="The reply's index in the session's `turns`")
    text: str
    audio_url: str | None = Field(
        description="GET (authenticated): the reply as WAV; null when the server cannot speak"
    )
    duration_s: float = Field(description="How long the reply plays (estimated without audio)")
    start: float = Field(
        description="Session time when it was sent: the server ignores the "
        "microphone from the end of the turn until start + durationS + 0.5 s"
    )
    final: bool = Field(description="The conversation is over")
    outcome: Literal["agreed", "walked_away"] | None = Field(description="When final")


class TurnEndAnswer(ApiModel):
    """The acknowledgement of `training.turn_end`."""

    ok: bool
    message: str | None = Field(description="Why the turn was not ended, when ok is false")


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
        raise Refusal(AudioRefusal.invalid, "Expected {sessionId, seq, audio}.")
    session_id, seq, audio = data.get("sessionId"), data.get("seq"), data.get("audio")
    if not isinstance(session_id, str) or not 0 < len(session_id) <= ID_LENGTH:
        raise Refusal(AudioRefusal.invalid, "sessionId must be a training session's id.")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise Refusal(AudioRefusal.invalid, "seq must be a whole number from 0.")
    if not isinstance(audio, bytes) or not audio or len(audio) > MAX_CHUNK_BYTES or len(audio) % 2:
        raise Refusal(
            AudioRefusal.invalid,
            f"audio must be 16 kHz mono PCM16, 2 to {MAX_CHUNK_BYTES} bytes (1 s).",
        )
    return Chunk(session_id, seq, audio)


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def transcript_word(word: Word, base_s: float, filler: FillerKind | None) -> LiveWord:
    """One word of a `training.transcript` message; `base_s` shifts analyzer time to session
    time."""
    return LiveWord(
        word=word.text.strip(),
        start=round(base_s + word.start, 3),
        end=round(base_s + word.end, 3),
        probability=round(word.probability, 3),
        filler=filler,
    )


def metrics_message(
    session_id: str, m: LiveMetrics, base_s: float, talk_s: float, word_count: int
) -> LiveMetricsEvent:
    return LiveMetricsEvent(
        session_id=session_id,
        time_s=round(base_s + m.time_s, 3),
        speaking=m.speaking,
        words_per_minute=_round(m.words_per_minute, 1),
        fillers_last_minute=m.fillers_last_minute,
        monologue_s=round(m.monologue_s, 1),
        level_dbfs=_round(m.level_dbfs, 1),
        speech_dbfs=_round(m.speech_dbfs, 1),
        clipping_events=m.clipping_events,
        talk_time_s=round(talk_s, 2),
        word_count=word_count,
    )


def feedback_message(session_id: str, item: FeedbackItem, base_s: float) -> LiveFeedbackEvent:
    return LiveFeedbackEvent(
        session_id=session_id,
        timestamp=round(base_s + item.timestamp, 3),
        type=item.type,
        message=item.message,
        severity=item.severity,
        rule=item.rule,
    )


LIVE_EVENTS: dict[str, type[ApiModel]] = {
    TRANSCRIPT_EVENT: LiveTranscriptEvent,
    METRICS_EVENT: LiveMetricsEvent,
    FEEDBACK_EVENT: LiveFeedbackEvent,
    CUSTOMER_EVENT: CustomerEvent,
}
"""The events sent to the speaker's room, by name, for the OpenAPI document."""
