"""A second opinion on each rubric item from an OpenAI-compatible model, held to the transcript.

Each item is asked for on its own (all items at once, each call within the client's time limit)
as one JSON object: {"passed": true|false, "quote": the salesperson's words, "reason": a
sentence}. The quote is looked up in the transcript word for word (case, punctuation, spacing and
curly apostrophes aside), and the model's verdict replaces the offline one only when the quote is
found there and is at least MIN_QUOTE_WORDS long; the evidence shown is then the transcript's own
span, never the model's text. A quote that is not in the transcript, an answer that is not the
JSON asked for, and a provider that fails or runs out of time leave the offline verdict standing,
with the reason in `fallback_reason`. A pass quoted from, or next to, a negative move that the
offline judge found fails the item, as it does offline ("I hear you... the price is the price"
acknowledges nothing). docs/training-judge.md says why the model's quoted verdict wins.
"""

import asyncio
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import structlog

from carsales.ai.openai_compat import ChatMessage, OpenAICompatClient, ProviderError
from carsales.training.judge.judge import ItemVerdict, Judgement, rescored
from carsales.training.judge.moves import Move
from carsales.training.judge.scenario import JudgedItem, JudgedScenario
from carsales.training.judge.utterances import Utterance, split_utterances
from carsales.training.speech.words import Word

log = structlog.get_logger(__name__)

MIN_QUOTE_WORDS = 3  # shorter quotes ("the price") are found in almost any answer
MAX_TOKENS = 200
MAX_REASON_CHARS = 300
_SHOWN_QUOTE_CHARS = 80
_EXAMPLES = 3  # passing exemplars shown to the model, per item
_NEAR_MISSES = 2
JSON_OBJECT = {"type": "json_object"}  # OpenAI, llama.cpp, vLLM and Ollama all accept it

_WORD = re.compile(r"\w+(?:'\w+)*")
# One character for one, so that offsets in the translated text are offsets in the original.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})

_SYSTEM = (
    "You are a car sales trainer. You judge whether a salesperson's spoken answer to a customer "
    "does one thing that the training rubric asks for. Answer with one JSON object and nothing "
    'else: {"passed": true or false, "quote": "...", "reason": "..."}. "quote" is copied '
    "exactly, word for word, from the transcript: the salesperson's words that do it or, when "
    "the answer does not do it, the words that come closest or undo it; null when nothing in "
    'the transcript relates to it. Never reword or shorten inside the quote. "reason" is one '
    "sentence. Pressure, dismissing the customer or a discount next to the words undoes them."
)


@dataclass(frozen=True, slots=True)
class ItemAnswer:
    passed: bool
    quote: str | None
    reason: str


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text.translate(_APOSTROPHES).lower()))


def locate_quote(transcript: str, quote: str) -> tuple[int, int] | None:
    """The transcript's span (start, end) that says `quote` word for word, or None; a quote of
    fewer than MIN_QUOTE_WORDS words is never found."""
    wanted = [m.group() for m in _words(quote)]
    if len(wanted) < MIN_QUOTE_WORDS:
        return None
    said = _words(transcript)
    texts = [m.group() for m in said]
    for first in range(len(texts) - len(wanted) + 1):
        if texts[first : first + len(wanted)] == wanted:
            return said[first].start(), said[first + len(wanted) - 1].end()
    return None


def parse_answer(text: str) -> ItemAnswer:
    """The model's JSON object (code fences or words around it are ignored). ValueError says
    what is wrong with it."""
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise ValueError("no JSON object")
    try:
        data = json.loads(text[start : end + 1])
    except json.JSONDecodeError as exc:
        raise ValueError("not valid JSON") from exc
    if not isinstance(data, dict) or not isinstance(data.get("passed"), bool):
        raise ValueError('no true or false "passed"')
    quote, reason = data.get("quote"), data.get("reason")
    if quote is not None and not isinstance(quote, str):
        raise ValueError('"quote" is not text')
    return ItemAnswer(
        data["passed"],
        (quote.strip() or None) if quote else None,
        reason.strip()[:MAX_REASON_CHARS] if isinstance(reason, str) else "",
    )


