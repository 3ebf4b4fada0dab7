"""The conversation's measures from its turns (the `turns` of a role-play session).

- Talk ratio: the salesperson's share of the talk time, each turn from its first to its last
  sound (top reps listen more than they talk: about 0.4-0.6 in a sales conversation).
- Patience: the median pause between the end of a customer's line that leaves an objection
  standing and the salesperson's first sound after it (the issue's anchor: top reps about
  1.5 s, others 0.3 s, often talking over the end of the objection).

`with_final_words` gives the salesperson's turns the words of the final transcript."""

import statistics
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

SALESPERSON = "salesperson"
CUSTOMER = "customer"


def talk_ratio(turns: Sequence[Mapping[str, Any]]) -> float | None:
    spoken = {SALESPERSON: 0.0, CUSTOMER: 0.0}
    for turn in turns:
        spoken[turn["speaker"]] += max(0.0, turn["end"] - turn["start"])
    total = sum(spoken.values())
    return round(spoken[SALESPERSON] / total, 3) if total > 0 and spoken[SALESPERSON] else None


def patience_s(turns: Sequence[Mapping[str, Any]]) -> float | None:
    pauses = [
        max(0.0, answer["start"] - line["end"])
        for line, answer in pairwise(turns)
        if line["speaker"] == CUSTOMER
        and line.get("objection")
        and answer["speaker"] == SALESPERSON
    ]
    return round(statistics.median(pauses), 2) if pauses else None


# How far a word of the final transcript may reach outside a turn's span and still belong to it:
# the live segmenter and the final decoder place word edges a little differently.
TURN_EDGE_S = 0.3


def with_final_words(
    turns: Sequence[Mapping[str, Any]], words: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The turns, each salesperson's turn with its text from the final transcript's words
    (`words` of the report: `word`, `start`, `end`, session time) whose middle lies within the
    turn's span. The live text was decoded quickly from short segments, the report's from the
    whole recording with more context, and the report shows one transcript, not two versions of
    the same words. A turn with no final word in its span keeps its live text."""
    rewritten: list[dict[str, Any]] = []
    for turn in turns:
        said = [
            w["word"].strip()
            for w in words
            if turn["speaker"] == SALESPERSON
            and turn["start"] - TURN_EDGE_S
            <= (w["start"] + w["end"]) / 2
            <= turn["end"] + TURN_EDGE_S
        ]
        rewritten.append({**turn, "text": " ".join(said)} if said else dict(turn))
    return rewritten
