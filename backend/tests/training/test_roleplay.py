"""The role-play customer without the live path: every built-in scenario's dialogue graph driven
by the real semantic judge (a good salesperson wins the customer, a pushy one loses them, the
customer is no pushover and does not repeat themselves), the conversation measures, the plain
graph of a scenario without one, the customer played by a model (a scripted client whose
answers the tests choose, a provider that is down, and a real llama.cpp server, and the app's
configured one reaching the live customer), and migration 0012."""

import asyncio
import json
import sqlite3
from collections.abc import Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from fastapi import FastAPI

from carsales.ai.openai_compat import ChatMessage, OpenAICompatClient
from carsales.config import Settings
from carsales.kit.time import utcnow
from carsales.main import create_fastapi
from carsales.migrate import alembic_config, upgrade
from carsales.training.judge import Judge, judged_scenario
from carsales.training.roleplay import llm
from carsales.training.roleplay.engine import (
    Move,
    Outcome,
    Reply,
    State,
    TurnJudgement,
    opening,
    step,
)
from carsales.training.roleplay.graph import CustomerGraph, default_graph, scenario_graph
from carsales.training.roleplay.llm import invented_figures, model_reply, parse_line
from carsales.training.roleplay.measures import patience_s, talk_ratio, with_final_words
from carsales.training.roleplay.turns import judge_turn
from carsales.training.scenarios.library import BUILTIN_SCENARIOS
from tests.content.conftest import gemma_model, llm_base_url  # noqa: F401 (fixtures)
from tests.training.test_judge import judge  # noqa: F401 (a fixture)

PUSHY = (
    "Look, take it or leave it. Sign here now.",
    "The price is the price. You need to buy it right now.",
    "Just sign, you're overthinking it.",
)
# Mark, as a careful salesperson answers him, in words of their own (not the exemplars').
CAREFUL = (
    "I hear you, Mark, nobody wants to overpay. Which dealer is that, and is it the same XLT "
    "with the 302A package?",
    "Let's compare apples to apples. Our price has no add-ons or market adjustment; once you "
    "add their dealer fees the out-the-door number is very close.",
    "I'll break it down line by line so you see exactly what you pay. Does that make sense? "
    "Shall we go ahead and get the paperwork started?",
)


def snapshot(scenario_id: str) -> dict[str, Any]:
    return BUILTIN_SCENARIOS[scenario_id].snapshot()


def play(
    judge: Judge,  # noqa: F811 (the fixture, passed on)
    scenario_id: str,
    turns: tuple[str, ...],
) -> list[Reply]:
    """The customer's replies to `turns`, the opening first, until the conversation is over."""
    data = snapshot(scenario_id)
    graph, judged = scenario_graph(data), judged_scenario(data)
    replies = [opening(graph)]
    for text in turns:
        replies.append(step(graph, replies[-1].state, judge_turn(judge, judged, text)))
        if replies[-1].final:
            break
    return replies


def good_path(scenario_id: str) -> tuple[str, ...]:
    """One turn per objection saying an exemplar of each item it needs, then an exemplar of the
    close: the answers a trainer wrote for the scenario's rubric."""
    data = snapshot(scenario_id)
    graph = scenario_graph(data)
    passing = {item.id: item.passing for item in judged_scenario(data).items}
    turns = [
        " ".join(passing[need.split("|")[0]][0] for need in objection.needs)
        for objection in graph.objections
    ]
    return (*turns, passing[graph.close[0]][0])


def test_every_builtin_scenario_has_a_customer_of_its_own() -> None:
    for scenario in BUILTIN_SCENARIOS.values():
        assert scenario.customer is not None, scenario.id
        # Its first objection is the line that opens the scenario.
        assert scenario.customer.objections[0].says[0] == scenario.customer_lines[0]


@pytest.mark.parametrize("scenario_id", sorted(BUILTIN_SCENARIOS))
def test_a_good_salesperson_wins_the_customer(
    judge: Judge,  # noqa: F811 (the fixture)
    scenario_id: str,
) -> None:
    replies = play(judge, scenario_id, good_path(scenario_id))
    assert replies[-1].state.outcome is Outcome.agreed, [r.text for r in replies]
    assert replies[-1].state.strikes == 0
    # Every objection was raised and answered on the way.
    assert len(replies) == len(scenario_graph(snapshot(scenario_id)).objections) + 2


