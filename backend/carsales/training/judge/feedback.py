"""The judge's part of the report's time-stamped feedback.

Negative moves become corrections at the moment they were said; failed items become suggestions
that quote what a passing answer says. An off-topic answer's delivery earns no praise: the
praise items go, and one line says the delivery measures are only that."""

from collections.abc import Sequence

from carsales.training.judge.judge import Judgement
from carsales.training.speech.feedback import FeedbackItem, FeedbackType, Severity

DELIVERY_ONLY = (
    "Delivery measures only: the pace, fillers and volume were measured, but the answer was not"
    " about the scenario, so they earn no praise."
)


def judged_feedback(judgement: Judgement, feedback: Sequence[FeedbackItem]) -> list[FeedbackItem]:
    """`feedback` (the delivery rules') with the judge's items added, ordered by time."""
    items = list(feedback)
    if judgement.off_topic:
        items = [item for item in items if item.type is not FeedbackType.praise]
        items.append(
            FeedbackItem(0.0, FeedbackType.suggestion, DELIVERY_ONLY, Severity.medium, "relevance")
        )
    for move in judgement.moves:
        items.append(
            FeedbackItem(
                move.time or 0.0,
                FeedbackType.correction,
                f'"{move.evidence}": {move.why}.',
                Severity.high,
                f"move-{move.kind.value}",
            )
        )
    for verdict in judgement.items:
        if verdict.passed or verdict.model_answer is None or judgement.off_topic:
            continue
        items.append(
            FeedbackItem(
                verdict.timestamp or 0.0,
                FeedbackType.suggestion,
                f'{verdict.label}: try "{verdict.model_answer}"',
                Severity.medium,
                f"rubric-{verdict.id}",
            )
        )
    return sorted(items, key=lambda item: item.timestamp)
