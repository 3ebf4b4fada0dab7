import numpy as np
import pytest

from carsales.training.speech.audio import SAMPLE_RATE
from carsales.training.speech.prosody import (
    clipping,
    integrated_loudness,
    measure_acoustics,
    pitch_stats,
)
from carsales.training.speech.words import Span
from tests.training.conftest import tone


def voice(f0: np.ndarray) -> np.ndarray:
    """A buzz with ten harmonics following the pitch contour `f0` (one value per sample)."""
    phase = 2 * np.pi * np.cumsum(f0) / SAMPLE_RATE
    buzz = sum(np.sin(k * phase) / k for k in range(1, 11))
    return np.asarray(0.3 * buzz / np.abs(buzz).max(), dtype=np.float32)


def test_integrated_loudness_of_reference_tones() -> None:
    # BS.1770: a full-scale 997 Hz sine in one channel reads -3.01 LUFS.
    assert integrated_loudness(tone(997, 5, 1.0)) == pytest.approx(-3.01, abs=0.05)
    assert integrated_loudness(tone(997, 5, 0.1)) == pytest.approx(-23.01, abs=0.05)
    assert integrated_loudness(tone(997, 0.2)) is None  # shorter than one 400 ms block


def test_loudness_ignores_silence_by_gating() -> None:
    padded = np.concatenate([tone(997, 3, 0.1), np.zeros(5 * SAMPLE_RATE, np.float32)])
    # Ungated, 5 s of silence would pull 3 s of tone down by 4.3 LU; only the blocks that
    # straddle the tone's end remain, within 0.3 LU.
    assert integrated_loudness(padded) == pytest.approx(-23.01, abs=0.3)


def test_steady_pitch_is_monotone_and_a_glide_is_not() -> None:
    seconds = 2.0
    n = int(seconds * SAMPLE_RATE)
    speech = [Span(0.0, seconds)]
    mean, sd = pitch_stats(voice(np.full(n, 120.0)), speech)
    assert mean == pytest.approx(120, abs=2) and sd is not None and sd < 0.3
    glide = 100 * 2 ** np.linspace(0, 1, n)  # one octave up: 12 semitones, spread evenly
    mean, sd = pitch_stats(voice(glide), speech)
    assert sd == pytest.approx(12 / np.sqrt(12), abs=0.5)  # SD of a uniform 12-semitone range


def test_pitch_outside_speech_is_ignored() -> None:
    assert pitch_stats(voice(np.full(SAMPLE_RATE, 120.0)), []) == (None, None)


def test_clipping_counts_flattened_runs_not_single_peaks() -> None:
    clean = tone(200, 1.0, 0.99)
    assert clipping(clean) == (0.0, [])
    clipped = np.clip(tone(200, 1.0, 2.0), -1, 1)
    percent, times = clipping(clipped)
    assert 60 < percent < 70  # a sine at twice full scale spends 2/3 of its time past the rail
    assert times == [0.0]  # one burst: continuous clipping


def test_acoustics_levels_and_signal_to_noise() -> None:
    rng = np.random.default_rng(0)
    noise = (rng.standard_normal(4 * SAMPLE_RATE) * 0.001).astype(np.float32)  # -60 dBFS
    signal = noise.copy()
    signal[SAMPLE_RATE : 3 * SAMPLE_RATE] += voice(np.full(2 * SAMPLE_RATE, 150.0))
    acoustics = measure_acoustics(signal, [Span(1.0, 3.0)])
    voice_dbfs = 10 * np.log10(np.mean(voice(np.full(2 * SAMPLE_RATE, 150.0)) ** 2))
    assert acoustics.speech_dbfs == pytest.approx(voice_dbfs, abs=0.5)
    assert acoustics.snr_db == pytest.approx(voice_dbfs + 60, abs=1.5)
    assert acoustics.pitch_mean_hz == pytest.approx(150, abs=2)
    assert acoustics.peak_dbfs == pytest.approx(20 * np.log10(0.3), abs=0.3)
    assert acoustics.clipped_percent == 0.0