@pytest.mark.parametrize("scenario_id", sorted(BUILTIN_SCENARIOS))
def test_a_pushy_salesperson_loses_the_customer(
    judge: Judge,  # noqa: F811 (the fixture)
    scenario_id: str,
) -> None:
    graph = scenario_graph(snapshot(scenario_id))
    replies = play(judge, scenario_id, PUSHY)
    assert replies[-1].state.outcome is Outcome.walked_away
    # One push more than the customer's patience, not sooner.
    assert len(replies) == graph.patience + 2
    if graph.patience:
        assert replies[1].parts[0] in graph.pushed and replies[1].state.strikes == 1
    assert replies[-1].text in graph.walk_away


def test_a_careful_salesperson_in_their_own_words_wins_mark(
    judge: Judge,  # noqa: F811 (the fixture)
) -> None:
    replies = play(judge, "objection-price", CAREFUL)
    assert [r.state.outcome for r in replies] == [None, None, None, Outcome.agreed]
    assert "a truck's a truck" in replies[1].text and "what can you do" in replies[2].text


def test_the_customer_is_no_pushover(judge: Judge) -> None:  # noqa: F811 (the fixture)
    data = snapshot("objection-price")
    graph, judged = scenario_graph(data), judged_scenario(data)
    start = opening(graph).state
    # Asked for the business before the objection is answered: not yet.
    asked = judge_turn(judge, judged, "Would you like to move forward with this one today?")
    assert Move.closed in asked.moves
    early = step(graph, start, asked)
    assert early.state.outcome is None and early.text in graph.not_yet and early.objection
    # A discount before any value was shown is a negative move, and no progress.
    cut = judge_turn(judge, judged, "I'll knock two thousand off right now to match them.")
    assert cut.negative and cut.moves[0] is Move.discounted
    after = step(graph, early.state, cut)
    assert after.state.strikes == 1 and after.state.objection == 0
    # Saying nothing useful turn after turn wears the customer out.
    state, silent = after.state, TurnJudgement(frozenset())
    while state.outcome is None:
        state = step(graph, state, silent).state
    assert state.outcome is Outcome.walked_away and state.turn == graph.max_turns


def test_an_insult_gets_an_answer_to_the_insult_and_costs_a_strike(
    judge: Judge,  # noqa: F811 (the fixture)
) -> None:
    data = snapshot("objection-price")
    graph, judged = scenario_graph(data), judged_scenario(data)
    start = opening(graph).state
    for rude in (
        "Honestly, you'd be an idiot to buy from them.",
        "If you can't see the difference I don't know what to tell you.",
    ):
        turn = judge_turn(judge, judged, rude)
        assert turn.negative and turn.moves[0] is Move.disrespected, turn
        reply = step(graph, start, turn)
        assert reply.parts[0] in graph.insulted and reply.parts[0] not in graph.pushed
        assert reply.state.strikes == 1 and reply.state.objection == 0
    # Pressure is still answered as pressure.
    pushy = step(graph, start, judge_turn(judge, judged, PUSHY[0]))
    assert pushy.parts[0] in graph.pushed


def test_the_customer_does_not_repeat_themselves() -> None:
    graph = scenario_graph(snapshot("objection-trade-in"))
    reply, lines = opening(graph), []
    for _ in range(6):
        reply = step(graph, reply.state, TurnJudgement(frozenset()))
        lines.append(reply.text)
    stuck = graph.objections[0].stuck
    # Every phrasing is used before one comes back, and never twice in a row.
    assert set(lines[: len(stuck)]) == set(stuck)
    assert all(a != b for a, b in pairwise(lines))


def test_the_state_survives_the_database() -> None:
    graph = scenario_graph(snapshot("objection-spouse"))
    reply = step(graph, opening(graph).state, TurnJudgement(frozenset({"acknowledge"})))
    stored = json.loads(json.dumps(reply.state.to_json()))
    assert State.from_json(stored) == reply.state
    with pytest.raises(ValueError, match="over"):
        step(graph, State(outcome=Outcome.agreed), TurnJudgement(frozenset()))


def test_a_scenario_without_a_graph_plays_its_lines_in_turn() -> None:
    data = {**snapshot("objection-price"), "customer": None}
    graph = scenario_graph(data)
    assert [o.says[0] for o in graph.objections] == data["customerLines"]
    assert graph.close == ["ask"] and graph.objections[0].needs == ["acknowledge"]
    with pytest.raises(ValueError, match="customer lines"):
        default_graph([], ["ask"])


