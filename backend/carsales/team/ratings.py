"""Judging a person's averages against the training targets, and the leaderboard's composite.
Pure: numbers in, verdicts out (the thresholds are documented in docs/team.md)."""

from carsales.team.schemas import Measures, MeasureStatus, MeasureStatuses
from carsales.training.judge.scenario import DEFAULT_PASS_MARK
from carsales.training.speech.targets import Targets

# Below the pass mark by at most this much, an overall score is "fair".
OVERALL_FAIR_MARGIN = 15
# A monologue up to the limit draws no feedback; up to this many times it, "fair".
MONOLOGUE_FAIR_FACTOR = 1.5
# The feedback praises two questions or more and flags none.
QUESTIONS_GOOD, QUESTIONS_FAIR = 2.0, 1.0
RUBRIC_GOOD, RUBRIC_FAIR = 0.8, 0.5

# The composite: mostly the level, partly the improvement, so that a weak rep who improves
# climbs. An improvement of +25 points (or more) earns the whole improvement part, a drop of
# 25 none; no improvement earns half of it.
LEVEL_WEIGHT = 0.6
IMPROVEMENT_WEIGHT = 0.4
IMPROVEMENT_SPAN = 25.0
COMPOSITE = (
    "score = 0.6 x level + 0.4 x progress. level: the average session score in the period "
    "(the judge's overall score, or the mean of the four delivery scores for a session without "
    "a scenario), 0-100. progress: 50 + 2 x improvement, kept within 0-100, where improvement "
    "is the average score in the period minus the average in the window of the same length "
    "before it (for all time: the last 30 days against everything before); no earlier "
    "sessions count as no improvement."
)


def _at_most(value: float | None, good: float, fair: float) -> MeasureStatus | None:
    if value is None:
        return None
    return "good" if value <= good else "fair" if value <= fair else "poor"


def _at_least(value: float | None, good: float, fair: float) -> MeasureStatus | None:
    if value is None:
        return None
    return "good" if value >= good else "fair" if value >= fair else "poor"


def _pace(value: float | None, targets: Targets) -> MeasureStatus | None:
    if value is None:
        return None
    band = targets.pace
    if band.low <= value <= band.high:
        return "good"
    return "poor" if band.flagged(value) else "fair"


def measure_statuses(measures: Measures, targets: Targets) -> MeasureStatuses:
    limit = targets.monologue_limit_s
    return MeasureStatuses(
        words_per_minute=_pace(measures.words_per_minute, targets),
        fillers_per100=_at_most(
            measures.fillers_per100, targets.clarity_fillers.good, targets.clarity_fillers.bad
        ),
        longest_monologue_s=_at_most(
            measures.longest_monologue_s, limit, limit * MONOLOGUE_FAIR_FACTOR
        ),
        questions_asked=_at_least(measures.questions_asked, QUESTIONS_GOOD, QUESTIONS_FAIR),
        rubric_pass_rate=_at_least(measures.rubric_pass_rate, RUBRIC_GOOD, RUBRIC_FAIR),
        overall_score=_at_least(
            measures.overall_score, DEFAULT_PASS_MARK, DEFAULT_PASS_MARK - OVERALL_FAIR_MARGIN
        ),
    )


def composite(level: float, improvement: float | None) -> float:
    """The leaderboard's score (see COMPOSITE)."""
    progress = 50.0 + 50.0 * (improvement or 0.0) / IMPROVEMENT_SPAN
    return LEVEL_WEIGHT * level + IMPROVEMENT_WEIGHT * min(100.0, max(0.0, progress))
