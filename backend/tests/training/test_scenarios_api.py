"""Scenarios: the built-in library, a dealership's own scenarios (written, edited and archived by
managers), and the customer's lines spoken by the server."""

import shutil
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from carsales.models import Role
from carsales.training.scenarios.library import BUILTIN_SCENARIOS
from carsales.training.scenarios.service import tts_cache_key
from tests.conftest import Member, TestDealership
from tests.training.people import add_member

SCENARIOS = "/api/v1/training/scenarios"

TRADE_IN = {
    "sessionType": "objection",
    "title": "Trade-in too low",
    "persona": "Dana, proud of her well-kept SUV",
    "situation": "She expected 4,000 more for her trade-in.",
    "vehicle": "2019 Honda CR-V",
    "customerLines": ["That's way less than I expected for my trade."],
    "rubric": [
        {"label": "Acknowledge the feeling", "phrases": ["i understand", "i hear you"]},
        {"label": "Acknowledge the feeling", "phrases": ["fair question"]},
        {"id": "market", "label": "Show the market data", "phrases": ["auction ... prices"]},
    ],
}


async def create(client: httpx.AsyncClient, member: Member, **changes: Any) -> dict[str, Any]:
    response = await client.post(SCENARIOS, headers=member.headers, json={**TRADE_IN, **changes})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def test_the_library_comes_first_then_the_dealerships_own(
    client: httpx.AsyncClient, dealership: TestDealership, other_dealership: TestDealership
) -> None:
    custom = await create(client, dealership[Role.manager])
    foreign = await create(client, other_dealership[Role.manager], title="Elsewhere")

    response = await client.get(SCENARIOS, headers=dealership[Role.salesperson].headers)
    assert response.status_code == 200
    listed = response.json()
    assert [item["id"] for item in listed] == [*BUILTIN_SCENARIOS, custom["id"]]
    assert all(item["builtin"] for item in listed[:-1])
    assert listed[0] == BUILTIN_SCENARIOS["pitch-walkaround"].snapshot()
    assert foreign["id"] not in {item["id"] for item in listed}

    closing = await client.get(
        SCENARIOS, headers=dealership[Role.salesperson].headers, params={"sessionType": "closing"}
    )
    expected = [key for key, s in BUILTIN_SCENARIOS.items() if s.session_type == "closing"]
    assert [item["id"] for item in closing.json()] == expected


