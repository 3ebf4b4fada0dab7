"""A live state feeds its voice detector on a worker thread; a state closed meanwhile (the
idle sweep, a session completed elsewhere) hands the detector's model on only once that feed
is done with it, never to a new session while it still runs."""

import asyncio
import threading
from collections.abc import Coroutine, Sequence
from typing import Any

import numpy as np

from carsales.training.live.state import LiveState
from carsales.training.speech.targets import Targets
from carsales.training.speech.vad import SpeechSegment, StreamingSegmenter
from carsales.training.speech.words import Word


class Events:
    async def to_user(self, user_id: str, event: str, payload: dict[str, Any]) -> None:
        return None


class QuietHost:
    targets = Targets()
    events = Events()

    async def transcribe(self, segments: Sequence[SpeechSegment]) -> list[Word]:
        return []

    def spawn(self, work: Coroutine[Any, Any, None]) -> None:
        work.close()

    async def answer(self, state: LiveState, turn: object) -> float | None:
        return None


class HeldSegmenter(StreamingSegmenter):
    """Feeds only once released, and tells when the detector is handed on."""

    def __init__(self) -> None:
        super().__init__()
        self.feeding, self.release = threading.Event(), threading.Event()
        self.closed_while_feeding: bool | None = None

    def feed(self, chunk: np.ndarray) -> list[SpeechSegment]:
        self.feeding.set()
        self.release.wait(5)
        return super().feed(chunk)

    def close(self) -> None:
        self.closed_while_feeding = self.feeding.is_set() and not self.release.is_set()
        super().close()


async def test_a_state_closed_during_a_feed_hands_its_detector_on_after_it() -> None:
    segmenter = HeldSegmenter()
    state = LiveState(QuietHost(), segmenter, "s1", "u1", "d1", 0.0, 0)  # type: ignore[arg-type]
    taking = asyncio.create_task(state.take(np.zeros(4000, np.float32)))
    await asyncio.to_thread(segmenter.feeding.wait, 5)
    state.close()
    assert segmenter.closed_while_feeding is None  # not yet: the feed still holds it
    segmenter.release.set()
    await taking
    assert segmenter.closed_while_feeding is False  # handed on once the feed was done