def test_graph_items_must_be_the_rubrics() -> None:
    customer = snapshot("objection-price")["customer"]
    graph = CustomerGraph.model_validate(customer)
    graph.check_items(["acknowledge", "clarify", "isolate", "respond", "confirm", "ask"])
    with pytest.raises(ValueError, match="'respond', not a rubric item"):
        graph.check_items(["acknowledge", "clarify", "isolate", "confirm", "ask"])


def test_talk_ratio_and_patience_come_from_the_turns() -> None:
    turns = [
        {"speaker": "customer", "start": 0.0, "end": 4.0, "objection": True},
        {"speaker": "salesperson", "start": 5.5, "end": 11.5},
        {"speaker": "customer", "start": 12.0, "end": 14.0, "objection": True},
        {"speaker": "salesperson", "start": 14.2, "end": 18.2},
        {"speaker": "customer", "start": 19.0, "end": 21.0, "objection": False},
        {"speaker": "salesperson", "start": 23.0, "end": 25.0},
    ]
    assert talk_ratio(turns) == round(12 / 20, 3)
    # The pauses after the two objections, 1.5 s and 0.2 s; not the one after the last line.
    assert patience_s(turns) == pytest.approx(0.85)
    assert talk_ratio(turns[:1]) is None and patience_s(turns[:1]) is None


def test_the_salespersons_turns_read_as_the_final_transcript() -> None:
    turns = [
        {"speaker": "customer", "start": 0.0, "end": 4.0, "text": "Too dear.", "objection": True},
        {"speaker": "salesperson", "start": 5.0, "end": 8.0, "text": "the free hundred package"},
        {"speaker": "customer", "start": 9.0, "end": 10.0, "text": "Why?", "objection": True},
        {"speaker": "salesperson", "start": 11.0, "end": 12.0, "text": "live words kept"},
    ]
    words = [
        {"word": " It", "start": 4.8, "end": 5.0},  # starts a little before the live span
        {"word": " has", "start": 5.1, "end": 5.4},
        {"word": " the", "start": 5.5, "end": 5.6},
        {"word": " 300A", "start": 5.7, "end": 6.4},
        {"word": " package.", "start": 6.5, "end": 7.1},
        {"word": " echo", "start": 9.2, "end": 9.6},  # under the customer's line: not theirs
    ]
    rewritten = with_final_words(turns, words)
    assert [turn["text"] for turn in rewritten] == [
        "Too dear.",
        "It has the 300A package.",
        "Why?",
        "live words kept",  # no final word in its span
    ]
    assert rewritten[1]["start"] == 5.0 and turns[1]["text"] == "the free hundred package"


# The model as the customer.


class ScriptedModel(OpenAICompatClient):
    """A provider that answers every request with `answer` after `delay` s, and keeps what it
    was asked (the HTTP side is the real llama.cpp test's, below)."""

    def __init__(self, answer: str, delay: float = 0.0) -> None:
        super().__init__("http://model.invalid/v1")
        self.answer, self.delay = answer, delay
        self.asked: list[tuple[list[ChatMessage], Mapping[str, Any] | None]] = []

    async def chat(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 400,
        temperature: float = 0.7,
        response_format: Mapping[str, Any] | None = None,
    ) -> str:
        self.asked.append((list(messages), response_format))
        await asyncio.sleep(self.delay)
        return self.answer


def _line(say: str, outcome: str | None = None, objection: bool = True) -> str:
    return json.dumps({"say": say, "outcome": outcome, "objection": objection})


def _graph_reply() -> tuple[dict[str, Any], CustomerGraph, list[dict[str, Any]], Reply]:
    data = snapshot("objection-price")
    graph = scenario_graph(data)
    first = opening(graph)
    said = "I understand. Which dealer is that?"
    fallback = step(graph, first.state, TurnJudgement(frozenset({"acknowledge", "clarify"})))
    conversation = [
        {"speaker": "customer", "text": first.text},
        {"speaker": "salesperson", "text": said},
    ]
    return data, graph, conversation, fallback


