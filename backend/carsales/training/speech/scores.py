"""Scores 0-100 from the measures. Each score is 100 less weighted penalties; each penalty is a
fraction from 0 (at the target) to 1 (at the "bad" end of its ramp or band) of its weight. The
formulas, weights and defaults are in docs/training-measures.md; the ramps are in `Targets`.

A component whose measure is unknown (no pitch in a whisper, no words at all) costs nothing; a
score with no words to judge is None rather than a made-up number."""

from dataclasses import dataclass

from carsales.training.speech.metrics import Measures
from carsales.training.speech.targets import Band, Ramp, Targets

CONFIDENCE_WEIGHTS = {"hedges": 30, "hesitations": 30, "monotone": 20, "quiet": 20}
CLARITY_WEIGHTS = {"fillers": 40, "recognition": 40, "articulation": 20}
VOLUME_WEIGHTS = {"level": 50, "snr": 25, "clipping": 25}


@dataclass(frozen=True, slots=True)
class Scores:
    confidence: int | None
    clarity: int | None
    pace: int | None
    volume: int | None


def _ramp(ramp: Ramp, value: float | None) -> float:
    return 0.0 if value is None else ramp.fraction(value)


def _band(band: Band, value: float | None) -> float:
    return 0.0 if value is None else 1.0 - band.score(value) / 100.0


def _score(weights: dict[str, int], penalties: dict[str, float]) -> int:
    return round(100 - sum(weights[name] * penalties[name] for name in weights))


def confidence(m: Measures, t: Targets) -> int | None:
    if not m.word_count:
        return None
    return _score(
        CONFIDENCE_WEIGHTS,
        {
            "hedges": _ramp(t.confidence_hedges, m.hedges_per_100_words),
            "hesitations": _ramp(t.confidence_hesitations, m.hesitations_per_100_words),
            "monotone": _ramp(t.confidence_monotone, m.pitch_sd_semitones),
            "quiet": _ramp(t.confidence_quiet, m.speech_dbfs),
        },
    )


def clarity(m: Measures, t: Targets) -> int | None:
    if not m.word_count:
        return None
    return _score(
        CLARITY_WEIGHTS,
        {
            "fillers": _ramp(t.clarity_fillers, m.weighted_fillers_per_100_words),
            "recognition": _ramp(t.clarity_recognition, m.mean_word_probability),
            "articulation": _ramp(t.clarity_articulation, m.articulation_rate),
        },
    )


def pace(m: Measures, t: Targets) -> int | None:
    return None if m.words_per_minute is None else round(t.pace.score(m.words_per_minute))


def volume(m: Measures, t: Targets) -> int | None:
    if m.speech_dbfs is None:
        return None
    return _score(
        VOLUME_WEIGHTS,
        {
            "level": _band(t.volume_level, m.speech_dbfs),
            "snr": _ramp(t.volume_snr, m.snr_db),
            "clipping": _ramp(t.volume_clipping, m.clipped_percent),
        },
    )


def compute_scores(m: Measures, t: Targets) -> Scores:
    return Scores(confidence(m, t), clarity(m, t), pace(m, t), volume(m, t))
