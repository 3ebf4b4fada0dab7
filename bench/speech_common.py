"""Shared by the speech benchmarks: the model, word error counting, timing."""

import argparse
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from carsales.ai.whisper import get_whisper
from carsales.config import get_settings
from carsales.logging import configure_logging
from carsales.training.speech.asr import DISFLUENT_PROMPT, WhisperTranscriber


def quiet_logs() -> None:
    """Only warnings, on stderr: stdout carries the figures."""
    configure_logging("WARNING", json=False)


def add_model_options(parser: argparse.ArgumentParser, models: Sequence[str]) -> None:
    parser.add_argument("--models", nargs="+", default=list(models), choices=["base", "tiny.en"])
    parser.add_argument("--threads", type=int, default=2, help="CTranslate2 threads")


def transcriber(model: str, threads: int, prompt: bool = True) -> WhisperTranscriber:
    directory = get_settings().model_dir
    assert directory is not None
    whisper = get_whisper(model, directory, threads)
    return WhisperTranscriber(whisper, model, prompt=DISFLUENT_PROMPT if prompt else None)


def edit_distance(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Word-level Levenshtein distance: substitutions + deletions + insertions."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, 1):
        current = [i]
        for j, hyp in enumerate(hypothesis, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp)))
        previous = current
    return previous[-1]


@dataclass
class Clock:
    """Wall and CPU time of the measured calls. On a shared machine wall time includes waiting
    for other processes; CPU seconds do not."""

    wall: float = 0.0
    cpu: float = 0.0
    laps: list[float] = field(default_factory=list)

    @contextmanager
    def measure(self) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.laps.append(time.perf_counter() - wall)
        self.wall += self.laps[-1]
        self.cpu += time.process_time() - cpu


def percent(value: float) -> str:
    return f"{100 * value:5.1f} %"
