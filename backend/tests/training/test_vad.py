import numpy as np
import pytest

from carsales.training.speech.audio import SAMPLE_RATE
from carsales.training.speech.tts import synthesize
from carsales.training.speech.vad import (
    SpeechTracker,
    StreamingSegmenter,
    VadSettings,
    detect_speech,
    pad_and_merge,
)
from carsales.training.speech.words import Span
from tests.training.conftest import tone

W = 0.032  # Silero's window at 16 kHz


def track(probabilities: list[float], settings: VadSettings | None = None) -> list[Span]:
    tracker = SpeechTracker(W, settings or VadSettings())
    spans = [s for p in probabilities if (s := tracker.push(p))]
    last = tracker.finish()
    return [*spans, last] if last else spans


def test_tracker_hysteresis_min_speech_and_min_silence() -> None:
    probabilities = (
        [0.1] * 10  # silence
        + [0.9] * 20  # speech from window 10
        + [0.4] * 3  # between the thresholds: still speech
        + [0.9] * 20
        + [0.0] * 15  # 0.48 s of silence from window 53 ends it
        + [0.9] * 3  # 0.096 s: a click, dropped
        + [0.0] * 15
        + [0.9] * 10  # speech to the end
    )
    spans = track(probabilities)
    assert [(round(s.start / W), round(s.end / W)) for s in spans] == [(10, 53), (86, 96)]


def test_tracker_bridges_short_silences_and_cuts_long_speech() -> None:
    assert len(track([0.9] * 20 + [0.0] * 5 + [0.9] * 20)) == 1  # 0.16 s gap < 0.3 s
    spans = track([0.9] * 1000, VadSettings(max_span_s=10.0))
    assert [round(s.duration, 3) for s in spans] == [10.016, 10.016, 10.016, 1.952]


def test_pad_and_merge() -> None:
    spans = [Span(0.1, 1.0), Span(1.5, 2.0), Span(5.0, 5.9)]
    assert pad_and_merge(spans, 0.2, 0.5, 6.0) == [Span(0.0, 2.2), Span(4.8, 6.0)]


@pytest.mark.parametrize(
    "audio",
    [
        np.zeros(3 * SAMPLE_RATE, np.float32),
        (np.random.default_rng(1).standard_normal(3 * SAMPLE_RATE) * 0.05).astype(np.float32),
        tone(440, 3.0),
        tone(120, 3.0),
    ],
    ids=["silence", "white-noise", "tone-440", "tone-120"],
)
def test_no_speech_in_silence_noise_or_tones(audio: np.ndarray) -> None:
    assert detect_speech(audio) == []


@pytest.fixture
def two_sentences(espeak: None) -> np.ndarray:
    gap = np.zeros(2 * SAMPLE_RATE, np.float32)
    return np.concatenate(
        [gap, synthesize("Hello, this car is ready."), gap, synthesize("Shall we go?"), gap]
    )


def test_detects_synthetic_speech_and_streams_the_same_segments(two_sentences: np.ndarray) -> None:
    spans = detect_speech(two_sentences)
    assert len(spans) == 2 and spans[0].start == pytest.approx(2.0, abs=0.15)
    assert 2.0 <= spans[1].start - spans[0].end <= 3.0  # espeak-ng pads each sentence
    segmenter = StreamingSegmenter()
    streamed = []
    for first in range(0, len(two_sentences), 1600):
        streamed += segmenter.feed(two_sentences[first : first + 1600])
    streamed += segmenter.flush()
    assert [(s.span.start, s.span.end) for s in streamed] == [(s.start, s.end) for s in spans]
    for segment in streamed:
        assert len(segment.samples) == pytest.approx(segment.span.duration * SAMPLE_RATE, abs=2)
        start = int(segment.span.start * SAMPLE_RATE)
        assert np.array_equal(segment.samples[:100], two_sentences[start : start + 100])