def item_messages(scenario: JudgedScenario, item: JudgedItem, transcript: str) -> list[ChatMessage]:
    """The question about one item: the scenario, what the item asks (with a few passing and
    failing exemplars, or its phrases), and the transcript."""
    context = (text for text in scenario.context if text != scenario.title)
    lines = [f"Scenario: {scenario.title}", *(f"- {text}" for text in context)]
    lines += ["", f"Rubric item: {item.label}"]
    if item.passing:
        shown = "Answers that do it say things like" if item.has_exemplars else "Phrases for it"
        lines += [f"{shown}:", *(f"- {text}" for text in item.passing[:_EXAMPLES])]
    if item.failing:
        lines += ["Near misses that do not do it:"]
        lines += [f"- {text}" for text in item.failing[:_NEAR_MISSES]]
    lines += ["", "Transcript of the salesperson's answer:", '"""', transcript, '"""']
    return [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": "\n".join(lines)}]


async def _ask(
    client: OpenAICompatClient, scenario: JudgedScenario, item: JudgedItem, transcript: str
) -> ItemAnswer | str:
    """The model's answer, or why there is none to use."""
    try:
        text = await client.chat(
            item_messages(scenario, item, transcript),
            max_tokens=MAX_TOKENS,
            temperature=0,
            response_format=JSON_OBJECT,
        )
    except ProviderError as exc:
        log.warning("llm_judge_fallback", item=item.id, error=str(exc), status=exc.status)
        return exc.detail
    try:
        return parse_answer(text)
    except ValueError as exc:
        log.warning("llm_judge_unreadable", item=item.id, error=str(exc), answer=text[:300])
        return f"the model's answer is not the JSON asked for ({exc})"


def _decided(
    item: JudgedItem,
    offline: ItemVerdict,
    answer: ItemAnswer,
    transcript: str,
    utterances: Sequence[Utterance],
    moves: Sequence[Move],
) -> ItemVerdict:
    """The model's verdict when its quote is in the transcript, else the offline one with why."""
    if answer.quote is None:
        return replace(offline, fallback_reason="the model quoted nothing from the answer")
    span = locate_quote(transcript, answer.quote)
    if span is None:
        shown = answer.quote[:_SHOWN_QUOTE_CHARS]
        log.info("llm_judge_quote_discarded", item=item.id, quote=answer.quote)
        return replace(
            offline,
            fallback_reason=f'the model\'s quote "{shown}" is not in the transcript'
            if len(_words(answer.quote)) >= MIN_QUOTE_WORDS
            else f'the model\'s quote "{shown}" is too short to check',
        )
    start, end = span
    covered = [i for i, u in enumerate(utterances) if u.start < end and u.end > start]
    if answer.passed and covered:
        move = next((m for m in moves if covered[0] - 1 <= m.utterance <= covered[-1] + 1), None)
        if move is not None:
            return ItemVerdict(
                item.id,
                item.label,
                False,
                move.evidence,
                move.time,
                None,
                f'Undone by "{move.evidence}": {move.why}.',
                item.model_answer,
                judge="llm",
            )
    return ItemVerdict(
        item.id,
        item.label,
        answer.passed,
        transcript[start:end],
        utterances[covered[0]].time if covered else None,
        None,
        answer.reason or ("Done, as the quote shows." if answer.passed else "Not done."),
        None if answer.passed else item.model_answer,
        judge="llm",
    )


async def second_opinion(
    client: OpenAICompatClient,
    scenario: JudgedScenario,
    transcript: str,
    judgement: Judgement,
    words: Sequence[Word] = (),
) -> Judgement:
    """`judgement` (the offline judge's, for this answer) with each item the model decided on a
    quote found in the transcript, rescored; unchanged but for the reasons when it decided none."""
    utterances = split_utterances(transcript, words)
    if not utterances or not scenario.items:
        return judgement  # nothing was said: there is nothing to quote
    # All at once: a provider that is down or slow costs one time limit, not one per item.
    answers = await asyncio.gather(
        *(_ask(client, scenario, item, transcript) for item in scenario.items)
    )
    items = [
        replace(offline, fallback_reason=answer)
        if isinstance(answer, str)
        else _decided(item, offline, answer, transcript, utterances, judgement.moves)
        for item, offline, answer in zip(scenario.items, judgement.items, answers, strict=True)
    ]
    set_aside = list(dict.fromkeys(v.fallback_reason for v in items if v.fallback_reason))
    decided = sum(v.judge == "llm" for v in items)
    log.info("llm_judged", decided=decided, items=len(items))
    return rescored(judgement, items, None if decided else "; ".join(set_aside))
