"""Scores 0-100 from the measures, each with a caption that says what the number means for this
session. Each score is 100 less weighted penalties; each penalty is a fraction from 0 (at the
target) to 1 (at the "bad" end of its ramp or band) of its weight. The formulas, weights and
defaults are in docs/training-measures.md; the ramps are in `Targets`.

A component whose measure is unknown (no pitch in a whisper, no words at all) costs nothing; a
score with no words to judge is None rather than a made-up number."""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from carsales.training.speech.metrics import Measures
from carsales.training.speech.targets import Band, Ramp, Targets

CONFIDENCE_WEIGHTS = {"hedges": 30, "hesitations": 30, "monotone": 20, "quiet": 20}
CLARITY_WEIGHTS = {"fillers": 50, "unclear": 30, "articulation": 20}
VOLUME_WEIGHTS = {"level": 50, "steadiness": 20, "snr": 15, "clipping": 15}
# A component costing less than this is not worth a mention in the caption.
MENTION_POINTS = 1.0


class LevelVerdict(StrEnum):
    """The speech level against `Targets.volume_level`: what the live meter says and what the
    volume caption says, from one function so they cannot disagree."""

    too_quiet = "too quiet"
    a_little_quiet = "a little quiet"
    good = "a good level"
    a_little_loud = "a little loud"
    too_loud = "too loud"


def level_verdict(speech_dbfs: float, t: Targets) -> LevelVerdict:
    band = t.volume_level
    if speech_dbfs < band.flag_low:
        return LevelVerdict.too_quiet
    if speech_dbfs < band.low:
        return LevelVerdict.a_little_quiet
    if speech_dbfs > band.flag_high:
        return LevelVerdict.too_loud
    if speech_dbfs > band.high:
        return LevelVerdict.a_little_loud
    return LevelVerdict.good


@dataclass(frozen=True, slots=True)
class Scores:
    confidence: int | None
    clarity: int | None
    pace: int | None
    volume: int | None


@dataclass(frozen=True, slots=True)
class Captions:
    confidence: str
    clarity: str
    pace: str
    volume: str


@dataclass(frozen=True, slots=True)
class _Part:
    """One component of a score: its penalty fraction and how to say what it measured."""

    penalty: float
    said: str  # "5.6 fillers per 100 words"


def _ramp(ramp: Ramp, value: float | None) -> float:
    return 0.0 if value is None else ramp.fraction(value)


def _band(band: Band, value: float | None) -> float:
    return 0.0 if value is None else 1.0 - band.score(value) / 100.0


def _score(weights: dict[str, int], parts: dict[str, _Part]) -> int:
    return round(100 - sum(weights[name] * parts[name].penalty for name in weights))


def _caption(weights: dict[str, int], parts: dict[str, _Part], praise: str) -> str:
    """What cost points, the costliest first, with the measure behind each; or the praise."""
    costs = sorted(
        ((weights[n] * p.penalty, p.said) for n, p in parts.items() if p.said),
        reverse=True,
    )
    lost = [f"{points:.0f} to {said}" for points, said in costs if points >= MENTION_POINTS]
    if not lost:
        return praise
    return "Lost " + "; ".join(lost) + "."


def _said(value: float | None, say: Callable[[float], str]) -> str:
    return "" if value is None else say(value)


def _ramped(ramp: Ramp, value: float | None, say: Callable[[float], str]) -> _Part:
    return _Part(_ramp(ramp, value), _said(value, say))


def _confidence_parts(m: Measures, t: Targets) -> dict[str, _Part]:
    return {
        "hedges": _ramped(
            t.confidence_hedges, m.hedges_per_100_words, lambda v: f"{v:.1f} hedges per 100 words"
        ),
        "hesitations": _ramped(
            t.confidence_hesitations,
            m.hesitations_per_100_words,
            lambda v: f"{v:.1f} um/uh per 100 words",
        ),
        "monotone": _ramped(
            t.confidence_monotone,
            m.pitch_sd_semitones,
            lambda v: f"a flat voice ({v:.1f} semitones of variation)",
        ),
        "quiet": _ramped(
            t.confidence_quiet, m.speech_dbfs, lambda v: f"a soft voice ({v:.0f} dBFS)"
        ),
    }


