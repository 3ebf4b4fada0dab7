"""How it sounded: pitch and its variation, level, loudness, signal-to-noise and clipping."""

from dataclasses import dataclass

import numpy as np
import parselmouth

from carsales.training.speech.audio import SAMPLE_RATE, span_mask
from carsales.training.speech.words import Span

FRAME_S = 0.05
PITCH_STEP_S = 0.01
# Pitch search range covering low male to high female speaking voices.
PITCH_FLOOR_HZ, PITCH_CEILING_HZ = 75.0, 500.0
# Fewer voiced frames than this (0.5 s) and a pitch spread means nothing.
MIN_VOICED_FRAMES = 50
# A sample at full scale (s16 decoding tops out at 32767/32768), in runs this long, is clipping:
# one loud sample at the rail is a peak, three in a row are a flattened waveform.
CLIP_LEVEL, CLIP_RUN = 0.999, 3
SNR_CAP_DB = 60.0
_TINY = 1e-12


@dataclass(frozen=True, slots=True)
class Acoustics:
    pitch_mean_hz: float | None
    pitch_sd_semitones: float | None
    speech_dbfs: float | None  # RMS level of the voice-active audio
    peak_dbfs: float | None
    loudness_lufs: float | None  # integrated loudness, ITU-R BS.1770-4
    snr_db: float | None
    clipped_percent: float
    clip_times: list[float]  # start of each clipping burst, bursts closer than 0.5 s merged
    level_sd_db: float | None = None  # steadiness: SD of the speech level per second of speech


def _db(power: float) -> float:
    return float(10 * np.log10(max(power, _TINY)))


def frame_powers(samples: np.ndarray, frame_s: float = FRAME_S) -> np.ndarray:
    size = int(frame_s * SAMPLE_RATE)
    count = len(samples) // size
    frames = samples[: count * size].astype(np.float64).reshape(count, size)
    return np.asarray((frames**2).mean(axis=1))


def pitch_stats(samples: np.ndarray, speech: list[Span]) -> tuple[float | None, float | None]:
    """Mean F0 in Hz and its standard deviation in semitones (scale-free, so comparable between
    low and high voices), over voiced frames inside speech."""
    if len(samples) < SAMPLE_RATE * 0.1:
        return None, None
    sound = parselmouth.Sound(samples.astype(np.float64), sampling_frequency=SAMPLE_RATE)
    pitch = sound.to_pitch_ac(
        time_step=PITCH_STEP_S, pitch_floor=PITCH_FLOOR_HZ, pitch_ceiling=PITCH_CEILING_HZ
    )
    f0 = np.asarray(pitch.selected_array["frequency"], dtype=np.float64)
    times = np.asarray(pitch.xs(), dtype=np.float64)
    inside = np.zeros(len(times), dtype=bool)
    for span in speech:
        inside |= (times >= span.start) & (times < span.end)
    voiced = f0[(f0 > 0) & inside]
    if len(voiced) < MIN_VOICED_FRAMES:
        return None, None
    semitones = 12 * np.log2(voiced / np.median(voiced))
    return float(voiced.mean()), float(semitones.std())


# BS.1770-4's K filter as published for 48 kHz: a high shelf, then a high pass.
_K_STAGES = (
    (
        (1.53512485958697, -2.69169618940638, 1.19839281085285),
        (1.0, -1.69065929318241, 0.73248077421585),
    ),
    ((1.0, -2.0, 1.0), (1.0, -1.99004745483398, 0.99007225036621)),
)
_K_RATE = 48_000


def _k_weighting(size: int) -> np.ndarray:
    """Power response of the K filter at the rfft bins of a block. Evaluating the published
    48 kHz filter at each bin's physical frequency is exact for our band-limited 16 kHz signal,
    where redesigning the filter for 16 kHz would warp its shelf."""
    z = np.exp(-2j * np.pi * np.fft.rfftfreq(size, 1 / SAMPLE_RATE) / _K_RATE)
    response = np.ones(len(z))
    for b, a in _K_STAGES:
        ratio = (b[0] + b[1] * z + b[2] * z**2) / (a[0] + a[1] * z + a[2] * z**2)
        response *= np.abs(ratio) ** 2
    return response


