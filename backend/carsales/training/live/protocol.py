"""The live-training wire protocol over Socket.IO (docs/training-live.md): the events, the chunk
a client sends, the acknowledgement it gets, and the messages sent back to the speaker.

`training.audio` carries one numbered chunk of PCM16. A chunk is stored, and counted in the
session row, before it is acknowledged; two deliveries of one chunk can never both count. The
client keeps every unacknowledged chunk and resends it after a reconnect, so a dropped
connection loses nothing. Times in the messages are session time, in seconds."""

from dataclasses import dataclass
from typing import Any

from carsales.models.base import ID_LENGTH
from carsales.training.speech.audio import SAMPLE_RATE
from carsales.training.speech.feedback import FeedbackItem
from carsales.training.speech.lexicon import FillerKind
from carsales.training.speech.live import LiveMetrics
from carsales.training.speech.words import Word

AUDIO_EVENT = "training.audio"
METRICS_EVENT = "training.metrics"
TRANSCRIPT_EVENT = "training.transcript"
FEEDBACK_EVENT = "training.feedback"
MAX_CHUNK_BYTES = 32_000  # 1 s of PCM16 at 16 kHz

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


def accepted(stored: int, seconds: float) -> dict[str, Any]:
    """The acknowledgement of a stored chunk: how many are stored, and their length."""
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


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def transcript_word(word: Word, base_s: float, filler: FillerKind | None) -> dict[str, Any]:
    """One word of a `training.transcript` message; `base_s` shifts analyzer time to session
    time."""
    return {
        "word": word.text.strip(),
        "start": round(base_s + word.start, 3),
        "end": round(base_s + word.end, 3),
        "probability": round(word.probability, 3),
        "filler": filler,
    }


def metrics_message(
    m: LiveMetrics, base_s: float, talk_s: float, word_count: int
) -> dict[str, Any]:
    """A `training.metrics` message (without its sessionId)."""
    return {
        "timeS": round(base_s + m.time_s, 3),
        "speaking": m.speaking,
        "wordsPerMinute": _round(m.words_per_minute, 1),
        "fillersLastMinute": m.fillers_last_minute,
        "monologueS": round(m.monologue_s, 1),
        "levelDbfs": _round(m.level_dbfs, 1),
        "speechDbfs": _round(m.speech_dbfs, 1),
        "clippingEvents": m.clipping_events,
        "talkTimeS": round(talk_s, 2),
        "wordCount": word_count,
    }


def feedback_message(item: FeedbackItem, base_s: float) -> dict[str, Any]:
    """A `training.feedback` message (without its sessionId)."""
    return {
        "timestamp": round(base_s + item.timestamp, 3),
        "type": item.type.value,
        "message": item.message,
        "severity": item.severity.value,
        "rule": item.rule,
    }
