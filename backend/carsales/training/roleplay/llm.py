"""The customer played by an OpenAI-compatible model (CARSALES_LLM_*), held to the scenario.

The model is given the persona, the situation, the vehicle as the scenario states it, the hidden
motivation and the objections of the scenario's dialogue graph (what answers each, how much
pressure the customer takes), and the conversation so far; it answers with one JSON object:
{"say": the customer's next line, "outcome": null | "agreed" | "walked_away", "objection": true
when a concern still stands}. A line that names a figure (a price, a payment, a rate: any number
written in digits) found neither in the scenario nor in the conversation is an invented fact and
is set aside, as are an answer that is not that JSON and a provider that fails or is slow: the
dialogue graph's reply is used instead, so the conversation always goes on. The graph's state
keeps counting under the model's lines, so that a fallback continues where the graph would be.
"""

import asyncio
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import structlog

from carsales.ai.openai_compat import ChatMessage, OpenAICompatClient, ProviderError
from carsales.training.roleplay.engine import Outcome, Reply
from carsales.training.roleplay.graph import CustomerGraph

log = structlog.get_logger(__name__)

# The customer must start speaking soon after the turn: a model slower than this is not waited
# for (the graph answers at once).
CUSTOMER_TIMEOUT_S = 6.0
MAX_TOKENS = 160
MAX_LINE_CHARS = 400
JSON_OBJECT = {"type": "json_object"}

_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")

_SYSTEM = (
    "You play a customer at a car dealership in a sales training role-play. Stay in character; "
    "speak as the customer would, in one to three short spoken sentences, with no stage "
    "directions. Be reasonable, not a pushover: raise your concerns in the order given, let "
    "one go only when the salesperson has really answered it, and agree only when every "
    "concern is answered and they ask for your business. Pressure, dismissing your concern or "
    "a discount thrown at you before they show value costs your patience; leave when it runs "
    "out. Never state a price, payment, rate or other figure that is not in the scenario or the "
    'conversation. Answer with one JSON object and nothing else: {"say": "...", "outcome": '
    'null or "agreed" or "walked_away", "objection": true or false}. "objection" is true while '
    "one of your concerns still stands."
)


@dataclass(frozen=True, slots=True)
class ModelLine:
    say: str
    outcome: Outcome | None
    objection: bool


def parse_line(text: str) -> ModelLine:
    """The model's JSON object (code fences or words around it are ignored). ValueError says
    what is wrong with it."""
    start = text.find("{")
    if start < 0:
        raise ValueError("no JSON object")
    try:
        data, _ = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError as exc:
        raise ValueError("not valid JSON") from exc
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    say, outcome = data.get("say"), data.get("outcome")
    if not isinstance(say, str) or not say.strip():
        raise ValueError('no "say"')
    if outcome not in (None, *Outcome):
        raise ValueError(f'"outcome" is {outcome!r}')
    return ModelLine(
        say.strip()[:MAX_LINE_CHARS],
        Outcome(outcome) if outcome else None,
        bool(data.get("objection", outcome is None)),
    )


def _figures(text: str) -> set[str]:
    return {match.group().replace(",", "") for match in _FIGURE.finditer(text)}


def invented_figures(line: str, known: Sequence[str]) -> list[str]:
    """The figures of `line` (numbers in digits, thousands separators aside) in none of `known`."""
    seen = set().union(*(_figures(text) for text in known))
    return sorted(_figures(line) - seen)


def _facts(scenario: Mapping[str, Any]) -> list[str]:
    keys = ("persona", "situation", "vehicle")
    return [str(scenario.get(key) or "") for key in keys] + list(
        scenario.get("customerLines") or []
    )


def customer_messages(
    scenario: Mapping[str, Any],
    graph: CustomerGraph,
    conversation: Sequence[Mapping[str, Any]],
) -> list[ChatMessage]:
    """The role, the scenario and the conversation so far (the salesperson's turn last)."""
    lines = [
        f"Scenario: {scenario.get('title', '')}",
        f"You are: {scenario.get('persona', '')}",
        f"Situation: {scenario.get('situation', '')}",
        f"The vehicle (the only facts and figures you know): {scenario.get('vehicle', '')}",
        f"What you really want (never say it outright): {graph.motivation}",
        "Your concerns, in order:",
        *(f"- {objection.says[0]}" for objection in graph.objections),
        f"You tolerate {graph.patience} pushy or dismissive turn(s); one more and you leave. "
        f"After {graph.max_turns} turns without being asked for your business, you leave.",
        "",
        "The conversation so far:",
        *(
            f"{'Customer' if turn['speaker'] == 'customer' else 'Salesperson'}: {turn['text']}"
            for turn in conversation
        ),
    ]
    return [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": "\n".join(lines)}]


async def model_reply(
    client: OpenAICompatClient,
    scenario: Mapping[str, Any],
    graph: CustomerGraph,
    conversation: Sequence[Mapping[str, Any]],
    fallback: Reply,
) -> tuple[Reply, str | None]:
    """The model's line as the customer's reply, with the graph's state carried on; else
    `fallback` (the graph's reply to the same turn) and why the model's was not used."""
    messages = customer_messages(scenario, graph, conversation)
    try:
        text = await asyncio.wait_for(
            client.chat(
                messages, max_tokens=MAX_TOKENS, temperature=0.8, response_format=JSON_OBJECT
            ),
            CUSTOMER_TIMEOUT_S,
        )
        line = parse_line(text)
    except TimeoutError:
        why = f"no answer in {CUSTOMER_TIMEOUT_S:g} s"
    except ProviderError as exc:
        why = exc.detail
    except ValueError as exc:
        why = f"the model's answer is not the JSON asked for ({exc})"
    else:
        invented = invented_figures(
            line.say, [*_facts(scenario), *(t["text"] for t in conversation)]
        )
        if not invented:
            before = fallback.state.said[: len(fallback.state.said) - len(fallback.parts)]
            state = replace(fallback.state, said=(*before, line.say), outcome=line.outcome)
            objection = line.objection and line.outcome is None
            return Reply(line.say, state, objection=objection, parts=[line.say]), None
        why = f"the model invented {', '.join(invented)}"
    log.warning("roleplay_llm_fallback", reason=why)
    return fallback, why
