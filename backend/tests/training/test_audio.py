import io
import wave
from pathlib import Path

import av
import numpy as np
import pytest

from carsales.training.speech.audio import SAMPLE_RATE, AudioDecodeError, decode


def dominant_frequency(samples: np.ndarray) -> float:
    return float(np.argmax(np.abs(np.fft.rfft(samples))) * SAMPLE_RATE / len(samples))


def sine(rate: int, seconds: float = 1.0, frequency: float = 440.0) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (0.5 * np.sin(2 * np.pi * frequency * t)).astype(np.float32)


def write_wav(path: Path, samples: np.ndarray, rate: int, channels: int) -> None:
    pcm = (samples * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.repeat(pcm, channels).tobytes())


def encode(path: Path, samples: np.ndarray, rate: int, codec: str, container: str) -> None:
    with av.open(str(path), "w", format=container) as out:
        stream = out.add_stream(codec, rate=rate, layout="mono")
        assert isinstance(stream, av.AudioStream)
        pcm = (samples * 32767).astype(np.int16)
        for first in range(0, len(pcm), 960):
            frame = av.AudioFrame.from_ndarray(pcm[None, first : first + 960], "s16", "mono")
            frame.sample_rate, frame.pts = rate, first
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def test_wav_stereo_44k_becomes_16k_mono(tmp_path: Path) -> None:
    path = tmp_path / "tone.wav"
    write_wav(path, sine(44_100), 44_100, channels=2)
    samples = decode(path)
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert len(samples) == pytest.approx(SAMPLE_RATE, abs=16)
    assert dominant_frequency(samples) == pytest.approx(440, abs=2)
    assert np.abs(samples).max() == pytest.approx(0.5, abs=0.02)


@pytest.mark.parametrize(
    ("suffix", "codec", "container"),
    [
        ("mp3", "libmp3lame", "mp3"),
        ("m4a", "aac", "ipod"),
        ("webm", "libopus", "webm"),
        ("ogg", "libopus", "ogg"),
        ("flac", "flac", "flac"),
    ],
)
def test_compressed_uploads_decode(tmp_path: Path, suffix: str, codec: str, container: str) -> None:
    path = tmp_path / f"tone.{suffix}"
    encode(path, sine(48_000), 48_000, codec, container)
    samples = decode(path)
    # Encoders add a few ms of priming and padding.
    assert len(samples) / SAMPLE_RATE == pytest.approx(1.0, abs=0.05)
    assert dominant_frequency(samples) == pytest.approx(440, abs=2)


def test_file_objects_decode_too(tmp_path: Path) -> None:
    path = tmp_path / "tone.wav"
    write_wav(path, sine(16_000), 16_000, channels=1)
    assert len(decode(io.BytesIO(path.read_bytes()))) == SAMPLE_RATE


def test_garbage_is_refused() -> None:
    with pytest.raises(AudioDecodeError):
        decode(io.BytesIO(b"this is not audio" * 100))
