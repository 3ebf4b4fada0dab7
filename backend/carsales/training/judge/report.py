"""The judge's part of a session report, as the final analysis, the CLI and the benchmark build
it: one function, so the three agree."""

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from carsales.ai.openai_compat import OpenAICompatClient
from carsales.training.judge.feedback import judged_feedback
from carsales.training.judge.judge import Judge
from carsales.training.judge.llm import second_opinion
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
    llm: OpenAICompatClient | None = None,
) -> dict[str, Any]:
    """`overall`, `passed`, `rubric` (items with evidence), `judgement` (the content score,
    relevance, negative moves, reasons) and `feedback` (the delivery feedback given, with the
    judge's items) for an answer in `scenario` (as sessions store it). With `llm`, the model
    judges each item too (judge/llm.py); call it from a thread without a running event loop
    (the analysis job's worker thread, the CLI)."""
    judged = judged_scenario(scenario)
    judgement = judge.judge(judged, transcript, words, scores)
    if llm is not None:
        judgement = asyncio.run(second_opinion(llm, judged, transcript, judgement, words))
    return {
        "overall": judgement.overall,
        "passed": judgement.passed,
        "rubric": [item.to_json() for item in judgement.items],
        "judgement": judgement.to_json(),
        "feedback": judged_feedback(judgement, feedback),
    }