@pytest.mark.parametrize(
    ("answer", "used", "why"),
    [
        (_line("It's Riverside Ford. Same truck, $51,000 out the door."), False, "invented 51000"),
        (_line("Riverside Ford. Same XLT, the 302A, for two grand less."), True, None),
        ("Sure! I'd love to.", False, "not the JSON asked for"),
        (_line("Fine. Write it up.", "agreed", objection=False), True, None),
    ],
)
def test_the_model_plays_the_customer_within_the_scenarios_facts(
    answer: str, used: bool, why: str | None
) -> None:
    data, graph, conversation, fallback = _graph_reply()
    model = ScriptedModel(answer)
    reply, reason = asyncio.run(model_reply(model, data, graph, conversation, fallback))
    if used:
        line = parse_line(answer)
        assert reply.text == line.say and reason is None
        assert reply.state.outcome == line.outcome and reply.objection == line.objection
        # The graph's count goes on under the model's line.
        assert reply.state.objection == fallback.state.objection
        assert reply.state.said[-1] == line.say
    else:
        assert reply is fallback and why is not None and reason is not None and why in reason
    # What the model is told: the persona, the vehicle and the conversation, in JSON mode.
    [(messages, response_format)] = model.asked
    asked = messages[-1]["content"]
    assert "$52,890" in asked and "Salesperson: I understand. Which dealer is that?" in asked
    assert graph.motivation in asked and response_format == {"type": "json_object"}


def test_a_slow_or_absent_provider_leaves_the_graph_answering(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data, graph, conversation, fallback = _graph_reply()
    down = OpenAICompatClient("http://127.0.0.1:9/v1", timeout_s=2)
    reply, reason = asyncio.run(model_reply(down, data, graph, conversation, fallback))
    assert reply is fallback and reason and "ConnectError" in reason
    monkeypatch.setattr(llm, "CUSTOMER_TIMEOUT_S", 0.1)
    slow = ScriptedModel(_line("Well, let me think."), delay=1)
    reply, reason = asyncio.run(model_reply(slow, data, graph, conversation, fallback))
    assert reply is fallback and reason == "no answer in 0.1 s"


def test_figures_are_checked_against_the_facts() -> None:
    known = ["$52,890 for the XLT", "almost two grand less"]
    assert invented_figures("Still $52,890? Two grand is two grand.", known) == []
    assert invented_figures("They want 50,990 and 3.9% financing.", known) == ["3.9", "50990"]


def test_a_real_llama_cpp_server_plays_the_customer(
    llm_base_url: str,  # noqa: F811 (the fixture)
) -> None:
    """The request as a real server reads it: Gemma 3 270M answers, and whatever it says, the
    reply is either its line, with no invented figure, or the graph's."""
    data, graph, conversation, fallback = _graph_reply()
    client = OpenAICompatClient(llm_base_url)
    reply, reason = asyncio.run(model_reply(client, data, graph, conversation, fallback))
    if reason is None:
        assert reply.text and not invented_figures(reply.text, [data["vehicle"], data["persona"]])
    else:
        assert reply is fallback


def test_migration_0012_makes_old_sessions_solo_and_goes_back(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0011")
    now = utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(tmp_path / "old.db") as connection:  # foreign keys are off here
        connection.execute(
            "INSERT INTO training_sessions (id, dealership_id, user_id, session_type, status,"
            " source, started_at, live_parts, live_seconds, feedback, created_at, updated_at)"
            " VALUES (?, ?, ?, 'pitch', 'completed', 'live', ?, 0, 0, '[]', ?, ?)",
            ("a" * 32, "d" * 32, "u" * 32, now, now, now),
        )

    upgrade(url, "0012")

    with sqlite3.connect(tmp_path / "old.db") as connection:
        row = connection.execute("SELECT mode, turns FROM training_sessions").fetchone()
        # Dropping columns copies the table on SQLite, which checks the foreign keys.
        connection.execute("DELETE FROM training_sessions")
    assert row == ("solo", None)
    command.downgrade(alembic_config(url), "0011")
    with sqlite3.connect(tmp_path / "old.db") as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(training_sessions)")}
    assert not {"mode", "turns"} & columns and "measures" in columns


async def test_the_live_customer_is_played_by_the_configured_provider(
    app: FastAPI, settings: Settings
) -> None:
    assert app.state.live_training.customer.llm is None  # offline: the graph alone
    update = {"llm_base_url": "http://127.0.0.1:9/v1", "llm_model": "customer"}
    configured = create_fastapi(settings.model_copy(update=update))
    try:
        model = configured.state.live_training.customer.llm
        assert (model.base_url, model.model) == ("http://127.0.0.1:9/v1", "customer")
    finally:
        await configured.state.engine.dispose()