def _clarity_parts(m: Measures, t: Targets) -> dict[str, _Part]:
    # The fillers are judged on their weighted rate and said as heard (all of them).
    fillers = _ramp(t.clarity_fillers, m.weighted_fillers_per_100_words)
    return {
        "fillers": _Part(
            fillers, _said(m.fillers_per_100_words, lambda v: f"{v:.1f} fillers per 100 words")
        ),
        "unclear": _ramped(
            t.clarity_unclear,
            m.unclear_word_percent,
            lambda v: f"{v:.0f} % of words hard to make out",
        ),
        "articulation": _ramped(
            t.clarity_articulation,
            m.articulation_rate,
            lambda v: f"rushed syllables ({v:.1f} per second)",
        ),
    }


def _volume_parts(m: Measures, t: Targets) -> dict[str, _Part]:
    band = t.volume_level

    def level(v: float) -> str:
        aim = f"aim for {band.low:.0f} to {band.high:.0f}"
        return f"a level of {v:.0f} dBFS, {level_verdict(v, t)} ({aim})"

    return {
        "level": _Part(_band(band, m.speech_dbfs), _said(m.speech_dbfs, level)),
        "steadiness": _ramped(
            t.volume_steadiness,
            m.level_sd_db,
            lambda v: f"an unsteady level (it varied {v:.1f} dB)",
        ),
        "snr": _ramped(
            t.volume_snr, m.snr_db, lambda v: f"background noise ({v:.0f} dB below the voice)"
        ),
        "clipping": _ramped(
            t.volume_clipping,
            m.clipped_percent,
            lambda v: f"distortion ({v:.2f} % of samples clipped)",
        ),
    }


def confidence(m: Measures, t: Targets) -> int | None:
    return _score(CONFIDENCE_WEIGHTS, _confidence_parts(m, t)) if m.word_count else None


def clarity(m: Measures, t: Targets) -> int | None:
    return _score(CLARITY_WEIGHTS, _clarity_parts(m, t)) if m.word_count else None


def pace(m: Measures, t: Targets) -> int | None:
    return None if m.words_per_minute is None else round(t.pace.score(m.words_per_minute))


def volume(m: Measures, t: Targets) -> int | None:
    return None if m.speech_dbfs is None else _score(VOLUME_WEIGHTS, _volume_parts(m, t))


def compute_scores(m: Measures, t: Targets) -> Scores:
    return Scores(confidence(m, t), clarity(m, t), pace(m, t), volume(m, t))


def _pace_caption(m: Measures, t: Targets) -> str:
    rate, band = m.words_per_minute, t.pace
    if rate is None:
        return "Too little speech to measure the pace."
    aim = f"aim for {band.low:.0f}-{band.high:.0f}"
    if rate < band.flag_low:
        return f"{rate:.0f} words per minute: too slow ({aim})."
    if rate > band.flag_high:
        return f"{rate:.0f} words per minute: too fast ({aim})."
    if rate < band.low:
        return f"{rate:.0f} words per minute: a little slow ({aim})."
    if rate > band.high:
        return f"{rate:.0f} words per minute: a little fast ({aim})."
    return f"{rate:.0f} words per minute: in the {band.low:.0f}-{band.high:.0f} band."


def compute_captions(m: Measures, t: Targets) -> Captions:
    """What each score means for this session, in the measures' own numbers."""
    no_words = "Too little speech to judge."
    level = (
        "No speech to judge."
        if m.speech_dbfs is None
        else _caption(
            VOLUME_WEIGHTS,
            _volume_parts(m, t),
            f"Full marks: {m.speech_dbfs:.0f} dBFS, {level_verdict(m.speech_dbfs, t)}, steady "
            "and clear of noise and distortion.",
        )
    )
    return Captions(
        confidence=_caption(
            CONFIDENCE_WEIGHTS,
            _confidence_parts(m, t),
            "Full marks: hardly a hedge or an um, a lively voice that carries.",
        )
        if m.word_count
        else no_words,
        clarity=_caption(
            CLARITY_WEIGHTS,
            _clarity_parts(m, t),
            "Full marks: hardly a filler, words clear to the recogniser, an easy rate.",
        )
        if m.word_count
        else no_words,
        pace=_pace_caption(m, t),
        volume=level,
    )
