"""A pass mark per scenario (managers' own included) and the managers' "Try it": a typed answer
judged by the real judge (all-MiniLM-L6-v2, `make models`) against the scenario's pass mark."""

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from carsales.ai.registry import ModelMissingError
from carsales.config import Settings
from carsales.models import Role
from carsales.training.judge import DEFAULT_PASS_MARK, get_judge
from carsales.training.scenarios.library import BUILTIN_SCENARIOS
from carsales.training.scenarios.schemas import MAX_TRY_CHARS
from tests.conftest import TestDealership
from tests.training.conftest import _missing
from tests.training.test_judge import CAREFUL, OFF_TOPIC, PUSHY
from tests.training.test_scenarios_api import SCENARIOS, TRADE_IN, create
from tests.training.test_sessions_api import start

TRADE_IN_ANSWER = (
    "I understand, Dana, nobody likes hearing a lower number for a car they looked after. "
    "Let me show you the auction prices for CR-Vs like yours from the last thirty days."
)


@pytest.fixture(scope="module")
def judge_model() -> None:
    directory = Settings().model_dir
    assert directory is not None
    try:
        get_judge(directory).embedder.embed(["warm-up"])
    except ModelMissingError as exc:
        _missing(str(exc))


async def try_answer(
    client: httpx.AsyncClient, headers: dict[str, str], scenario_id: str, answer: str
) -> httpx.Response:
    return await client.post(
        f"{SCENARIOS}/{scenario_id}/try", headers=headers, json={"answer": answer}
    )


async def test_a_managers_scenario_keeps_its_own_pass_mark(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    manager = dealership[Role.manager]
    assert (await create(client, manager))["passMark"] == DEFAULT_PASS_MARK
    strict = await create(client, manager, passMark=85)
    assert strict["passMark"] == 85

    changed = await client.patch(
        f"{SCENARIOS}/{strict['id']}", headers=manager.headers, json={"passMark": 60}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["passMark"] == 60
    listed = await client.get(SCENARIOS, headers=dealership[Role.salesperson].headers)
    assert {s["id"]: s["passMark"] for s in listed.json()}[strict["id"]] == 60

    # A session copies the mark it will be judged against, so a later edit does not move it.
    session = await start(client, dealership[Role.salesperson], scenarioId=strict["id"])
    assert session["scenario"]["passMark"] == 60

    for bad in (-1, 101, None):
        refused = await client.patch(
            f"{SCENARIOS}/{strict['id']}", headers=manager.headers, json={"passMark": bad}
        )
        assert refused.status_code == 422, bad
    assert (
        await client.post(SCENARIOS, headers=manager.headers, json={**TRADE_IN, "passMark": 101})
    ).status_code == 422
    # Built-in scenarios keep theirs.
    builtin = await client.patch(
        f"{SCENARIOS}/objection-price", headers=manager.headers, json={"passMark": 10}
    )
    assert builtin.status_code == 400
    assert builtin.json()["code"] == "builtin_scenario"


@pytest.mark.usefixtures("judge_model")
async def test_try_it_judges_a_typed_answer_like_a_session(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    headers = dealership[Role.manager].headers
    careful = await try_answer(client, headers, "objection-price", CAREFUL)
    assert careful.status_code == 200, careful.text
    good = careful.json()
    assert good["passed"] is True
    assert good["overall"] >= BUILTIN_SCENARIOS["objection-price"].pass_mark
    assert good["judgement"]["delivery"] is None  # nothing was heard: content alone
    assert good["overall"] == good["judgement"]["content"]
    assert {item["id"] for item in good["rubric"]} == {
        item.id for item in BUILTIN_SCENARIOS["objection-price"].rubric
    }

    pushy = (await try_answer(client, headers, "objection-price", PUSHY)).json()
    assert pushy["passed"] is False
    assert {move["kind"] for move in pushy["judgement"]["moves"]} >= {"pressure"}
    failed = [item for item in pushy["rubric"] if not item["passed"]]
    assert failed and all(item["modelAnswer"] for item in failed)

    off_topic = (await try_answer(client, headers, "objection-price", OFF_TOPIC)).json()
    assert off_topic["judgement"]["offTopic"] is True
    assert off_topic["passed"] is False


@pytest.mark.usefixtures("judge_model")
async def test_try_it_uses_the_scenarios_pass_mark(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    manager = dealership[Role.manager]
    rubric = [
        {
            "label": "Acknowledge the feeling",
            "phrases": ["i understand"],
            "exemplars": {
                "pass": ["I understand how you feel about the number."],
                "fail": ["That's just what it's worth, take it or leave it."],
            },
        },
        {  # which the answer does not do
            "label": "Ask for the trade",
            "phrases": ["trade it in today"],
            "exemplars": {"pass": ["If we get closer on the number, will you trade it in today?"]},
        },
    ]
    verdicts: dict[int, dict[str, Any]] = {}
    for mark in (0, 100):
        scenario = await create(client, manager, rubric=rubric, passMark=mark)
        response = await try_answer(client, manager.headers, scenario["id"], TRADE_IN_ANSWER)
        assert response.status_code == 200, response.text
        verdicts[mark] = response.json()
    # The same answer, the same score: only the mark decides.
    assert 0 < verdicts[0]["overall"] == verdicts[100]["overall"] < 100
    assert (verdicts[0]["passed"], verdicts[100]["passed"]) == (True, False)
    assert [v["judgement"]["passMark"] for v in verdicts.values()] == [0, 100]
    assert [item["passed"] for item in verdicts[0]["rubric"]] == [True, False]
    assert verdicts[0]["rubric"][0]["evidence"]


async def test_try_it_is_for_managers_within_limits(
    app: FastAPI,
    client: httpx.AsyncClient,
    dealership: TestDealership,
    other_dealership: TestDealership,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    manager = dealership[Role.manager]
    seller = dealership[Role.salesperson]
    assert (await try_answer(client, seller.headers, "objection-price", "Hi")).status_code == 403
    too_long = await try_answer(
        client, manager.headers, "objection-price", "a" * (MAX_TRY_CHARS + 1)
    )
    assert too_long.status_code == 422
    blank = await try_answer(client, manager.headers, "objection-price", "   ")
    assert blank.status_code == 422

    foreign = await create(client, other_dealership[Role.manager])
    assert (await try_answer(client, manager.headers, foreign["id"], "Hi")).status_code == 404
    archived = await create(client, manager)
    await client.delete(f"{SCENARIOS}/{archived['id']}", headers=manager.headers)
    assert (await try_answer(client, manager.headers, archived["id"], "Hi")).status_code == 404

    # Each try runs the judge: a manager hammering the button is told to wait.
    monkeypatch.setattr(app.state.settings, "rate_limit_scenario_try_per_user", 2)
    codes = [
        (await try_answer(client, manager.headers, "no-such-scenario", "Hi")).status_code
        for _ in range(3)
    ]
    assert codes[-1] == 429
