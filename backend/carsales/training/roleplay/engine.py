"""The customer's next line: a pure step from the conversation's state and what the salesperson's
turn did (turns.py judges that) to the reply and the new state. graph.py has the rules."""

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

from carsales.training.roleplay.graph import CustomerGraph


class Outcome(StrEnum):
    agreed = "agreed"
    walked_away = "walked_away"


class Move(StrEnum):
    """What a salesperson's turn did, in the words trainers use (the report shows them)."""

    acknowledged = "acknowledged"
    asked = "asked"
    isolated = "isolated"
    showed_value = "showed value"
    discounted = "discounted"
    pushed = "pushed"
    disrespected = "disrespected"
    closed = "closed"


@dataclass(frozen=True, slots=True)
class TurnJudgement:
    """What one of the salesperson's turns did: the rubric items it passed, by meaning, and
    whether it held a negative move (pressure, dismissing, an early discount, talking over,
    disrespect)."""

    passed: frozenset[str]
    negative: bool = False
    moves: tuple[Move, ...] = ()


@dataclass(frozen=True, slots=True)
class State:
    objection: int = 0  # the objection that stands (len(objections): all answered)
    met: tuple[str, ...] = ()  # the needs of that objection met so far
    strikes: int = 0  # turns with a negative move
    turn: int = 0  # the salesperson's turns so far
    said: tuple[str, ...] = ()  # the lines used, so that phrasings take turns
    outcome: Outcome | None = None

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "outcome": self.outcome.value if self.outcome else None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "State":
        outcome = data.get("outcome")
        return cls(
            objection=int(data.get("objection", 0)),
            met=tuple(data.get("met", ())),
            strikes=int(data.get("strikes", 0)),
            turn=int(data.get("turn", 0)),
            said=tuple(data.get("said", ())),
            outcome=Outcome(outcome) if outcome else None,
        )


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    state: State
    objection: bool  # an objection stands after this line (the patience measure starts here)
    parts: list[str] = field(default_factory=list)

    @property
    def final(self) -> bool:
        return self.state.outcome is not None


def _pick(lines: Sequence[str], said: Sequence[str], turn: int) -> str:
    """A phrasing not used yet if there is one, else the one used longest ago; the turn number
    picks among the fresh ones, so the order is not always the file's."""
    fresh = [line for line in lines if line not in said]
    if fresh:
        return fresh[turn % len(fresh)]
    return min(lines, key=lambda line: max(i for i, s in enumerate(said) if s == line))


def opening(graph: CustomerGraph) -> Reply:
    """The customer's first line: the first objection, as the scenario's first line says it."""
    text = graph.objections[0].says[0]
    return Reply(text, State(said=(text,)), objection=True, parts=[text])


def step(graph: CustomerGraph, state: State, turn: TurnJudgement) -> Reply:
    """The customer's answer to the salesperson's turn."""
    if state.outcome is not None:
        raise ValueError("the conversation is over")
    now = replace(state, turn=state.turn + 1)
    parts: list[str] = []

    def say(lines: Sequence[str]) -> None:
        parts.append(_pick(lines, [*now.said, *parts], now.turn))

    def reply(outcome: Outcome | None = None) -> Reply:
        after = replace(now, said=(*now.said, *parts), outcome=outcome)
        stands = outcome is None and after.objection < len(graph.objections)
        return Reply(" ".join(parts), after, objection=stands, parts=parts)

    if turn.negative:
        # No progress on a pushy turn, whatever else it said: the customer hears the push.
        now = replace(now, strikes=now.strikes + 1)
        if now.strikes > graph.patience:
            say(graph.walk_away)
            return reply(Outcome.walked_away)
        say(graph.insulted if Move.disrespected in turn.moves else graph.pushed)
        if now.objection < len(graph.objections):
            say(graph.objections[now.objection].stuck)
        return reply()
    closed = bool(turn.passed & set(graph.close))
    if now.objection < len(graph.objections):
        objection = graph.objections[now.objection]
        met = [*now.met]
        met += [n for n in objection.needs if n not in met and set(n.split("|")) & turn.passed]
        if len(met) == len(objection.needs):
            now = replace(now, objection=now.objection + 1, met=())
            say(objection.resolved)
            if now.objection < len(graph.objections):
                parts.append(graph.objections[now.objection].says[0])
                return reply()
            if closed:
                say(graph.agree)
                return reply(Outcome.agreed)
            say(graph.ready)
        else:
            now = replace(now, met=tuple(met))
            say(graph.not_yet if closed else objection.stuck)
    elif closed:
        say(graph.agree)
        return reply(Outcome.agreed)
    else:
        say(graph.ready)
    if now.turn >= graph.max_turns:
        parts.clear()
        say(graph.walk_away)
        return reply(Outcome.walked_away)
    return reply()
