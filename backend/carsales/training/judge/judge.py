"""Judging an answer by meaning: each rubric item, the negative moves, relevance, the overall score.

How it works (docs/training-judge.md has the reasoning and the measured accuracy):

1. The transcript becomes utterances (its sentences) and pairs of neighbouring utterances (a move
   can take two sentences: "If we match it. Would you buy today?"); all are embedded with
   all-MiniLM-L6-v2, as are the scenario's exemplars (cached: they do not change).
2. Negative moves (moves.py): an utterance that contains a stock phrase ("take it or leave it"),
   or is at least NEGATIVE_SIMILARITY close to a move's exemplar, closer to it than to any of
   the rubric's passing exemplars, and says none of the rubric's phrases. A discount counts only
   before any value was shown.
3. Each item passes on its best candidate that is at least PASS_SIMILARITY close to a passing
   exemplar and not MARGIN closer to one of the item's failing exemplars (or that says one of
   the item's phrases and is not clearly a near miss), and that neither is nor sits next to a
   negative move ("I hear you... the price is the price" acknowledges nothing).
4. Relevance: the share of the answer's words in utterances at least TOPIC_SIMILARITY close to
   the scenario (its persona, situation, vehicle, customer lines, exemplars) or to car sales in
   general. Under OFF_TOPIC_SHARE the answer is off topic: content is scaled down, delivery earns
   no praise and does not count in the overall score.
5. Content = items passed (share) x relevance factor - MOVE_PENALTY per negative move; overall =
   CONTENT_WEIGHT x content + DELIVERY_WEIGHT x delivery (the four measures' mean), passed when
   overall reaches the scenario's pass mark.

With an OpenAI-compatible provider configured, llm.py asks it about each item as well and
`rescored` recomputes the scores from the verdicts that stand.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any, Literal, Protocol

import numpy as np

from carsales.training.judge.moves import EXEMPLARS, Move, MoveKind, on_sight
from carsales.training.judge.scenario import JudgedItem, JudgedScenario
from carsales.training.judge.utterances import Utterance, split_utterances
from carsales.training.speech.rubric import RubricResult, says_any
from carsales.training.speech.words import Word

PASS_SIMILARITY = 0.5
MARGIN = 0.02
PAIR_HANDICAP = 0.05
PHRASE_SIMILARITY = PASS_SIMILARITY  # what a phrase match counts as, when its meaning is further
NEGATIVE_SIMILARITY = 0.6
SAID_NEGATIVE_SIMILARITY = 0.8  # the bar when the sentence says one of the rubric's phrases
TOPIC_SIMILARITY = 0.3
OFF_TOPIC_SHARE = 0.5  # below this share of on-topic words, the answer is off topic
MOVE_PENALTY = 15  # content points per negative move
MAX_MOVE_PENALTY = 45
# Second Nature weighs Knowledge 70 % and Style 30 %: content is what the answer says, delivery
# how it was said.
CONTENT_WEIGHT = 0.7
DELIVERY_WEIGHT = 0.3
# Items whose evidence shows value: a discount after one of them is not "before value".
_OPENING_ITEMS = frozenset({"acknowledge", "greet", "clarify"})
# "I hear you, but...": the "but" takes the acknowledgement back (trainers teach "and"), so a
# sentence that says one and then "but" does not acknowledge the concern.
_TAKEN_BACK = re.compile(r"[,;]\s*but\b", re.IGNORECASE)

JudgeKind = Literal["offline", "llm"]
"""Who decided: the embedding judge, or the language model with a quote found in the transcript."""

# What every scenario is about, whatever its text says: small talk about the car is on topic.
_SALES_TOPICS = (
    "this car and what it can do for you",
    "the price, the payment and the financing",
    "your trade-in and the deal",
    "a test drive of the vehicle",
    "what you need from your next vehicle",
    "buying a car at the dealership today",
)


class Embedder(Protocol):
    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True, slots=True)
class ItemVerdict:
    id: str
    label: str
    passed: bool
    evidence: str | None  # the utterance that shows it (or undid it), verbatim
    timestamp: float | None
    similarity: float | None  # to the closest passing exemplar
    reason: str
    model_answer: str | None  # for a failed item: what a passing answer says
    judge: JudgeKind = "offline"
    fallback_reason: str | None = None  # why the language model's verdict was set aside

    def to_json(self) -> dict[str, Any]:
        """The phrase check's result (what reports always had), and the judge's additions."""
        checked = RubricResult(self.id, self.label, self.passed, self.evidence, self.timestamp)
        return {
            **checked.to_json(),
            "similarity": None if self.similarity is None else round(self.similarity, 3),
            "reason": self.reason,
            "model_answer": self.model_answer,
            "judge": self.judge,
            "fallback_reason": self.fallback_reason,
        }


@dataclass(frozen=True, slots=True)
class Judgement:
    items: list[ItemVerdict]
    moves: list[Move]
    relevance: float  # share of the answer's words that are on topic, 0-1
    off_topic: bool
    content: int  # 0-100
    delivery: int | None  # 0-100: the mean of the four delivery scores given
    overall: int
    pass_mark: int
    passed: bool
    reasons: list[str] = field(default_factory=list)  # why, in sentences
    judge: JudgeKind = "offline"  # "llm" when the language model decided at least one item
    fallback_reason: str | None = None  # why the language model decided none, when it was asked

    def to_json(self) -> dict[str, Any]:
        return {
            "overall": self.overall,
            "passed": self.passed,
            "pass_mark": self.pass_mark,
            "content": self.content,
            "delivery": self.delivery,
            "relevance": round(self.relevance, 3),
            "off_topic": self.off_topic,
            "weights": {"content": CONTENT_WEIGHT, "delivery": DELIVERY_WEIGHT},
            "reasons": self.reasons,
            "moves": [
                {"kind": m.kind.value, "evidence": m.evidence, "timestamp": m.time, "why": m.why}
                for m in self.moves
            ],
            "judge": self.judge,
            "fallback_reason": self.fallback_reason,
        }


@dataclass(frozen=True, slots=True)
class _Candidate:
    first: int  # utterance indices covered, inclusive
    last: int
    text: str
    time: float | None


def _candidates(transcript: str, utterances: Sequence[Utterance]) -> list[_Candidate]:
    singles = [_Candidate(i, i, u.text, u.time) for i, u in enumerate(utterances)]
    pairs = [
        _Candidate(i, i + 1, transcript[a.start : b.end], a.time)
        for i, (a, b) in enumerate(pairwise(utterances))
    ]
    return singles + pairs


def delivery_score(scores: Mapping[str, int | None] | None) -> int | None:
    values = [v for v in (scores or {}).values() if isinstance(v, int | float)]
    return round(sum(values) / len(values)) if values else None


def content_score(items: Sequence[ItemVerdict], relevance: float, moves: Sequence[Move]) -> int:
    """Items passed (share), scaled down under OFF_TOPIC_SHARE, less the negative moves."""
    share = sum(v.passed for v in items) / len(items) if items else 1.0
    factor = min(1.0, relevance / OFF_TOPIC_SHARE)
    penalty = min(MAX_MOVE_PENALTY, MOVE_PENALTY * len(moves))
    return max(0, min(100, round(100 * share * factor) - penalty))


def rescored(
    judgement: Judgement, items: list[ItemVerdict], fallback_reason: str | None = None
) -> Judgement:
    """`judgement` with `items` instead of its own verdicts (the language model's, where they
    stand): content, overall, passed and the reasons follow; moves and relevance do not change."""
    content = content_score(items, judgement.relevance, judgement.moves)
    overall = combine(content, judgement.delivery, judgement.off_topic)
    result = replace(
        judgement,
        items=items,
        content=content,
        overall=overall,
        passed=overall >= judgement.pass_mark,
        reasons=[],
        judge="llm" if any(item.judge == "llm" for item in items) else "offline",
        fallback_reason=fallback_reason,
    )
    result.reasons.extend(_reasons(result))
    return result


def combine(content: int, delivery: int | None, off_topic: bool) -> int:
    """The overall score; delivery cannot lift an answer that is not about the scenario."""
    if delivery is None or off_topic:
        return content
    return round(CONTENT_WEIGHT * content + DELIVERY_WEIGHT * delivery)


class Judge:
    """Judges answers with `embedder`; exemplar vectors are kept, as scenarios repeat."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._known: dict[str, np.ndarray] = {}

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._known))
        if missing:
            for text, vector in zip(missing, self.embedder.embed(missing), strict=True):
                self._known[text] = vector
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self._known[t] for t in texts])

    def judge(
        self,
        scenario: JudgedScenario,
        transcript: str,
        words: Sequence[Word] = (),
        delivery: Mapping[str, int | None] | None = None,
    ) -> Judgement:
        """`delivery`: the four delivery scores (confidence, clarity, pace, volume), if known."""
        utterances = split_utterances(transcript, words)
        if not utterances:
            return self._silent(scenario, delivery)
        candidates = _candidates(transcript, utterances)
        answer = self.embedder.embed([c.text for c in candidates])
        singles = answer[: len(utterances)]
        all_passing = [t for item in scenario.items for t in item.passing]
        best_positive = (
            (singles @ self._vectors(all_passing).T).max(axis=1)
            if all_passing
            else np.zeros(len(utterances))
        )
        verdicts, moves = self._items_and_moves(
            scenario, utterances, candidates, answer, best_positive
        )
        relevance = self._relevance(scenario, utterances, singles)
        off_topic = relevance < OFF_TOPIC_SHARE
        content = content_score(verdicts, relevance, moves)
        delivery_value = delivery_score(delivery)
        overall = combine(content, delivery_value, off_topic)
        judgement = Judgement(
            items=verdicts,
            moves=moves,
            relevance=relevance,
            off_topic=off_topic,
            content=content,
            delivery=delivery_value,
            overall=overall,
            pass_mark=scenario.pass_mark,
            passed=overall >= scenario.pass_mark,
        )
        judgement.reasons.extend(_reasons(judgement))
        return judgement

    def _silent(
        self, scenario: JudgedScenario, delivery: Mapping[str, int | None] | None
    ) -> Judgement:
        verdicts = [
            ItemVerdict(i.id, i.label, False, None, None, None, "Nothing was said.", i.model_answer)
            for i in scenario.items
        ]
        judgement = Judgement(
            verdicts, [], 0.0, True, 0, delivery_score(delivery), 0, scenario.pass_mark, False
        )
        judgement.reasons.append("Nothing was said that could be judged.")
        return judgement

    def _moves(
        self,
        scenario: JudgedScenario,
        utterances: Sequence[Utterance],
        singles: np.ndarray,
        best_positive: np.ndarray,
    ) -> list[tuple[int, MoveKind]]:
        kinds = list(EXEMPLARS)
        closest = np.stack(
            [(singles @ self._vectors(EXEMPLARS[kind]).T).max(axis=1) for kind in kinds], axis=1
        )
        found: list[tuple[int, MoveKind]] = []
        for index, utterance in enumerate(utterances):
            kind = on_sight(utterance.text)
            # A sentence that says one of the rubric's phrases is judged by that phrase: "I
            # understand the price matters" is near "the price is the price" in meaning alone.
            said = any(says_any(item.phrases, utterance.text) for item in scenario.items)
            if kind is None:
                best = int(closest[index].argmax())
                score = float(closest[index, best])
                # A rubric phrase said vouches for the sentence, unless it all but repeats a
                # move ("Let's just write it up right now, no more thinking" says "write it up").
                bar = SAID_NEGATIVE_SIMILARITY if said else NEGATIVE_SIMILARITY
                if score >= bar and score > best_positive[index]:
                    kind = kinds[best]
            if kind is not None:
                found.append((index, kind))
        return found

    def _items_and_moves(
        self,
        scenario: JudgedScenario,
        utterances: Sequence[Utterance],
        candidates: Sequence[_Candidate],
        answer: np.ndarray,
        best_positive: np.ndarray,
    ) -> tuple[list[ItemVerdict], list[Move]]:
        flagged = self._moves(scenario, utterances, answer[: len(utterances)], best_positive)
        per_item = [self._support(item, candidates, answer) for item in scenario.items]
        # A discount is a negative move only when no value came before it.
        value_at = min(
            (
                candidate.first
                for item, (support, _miss) in zip(scenario.items, per_item, strict=True)
                if item.id not in _OPENING_ITEMS
                for candidate, _similarity in support
            ),
            default=len(utterances),
        )
        kept = [
            (index, kind)
            for index, kind in flagged
            if kind is not MoveKind.discount or index <= value_at
        ]
        negative = {index for index, _ in kept}
        moves = [
            Move(kind, index, utterances[index].text, utterances[index].time)
            for index, kind in kept
        ]
        verdicts = [
            self._verdict(item, support, miss, negative, utterances, moves)
            for item, (support, miss) in zip(scenario.items, per_item, strict=True)
        ]
        return verdicts, moves

    def _support(
        self, item: JudgedItem, candidates: Sequence[_Candidate], answer: np.ndarray
    ) -> tuple[list[tuple[_Candidate, float]], _Candidate | None]:
        """The candidates that show the item, best first, with their similarity; and the
        candidate most like a failing exemplar, when one is that close."""
        if not item.passing:
            return [], None
        passing = (answer @ self._vectors(item.passing).T).max(axis=1)
        failing = (
            (answer @ self._vectors(item.failing).T).max(axis=1)
            if item.failing
            else np.full(len(candidates), -1.0)
        )
        found = []
        miss = int(failing.argmax())
        worst = candidates[miss] if failing[miss] >= PASS_SIMILARITY else None
        for n, candidate in enumerate(candidates):
            if item.id == "acknowledge" and _TAKEN_BACK.search(candidate.text):
                continue
            # A phrase of the rubric said in a sentence that is not a near miss counts too: the
            # phrase lists are curated, and an embedding can miss a short "I get it".
            said = candidate.first == candidate.last and says_any(item.phrases, candidate.text)
            near_miss = failing[n] >= passing[n] + MARGIN
            if said and not (near_miss and failing[n] >= PASS_SIMILARITY):
                found.append((candidate, max(float(passing[n]), PHRASE_SIMILARITY)))
            elif passing[n] >= PASS_SIMILARITY and not near_miss:
                found.append((candidate, float(passing[n])))
        # A single sentence is the better quote: a pair wins only when clearly closer.
        return sorted(
            found, key=lambda c: -(c[1] - (PAIR_HANDICAP if c[0].first != c[0].last else 0))
        ), worst

    def _verdict(
        self,
        item: JudgedItem,
        support: Sequence[tuple[_Candidate, float]],
        miss: _Candidate | None,
        negative: set[int],
        utterances: Sequence[Utterance],
        moves: Sequence[Move],
    ) -> ItemVerdict:
        def tainted(candidate: _Candidate) -> int | None:
            """The negative move in or next to the candidate, if any."""
            near = range(candidate.first - 1, candidate.last + 2)
            return next((i for i in near if i in negative), None)

        for candidate, similarity in support:
            if tainted(candidate) is None:
                return ItemVerdict(
                    item.id,
                    item.label,
                    True,
                    candidate.text,
                    candidate.time,
                    similarity,
                    "Said with the meaning the item asks for.",
                    None,
                )
        if support:
            candidate, similarity = support[0]
            index = tainted(candidate)
            move = next(m for m in moves if m.utterance == index)
            return ItemVerdict(
                item.id,
                item.label,
                False,
                utterances[move.utterance].text,
                move.time,
                similarity,
                f'Undone by "{move.evidence}": {move.why}.',
                item.model_answer,
            )
        if miss is not None:
            return ItemVerdict(
                item.id,
                item.label,
                False,
                miss.text,
                miss.time,
                None,
                f'"{miss.text}" is closer to what a failing answer says.',
                item.model_answer,
            )
        return ItemVerdict(
            item.id,
            item.label,
            False,
            None,
            None,
            None,
            "Nothing in the answer does this.",
            item.model_answer,
        )

    def _relevance(
        self, scenario: JudgedScenario, utterances: Sequence[Utterance], singles: np.ndarray
    ) -> float:
        topic = [
            *scenario.context,
            *_SALES_TOPICS,
            *(t for item in scenario.items for t in item.passing),
        ]
        closest = (singles @ self._vectors(topic).T).max(axis=1)
        weights = np.array([max(1, u.word_count) for u in utterances], dtype=np.float64)
        on_topic = closest >= TOPIC_SIMILARITY
        return float(weights[on_topic].sum() / weights.sum())


def _reasons(judgement: Judgement) -> list[str]:
    reasons = []
    passed = sum(v.passed for v in judgement.items)
    if judgement.off_topic:
        reasons.append(
            f"Only {judgement.relevance:.0%} of what was said is about the scenario: the content"
            " score is scaled down and delivery does not count towards the overall score."
        )
    if judgement.items:
        reasons.append(f"{passed} of {len(judgement.items)} rubric items were done.")
    decided = sum(v.judge == "llm" for v in judgement.items)
    if decided:
        reasons.append(
            f"The language model decided {decided} of {len(judgement.items)} items, each on a"
            " quote found in the transcript; the embedding judge the rest."
        )
    elif judgement.fallback_reason:
        reasons.append(f"Judged offline: {judgement.fallback_reason}.")
    for move in judgement.moves:
        reasons.append(f'"{move.evidence}" ({move.kind.value}): {move.why}.')
    verdict = "passed" if judgement.passed else "did not pass"
    reasons.append(
        f"Overall {judgement.overall} against a pass mark of {judgement.pass_mark}: {verdict}."
    )
    return reasons
