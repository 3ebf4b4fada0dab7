"""Fixtures for the speech tests: word lists built by hand, synthetic audio, and (for the tests
that need them) espeak-ng and the Whisper model, which are skipped locally when missing and a
failure in CI, where `.ci/run` installs espeak-ng and `make models` installs Whisper."""

from collections.abc import Callable

import numpy as np
import pytest

from carsales.ai.registry import ModelMissingError
from carsales.ai.whisper import get_whisper
from carsales.config import Settings
from carsales.training.speech.asr import WhisperTranscriber
from carsales.training.speech.audio import SAMPLE_RATE
from carsales.training.speech.tts import espeak_available
from carsales.training.speech.words import Word
from tests.conftest import IN_CI

MakeWords = Callable[..., list[Word]]


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def make_words() -> MakeWords:
    """Words from text, one every `step` seconds, each `length` long, from `start`."""

    def make(
        text: str, start: float = 0.0, step: float = 0.4, length: float = 0.3, p: float = 0.95
    ) -> list[Word]:
        return [
            Word(f" {w}", start + i * step, start + i * step + length, p)
            for i, w in enumerate(text.split())
        ]

    return make


def tone(frequency: float, seconds: float, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return (amplitude * np.sin(2 * np.pi * frequency * t)).astype(np.float32)


@pytest.fixture
def espeak() -> None:
    if not espeak_available():
        _missing("espeak-ng is not installed (apt-get install espeak-ng)")


@pytest.fixture(scope="session")
def whisper_base() -> WhisperTranscriber:
    directory = Settings().model_dir
    assert directory is not None
    try:
        return WhisperTranscriber(get_whisper("base", directory, threads=2), "base")
    except ModelMissingError as exc:
        _missing(str(exc))
        raise


@pytest.fixture(scope="session")
def whisper_tiny_live() -> WhisperTranscriber:
    """tiny.en as live coaching decodes: one try, words spread over their segment."""
    directory = Settings().model_dir
    assert directory is not None
    try:
        return WhisperTranscriber(get_whisper("tiny.en", directory, 1), "tiny.en", live=True)
    except ModelMissingError as exc:
        _missing(str(exc))
        raise
