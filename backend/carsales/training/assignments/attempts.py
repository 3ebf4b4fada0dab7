"""Attempts at a scenario and whether one passes a pass mark: shared by assignments and
certifications, which hold analysed sessions to the same rule."""

from dataclasses import dataclass
from datetime import datetime

from carsales.models import PassOn, TrainingSession


@dataclass(frozen=True)
class Attempt:
    """An analysed session, by the numbers its report gives (copied into columns by
    training/tasks.py `copy_report`)."""

    session_id: str
    user_id: str
    scenario_id: str | None
    at: datetime
    overall_score: int | None  # the judge's; none without a scenario judged by meaning
    judge_passed: bool | None  # the scenario's own pass mark, when judged
    rubric_passed: int | None
    rubric_total: int | None

    @classmethod
    def of(cls, session: TrainingSession) -> "Attempt":
        return cls(
            session.id,
            session.user_id,
            session.scenario_id,
            session.started_at,
            session.overall_score,
            session.passed,
            session.rubric_passed,
            session.rubric_total,
        )

    @property
    def rubric_percent(self) -> int | None:
        """The share of rubric items done, 0-100; None without a rubric."""
        if not self.rubric_total or self.rubric_passed is None:
            return None
        return round(100 * self.rubric_passed / self.rubric_total)

    def passes(self, pass_mark: int | None, pass_on: PassOn = PassOn.overall) -> bool:
        """Whether this attempt reaches `pass_mark` on `pass_on`. Without a pass mark the
        scenario's own verdict decides, and an attempt that was not judged (no scenario judged
        by meaning) passes by being analysed. A score that was not measured never passes."""
        if pass_mark is None:
            return self.judge_passed is not False
        score = self.overall_score if pass_on is PassOn.overall else self.rubric_percent
        return score is not None and score >= pass_mark
