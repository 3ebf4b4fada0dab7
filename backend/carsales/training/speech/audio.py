"""Decoding any upload (wav, mp3, m4a, webm/opus, ogg...) to the one form every stage reads:
16 kHz mono float32 in [-1, 1]. PyAV bundles FFmpeg in its wheels, so no system FFmpeg is needed."""

from pathlib import Path
from typing import BinaryIO

import av
import numpy as np
from faster_whisper.audio import decode_audio

from carsales.training.speech.words import Span

SAMPLE_RATE = 16_000


class AudioDecodeError(ValueError):
    """The input is not audio that FFmpeg can read."""


def decode(source: str | Path | BinaryIO) -> np.ndarray:
    try:
        samples = decode_audio(str(source) if isinstance(source, Path) else source, SAMPLE_RATE)
    except (av.error.FFmpegError, IndexError, StopIteration) as exc:
        # PyAV raises IndexError for a container without an audio stream.
        raise AudioDecodeError(f"cannot decode audio: {exc}") from exc
    return np.asarray(samples, dtype=np.float32)


def duration(samples: np.ndarray) -> float:
    return len(samples) / SAMPLE_RATE


def span_mask(spans: list[Span], count: int, step: float) -> np.ndarray:
    """Which of `count` consecutive frames of `step` seconds lie inside one of the spans."""
    centres = (np.arange(count) + 0.5) * step
    mask = np.zeros(count, dtype=bool)
    for span in spans:
        mask |= (centres >= span.start) & (centres < span.end)
    return mask
