"""What the judge reads of a scenario: its text, its rubric with exemplars, its pass mark.

Built from the scenario as a session stores it (the API's ScenarioOut, camelCase), so built-in
and managers' own scenarios are judged the same way. An item without exemplars falls back to its
phrases: each phrase, read as words (`*` and `...` dropped), becomes a passing exemplar."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from carsales.training.speech.rubric import GAP, WILDCARD

DEFAULT_PASS_MARK = 70  # replay.sale's pass mark; Second Nature's default is 80


@dataclass(frozen=True, slots=True)
class JudgedItem:
    id: str
    label: str
    passing: tuple[str, ...]  # exemplar answers that do what the item asks
    failing: tuple[str, ...]  # near misses: answers that sound close but do not
    has_exemplars: bool  # False: `passing` was made from the phrases
    phrases: tuple[str, ...] = ()  # the rubric's phrases, matched as words

    @property
    def model_answer(self) -> str | None:
        """What to say instead, for a failed item: the first written exemplar (phrases are
        fragments, not an answer to show)."""
        return self.passing[0] if self.has_exemplars and self.passing else None


@dataclass(frozen=True, slots=True)
class JudgedScenario:
    id: str | None
    title: str
    context: tuple[str, ...]  # persona, situation, vehicle, customer lines: what is on topic
    items: tuple[JudgedItem, ...]
    pass_mark: int = DEFAULT_PASS_MARK


def phrase_as_text(phrase: str) -> str:
    return " ".join(part for part in phrase.split() if part not in (WILDCARD, GAP, "\u2026"))


def _texts(value: object) -> tuple[str, ...]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        return ()
    return tuple(v.strip() for v in value if isinstance(v, str) and v.strip())


def judged_item(item: Mapping[str, Any]) -> JudgedItem:
    exemplars = item.get("exemplars") or {}
    passing = _texts(exemplars.get("pass")) if isinstance(exemplars, Mapping) else ()
    failing = _texts(exemplars.get("fail")) if isinstance(exemplars, Mapping) else ()
    phrases = _texts(item.get("phrases"))
    return JudgedItem(
        id=str(item.get("id", "")),
        label=str(item.get("label", "")),
        # Phrases are fragments ("the value"): short texts that match short, unrelated sentences
        # too, so they stand in only where no exemplar was written.
        passing=passing or tuple(t for t in map(phrase_as_text, phrases) if t),
        failing=failing,
        has_exemplars=bool(passing),
        phrases=phrases,
    )


def judged_scenario(snapshot: Mapping[str, Any]) -> JudgedScenario:
    """From a scenario as sessions store it (ScenarioOut's keys)."""
    context = (
        *_texts([snapshot.get(key) for key in ("title", "persona", "situation", "vehicle")]),
        *_texts(snapshot.get("customerLines")),
    )
    rubric = snapshot.get("rubric") or []
    mark = snapshot.get("passMark")
    return JudgedScenario(
        id=snapshot.get("id"),
        title=str(snapshot.get("title", "")),
        context=context,
        items=tuple(judged_item(item) for item in rubric if isinstance(item, Mapping)),
        pass_mark=mark if isinstance(mark, int) and 0 <= mark <= 100 else DEFAULT_PASS_MARK,
    )