async def test_a_managers_scenario_is_stored_with_a_checked_rubric(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    created = await create(client, dealership[Role.manager])
    assert created["builtin"] is False
    assert created["title"] == "Trade-in too low"
    # Ids made from the labels, unique; a given id is kept.
    assert [item["id"] for item in created["rubric"]] == [
        "acknowledge-the-feeling",
        "acknowledge-the-feeling-2",
        "market",
    ]
    bad_phrase = await client.post(
        SCENARIOS,
        headers=dealership[Role.manager].headers,
        json={**TRADE_IN, "rubric": [{"label": "Finance", "phrases": ["financ*"]}]},
    )
    assert bad_phrase.status_code == 400
    assert bad_phrase.json()["code"] == "invalid_rubric"
    assert "financ*" in bad_phrase.json()["detail"]
    no_title = await client.post(
        SCENARIOS, headers=dealership[Role.manager].headers, json={**TRADE_IN, "title": " "}
    )
    assert no_title.status_code == 422


async def test_managers_edit_and_archive_and_salespeople_cannot(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    manager = dealership[Role.manager]
    seller = dealership[Role.salesperson]
    scenario = await create(client, manager)
    url = f"{SCENARIOS}/{scenario['id']}"
    before_edit = await client.post(
        "/api/v1/sessions", headers=seller.headers, json={"scenarioId": scenario["id"]}
    )
    assert before_edit.status_code == 201

    assert (await client.post(SCENARIOS, headers=seller.headers, json=TRADE_IN)).status_code == 403
    assert (await client.patch(url, headers=seller.headers, json={})).status_code == 403
    other_manager = await add_member(app, client, dealership, "morgan", Role.manager)
    assert (await client.patch(url, headers=other_manager.headers, json={})).status_code == 403

    edited = await client.patch(
        url,
        headers=manager.headers,
        json={"title": "Trade-in offer", "rubric": [{"label": "Empathy", "phrases": ["i see"]}]},
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["title"] == "Trade-in offer"
    # No exemplars given: the judge reads the phrases (carsales/training/judge/scenario.py).
    assert edited.json()["rubric"] == [
        {"id": "empathy", "label": "Empathy", "phrases": ["i see"], "exemplars": None}
    ]
    assert edited.json()["customerLines"] == TRADE_IN["customerLines"]
    null_title = await client.patch(url, headers=manager.headers, json={"title": None})
    assert null_title.status_code == 422
    by_admin = await client.patch(
        url, headers=dealership[Role.admin].headers, json={"vehicle": "2020 Honda CR-V"}
    )
    assert by_admin.json()["vehicle"] == "2020 Honda CR-V"

    # The session keeps the scenario as it was when it started.
    session = await client.get(
        f"/api/v1/sessions/{before_edit.json()['id']}", headers=seller.headers
    )
    assert session.json()["scenario"]["title"] == "Trade-in too low"

    assert (await client.delete(url, headers=seller.headers)).status_code == 403
    assert (await client.delete(url, headers=manager.headers)).status_code == 204
    listed = await client.get(SCENARIOS, headers=manager.headers)
    assert scenario["id"] not in {item["id"] for item in listed.json()}
    assert (await client.patch(url, headers=manager.headers, json={})).status_code == 404
    archived = await client.post(
        "/api/v1/sessions", headers=seller.headers, json={"scenarioId": scenario["id"]}
    )
    assert archived.status_code == 400


async def test_built_in_scenarios_cannot_be_changed(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    headers = dealership[Role.admin].headers
    edit = await client.patch(f"{SCENARIOS}/objection-price", headers=headers, json={"title": "x"})
    assert edit.status_code == 400
    assert edit.json()["code"] == "builtin_scenario"
    archive = await client.delete(f"{SCENARIOS}/objection-price", headers=headers)
    assert archive.status_code == 400


async def test_another_dealerships_scenario_is_not_found(
    client: httpx.AsyncClient, dealership: TestDealership, other_dealership: TestDealership
) -> None:
    foreign = await create(client, other_dealership[Role.manager])
    headers = dealership[Role.admin].headers
    url = f"{SCENARIOS}/{foreign['id']}"
    assert (await client.patch(url, headers=headers, json={})).status_code == 404
    assert (await client.get(f"{url}/lines/0/audio", headers=headers)).status_code == 404
    session = await client.post(
        "/api/v1/sessions", headers=headers, json={"scenarioId": foreign["id"]}
    )
    assert session.status_code == 400


async def test_the_customers_lines_are_spoken_and_cached(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership, espeak: None
) -> None:
    headers = dealership[Role.salesperson].headers
    scenario = BUILTIN_SCENARIOS["objection-price"]
    url = f"{SCENARIOS}/{scenario.id}/lines/1/audio"
    response = await client.get(url, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "audio/wav"
    assert response.content[:4] == b"RIFF" and response.content[8:12] == b"WAVE"
    assert len(response.content) > 16_000  # more than half a second of 16 kHz PCM16
    key = tts_cache_key(dealership.id, scenario.customer_lines[1])
    assert await app.state.storage.get_bytes(key) == response.content
    assert (await client.get(url, headers=headers)).content == response.content

    past_the_end = f"{SCENARIOS}/{scenario.id}/lines/{len(scenario.customer_lines)}/audio"
    assert (await client.get(past_the_end, headers=headers)).status_code == 404
    unknown = await client.get(f"{SCENARIOS}/objection-weather/lines/0/audio", headers=headers)
    assert unknown.status_code == 404


async def test_without_espeak_the_line_audio_says_so(
    client: httpx.AsyncClient, dealership: TestDealership, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = await create(
        client, dealership[Role.manager], customerLines=["A line nobody has heard before."]
    )
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    response = await client.get(
        f"{SCENARIOS}/{scenario['id']}/lines/0/audio", headers=dealership[Role.salesperson].headers
    )
    assert response.status_code == 503
    assert response.json()["code"] == "speech_unavailable"
    assert "espeak-ng is not installed" in response.json()["detail"]
