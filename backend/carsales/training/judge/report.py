"""The judge's part of a session report, as the final analysis, the CLI and the benchmark build
it: one function, so the three agree."""

from collections.abc import Mapping, Sequence
from typing import Any

from carsales.training.judge.feedback import judged_feedback
from carsales.training.judge.judge import Judge
from carsales.training.judge.scenario import judged_scenario
from carsales.training.speech.feedback import FeedbackItem
from carsales.training.speech.words import Word


def judge_report(
    judge: Judge,
    scenario: Mapping[str, Any],
    transcript: str,
    words: Sequence[Word] = (),
    scores: Mapping[str, int | None] | None = None,
    feedback: Sequence[FeedbackItem] = (),
) -> dict[str, Any]:
    """`overall`, `passed`, `rubric` (items with evidence), `judgement` (the content score,
    relevance, negative moves, reasons) and `feedback` (the delivery feedback given, with the
    judge's items) for an answer in `scenario` (as sessions store it)."""
    judgement = judge.judge(judged_scenario(scenario), transcript, words, scores)
    return {
        "overall": judgement.overall,
        "passed": judgement.passed,
        "rubric": [item.to_json() for item in judgement.items],
        "judgement": judgement.to_json(),
        "feedback": judged_feedback(judgement, feedback),
    }
