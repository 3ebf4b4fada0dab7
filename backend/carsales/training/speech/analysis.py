"""The final analysis of one recording: voice activity, transcript, measures, scores, feedback."""

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol

import numpy as np
import structlog

from carsales.training.speech.asr import Transcript
from carsales.training.speech.audio import duration
from carsales.training.speech.feedback import FeedbackItem, final_feedback
from carsales.training.speech.fillers import merge_fillers, recovered_fillers
from carsales.training.speech.lexicon import FillerKind, Tags, tag
from carsales.training.speech.metrics import Measures, compute_measures, pace_windows
from carsales.training.speech.prosody import FRAME_S, frame_powers, measure_acoustics
from carsales.training.speech.scores import Captions, Scores, compute_captions, compute_scores
from carsales.training.speech.targets import Targets
from carsales.training.speech.vad import VoiceActivityDetector, detect_speech
from carsales.training.speech.words import Span, Word

log = structlog.get_logger(__name__)

Progress = Callable[[float, str], None]
LOUDNESS_STEP_S = 1.0


class Transcriber(Protocol):
    name: str

    def transcribe(
        self,
        samples: np.ndarray,
        speech: Sequence[Span],
        progress: Callable[[float], None] | None = None,
    ) -> Transcript: ...


@dataclass(frozen=True, slots=True)
class ReportWord:
    word: str
    start: float
    end: float
    probability: float
    filler: FillerKind | None
    hedge: bool
    # A hesitation the main transcript missed and the filler pass heard (fillers.py); its
    # probability is the filler pass's.
    recovered: bool = False


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    start: float
    end: float
    value: float | None


@dataclass(frozen=True, slots=True)
class Report:
    model: str
    duration_s: float
    transcript: str
    words: list[ReportWord]
    speech: list[Span]
    measures: Measures
    scores: Scores
    feedback: list[FeedbackItem]
    pace_timeline: list[TimelinePoint]  # words per minute over 30 s windows
    loudness_timeline: list[TimelinePoint]  # dBFS per second, None where silent
    filler_model: str | None = None  # the filler pass's model, when one ran
    captions: Captions | None = None  # what each score means for this session

    def to_dict(self) -> dict[str, Any]:
        rounded: dict[str, Any] = _rounded(asdict(self))
        return rounded


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def _report_words(words: Sequence[Word], tags: Tags, recovered: Sequence[bool]) -> list[ReportWord]:
    kinds = {i: f.kind for f in tags.fillers for i in range(f.first, f.last + 1)}
    hedged = {i for h in tags.hedges for i in range(h.first, h.last + 1)}
    return [
        ReportWord(
            w.text.strip(), w.start, w.end, w.probability, kinds.get(i), i in hedged, recovered[i]
        )
        for i, w in enumerate(words)
    ]


def _loudness_timeline(samples: np.ndarray) -> list[TimelinePoint]:
    powers = frame_powers(samples)
    per_step = int(LOUDNESS_STEP_S / FRAME_S)
    points = []
    for first in range(0, len(powers), per_step):
        mean = float(powers[first : first + per_step].mean())
        start = first * FRAME_S
        value = 10 * float(np.log10(mean)) if mean > 0 else None
        points.append(TimelinePoint(start, start + LOUDNESS_STEP_S, value))
    return points


def analyze(
    samples: np.ndarray,
    transcriber: Transcriber,
    targets: Targets | None = None,
    progress: Progress | None = None,
    filler_pass: Transcriber | None = None,
) -> Report:
    """`filler_pass`, when given, transcribes the speech a second time to recover hesitations
    the main transcript missed (fillers.py; docs/training-measures.md, Fillers)."""
    targets = targets or Targets()
    report_progress = progress or (lambda _fraction, _stage: None)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str, fraction: float) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 3)
        clock = now
        report_progress(fraction, stage)

    speech = detect_speech(samples, VoiceActivityDetector())
    lap("vad", 0.1)
    # The filler pass (tiny.en, greedy) took about 0.8 times as long as the main transcription
    # in bench/fillers.py.
    main_share = 0.7 if filler_pass is None else 0.4
    transcript = transcriber.transcribe(
        samples, speech, lambda done: report_progress(0.1 + main_share * done, "transcription")
    )
    lap("transcription", 0.1 + main_share)
    words, text = transcript.words, transcript.text
    recovered = [False] * len(words)
    if filler_pass is not None:
        second = filler_pass.transcribe(
            samples,
            speech,
            lambda done: report_progress(0.1 + main_share + (0.7 - main_share) * done, "fillers"),
        )
        merged = merge_fillers(words, recovered_fillers(words, second.words, speech))
        if any(merged.recovered):
            words, recovered = merged.words, merged.recovered
            text = "".join(w.text for w in words).strip()
        lap("fillers", 0.8)
    acoustics = measure_acoustics(samples, speech)
    lap("acoustics", 0.9)
    tags = tag(words)
    length = duration(samples)
    measures = compute_measures(words, tags, speech, length, acoustics, targets)
    report = Report(
        model=transcriber.name,
        duration_s=length,
        transcript=text,
        words=_report_words(words, tags, recovered),
        speech=speech,
        measures=measures,
        scores=compute_scores(measures, targets),
        feedback=final_feedback(words, tags, measures, acoustics.clip_times, targets),
        pace_timeline=[
            TimelinePoint(span.start, span.end, rate)
            for span, rate in pace_windows(words, tags.filler_mask(len(words)), targets)
        ],
        loudness_timeline=_loudness_timeline(samples),
        filler_model=filler_pass.name if filler_pass is not None else None,
        captions=compute_captions(measures, targets),
    )
    lap("measures", 1.0)
    log.info(
        "speech_analysed",
        model=transcriber.name,
        duration_s=round(length, 2),
        recovered_fillers=sum(recovered),
        **timings,
    )
    return report
