"""The live pipeline run over a whole recording, without a network or a clock: the same voice
activity (`StreamingSegmenter`), the same live decoding (`transcribe_segments`), the same
rolling measures and coach as a real session, chunk by chunk as a microphone sends them. Each
segment is transcribed the moment it ends, as if Whisper took no time.

It is how the tests and `bench/` check that live coaching and the final report agree: the last
window of a replay must tell what the report of the same recording tells."""

from dataclasses import dataclass

import numpy as np

from carsales.training.speech.asr import WhisperTranscriber, transcribe_segments
from carsales.training.speech.audio import SAMPLE_RATE
from carsales.training.speech.feedback import FeedbackItem
from carsales.training.speech.live import LiveAnalyzer, LiveCoach, LiveMetrics
from carsales.training.speech.targets import Targets
from carsales.training.speech.vad import StreamingSegmenter
from carsales.training.speech.words import Word

CHUNK_S = 0.25  # what the browser sends at a time


@dataclass(frozen=True, slots=True)
class Replay:
    metrics: list[LiveMetrics]  # after each chunk and each transcribed segment
    feedback: list[FeedbackItem]
    words: list[Word]
    transcript_times: list[float]  # when each segment's words arrived (audio time)


def replay_live(
    samples: np.ndarray,
    transcriber: WhisperTranscriber,
    targets: Targets | None = None,
    flush: bool = True,
) -> Replay:
    """`flush`: transcribe the segment still open at the end (a live session drops it; the
    report has it), so that both see the same words."""
    targets = targets or Targets()
    segmenter = StreamingSegmenter()
    analyzer = LiveAnalyzer(targets)
    coach = LiveCoach(targets)
    metrics: list[LiveMetrics] = []
    feedback: list[FeedbackItem] = []
    words: list[Word] = []
    arrivals: list[float] = []
    step = round(CHUNK_S * SAMPLE_RATE)
    for first in range(0, len(samples), step):
        chunk = samples[first : first + step]
        segments = segmenter.feed(chunk)
        analyzer.add_audio(chunk, segmenter.in_speech or bool(segments))
        if flush and first + step >= len(samples):
            segments += segmenter.flush()
        for segment in segments:
            found = transcribe_segments(transcriber, [segment])
            if found:
                analyzer.add_words(found)
                words += found
                arrivals.append(analyzer.time_s)
        state = analyzer.metrics()
        metrics.append(state)
        feedback += coach.check(state)
    return Replay(metrics, feedback, words, arrivals)