def integrated_loudness(samples: np.ndarray) -> float | None:
    """BS.1770-4 integrated loudness (LUFS) of a mono signal: 400 ms blocks with 75 % overlap,
    gated at -70 LUFS and 10 LU under the ungated mean. The K filter is applied per block in the
    frequency domain (Parseval), which differs from time-domain filtering only by the filter's
    few-millisecond transient at block edges."""
    size, hop = int(0.4 * SAMPLE_RATE), int(0.1 * SAMPLE_RATE)
    if len(samples) < size:
        return None
    starts = np.arange(0, len(samples) - size + 1, hop)
    blocks = np.stack([samples[s : s + size] for s in starts]).astype(np.float64)
    spectra = np.abs(np.fft.rfft(blocks, axis=1)) ** 2
    bins = np.full(spectra.shape[1], 2.0)
    bins[0] = 1.0
    if size % 2 == 0:
        bins[-1] = 1.0
    energy = (spectra * bins * _k_weighting(size)).sum(axis=1) / size**2
    loudness = -0.691 + 10 * np.log10(np.maximum(energy, _TINY))
    gated = energy[loudness > -70.0]
    if len(gated) == 0:
        return None
    relative_gate = -0.691 + 10 * np.log10(gated.mean()) - 10.0
    kept = gated[-0.691 + 10 * np.log10(gated) > relative_gate]
    return float(-0.691 + 10 * np.log10(kept.mean()))


def clipping(samples: np.ndarray) -> tuple[float, list[float]]:
    """Percent of samples in clipped runs, and the start time of each burst."""
    at_rail = np.abs(samples) >= CLIP_LEVEL
    if not at_rail.any():
        return 0.0, []
    edges = np.diff(np.concatenate([[0], at_rail.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    runs = [(s, e) for s, e in zip(starts, ends, strict=True) if e - s >= CLIP_RUN]
    clipped = sum(e - s for s, e in runs)
    times: list[float] = []
    previous = float("-inf")
    for s, _ in runs:
        t = s / SAMPLE_RATE
        if t - previous > 0.5:
            times.append(round(t, 2))
        previous = t
    return 100.0 * clipped / len(samples), times


def signal_to_noise(powers: np.ndarray, speech_frames: np.ndarray) -> float | None:
    """Speech power over noise power. Noise is the median frame power in the pauses (frames
    outside voice activity; the median ignores the word tails that spill into them) when there
    are at least 0.3 s of pauses, else the quietest tenth of all frames."""
    if not speech_frames.any():
        return None
    quiet = powers[~speech_frames]
    noise = float(np.median(quiet) if len(quiet) * FRAME_S >= 0.3 else np.percentile(powers, 10))
    speech = float(powers[speech_frames].mean())
    if noise <= _TINY:
        return SNR_CAP_DB
    return float(min(SNR_CAP_DB, _db(max(speech - noise, _TINY) / noise)))


STEADINESS_BLOCK_S = 1.0
MIN_STEADINESS_BLOCKS = 3


def speech_level(voiced_powers: np.ndarray) -> float | None:
    """The speech level, dBFS: mean power of the voice-active 50 ms frames. One definition for
    the report and the live meter (live.py), so that they judge the same number."""
    return _db(float(voiced_powers.mean())) if len(voiced_powers) else None


def level_steadiness(voiced_powers: np.ndarray) -> float | None:
    """Standard deviation, in dB, of the speech level over each second of speech (voice-active
    frames in order, pauses left out): a steady voice varies by 2-3 dB, one that trails off at
    the ends of sentences or drifts from the microphone by 6 and more. None under 3 s."""
    per_block = round(STEADINESS_BLOCK_S / FRAME_S)
    blocks = len(voiced_powers) // per_block
    if blocks < MIN_STEADINESS_BLOCKS:
        return None
    means = voiced_powers[: blocks * per_block].reshape(blocks, per_block).mean(axis=1)
    return float(np.std(10 * np.log10(np.maximum(means, _TINY))))


def measure_acoustics(samples: np.ndarray, speech: list[Span]) -> Acoustics:
    powers = frame_powers(samples)
    speech_frames = span_mask(speech, len(powers), FRAME_S)
    pitch_mean, pitch_sd = pitch_stats(samples, speech)
    clipped_percent, clip_times = clipping(samples)
    peak = float(np.abs(samples).max()) if len(samples) else 0.0
    return Acoustics(
        pitch_mean_hz=pitch_mean,
        pitch_sd_semitones=pitch_sd,
        speech_dbfs=speech_level(powers[speech_frames]),
        peak_dbfs=_db(peak**2) if peak > 0 else None,
        loudness_lufs=integrated_loudness(samples),
        snr_db=signal_to_noise(powers, speech_frames),
        clipped_percent=clipped_percent,
        clip_times=clip_times,
        level_sd_db=level_steadiness(powers[speech_frames]),
    )
