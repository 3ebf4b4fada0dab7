"""Decoding any upload (wav, mp3, m4a, webm/opus, ogg...) to the one form every stage reads:
16 kHz mono float32 in [-1, 1]. PyAV bundles FFmpeg in its wheels, so no system FFmpeg is needed."""

import io
import wave
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


def to_pcm16(samples: np.ndarray) -> bytes:
    """Little-endian 16-bit PCM, the form the browser streams and recordings are stored in."""
    pcm: bytes = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    return pcm


def from_pcm16(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0


def wav_bytes(pcm16: bytes) -> bytes:
    """A 16 kHz mono WAV file around raw PCM16 audio."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(pcm16)
    return buffer.getvalue()


def identify_audio(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) judged from the first bytes of a recording, not its name."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav", "wav"
    # An ID3 tag, or an MPEG audio frame sync whose layer bits are not 00 (that would be AAC).
    if head[:3] == b"ID3" or (
        len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06
    ):
        return "audio/mpeg", "mp3"
    if head[4:8] == b"ftyp":
        return "audio/mp4", "m4a"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "audio/webm", "webm"
    if head[:4] == b"OggS":
        return "audio/ogg", "ogg"
    return None


def probe_duration(source: BinaryIO) -> float | None:
    """Seconds of audio in a recording, without decoding it: from the container's header, or,
    when the header does not say (a browser's WebM), from the end of its last packet. None when
    FFmpeg cannot read it as audio."""
    try:
        # mode "r": a temporary file opened "w+b" would otherwise be taken for an output.
        with av.open(source, mode="r") as container:
            if not container.streams.audio:
                return None
            if container.duration:
                return float(container.duration / av.time_base)
            end = 0.0
            for packet in container.demux(container.streams.audio[0]):
                if packet.pts is not None and packet.duration and packet.time_base:
                    end = max(end, float((packet.pts + packet.duration) * packet.time_base))
            return end
    except av.error.FFmpegError:
        return None


def duration(samples: np.ndarray) -> float:
    return len(samples) / SAMPLE_RATE


def span_mask(spans: list[Span], count: int, step: float) -> np.ndarray:
    """Which of `count` consecutive frames of `step` seconds lie inside one of the spans."""
    centres = (np.arange(count) + 0.5) * step
    mask = np.zeros(count, dtype=bool)
    for span in spans:
        mask |= (centres >= span.start) & (centres < span.end)
    return mask
