"""The leaderboard's composite (a weak rep who improves is visible), its filters, and the
dealership's opt-out of public ranking."""

from datetime import timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.kit.time import utcnow
from carsales.models import Role, SessionType
from carsales.team.ratings import composite
from tests.conftest import TestDealership
from tests.team.test_team_api import TEAM, get, practice
from tests.training.people import add_member


async def test_an_improving_rep_outranks_a_flat_stronger_one(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership, db: AsyncSession
) -> None:
    manager = dealership[Role.manager]
    ace = dealership[Role.salesperson]  # Sal Person: strong and flat
    bea = await add_member(app, client, dealership, "bea", manager_id=manager.user.id)
    lou = await add_member(app, client, dealership, "lou")  # nobody's team
    now = utcnow()
    db.add_all(
        [
            practice(ace.user, now - timedelta(days=3), overall=80, scenario_id="objection-price"),
            practice(ace.user, now - timedelta(days=45), overall=80),
            practice(bea.user, now - timedelta(days=2), overall=60, scenario_id="objection-price"),
            practice(bea.user, now - timedelta(days=50), overall=35),
            # No scenario: the mean of the four scores, (50 + 70 + 90 + 70) / 4 = 70.
            practice(
                bea.user,
                now - timedelta(days=1),
                scores=(50, 70, 90, 70),
                session_type=SessionType.closing,
            ),
            practice(lou.user, now - timedelta(days=1), overall=99),
        ]
    )
    await db.commit()

    board = await get(client, manager, "leaderboard")
    assert "improvement" in board["composite"]
    entries = board["entries"]
    assert [entry["name"] for entry in entries] == ["Bea Tester", "Sal Person"]
    first, second = entries
    assert (first["rank"], first["level"], first["improvement"], first["sessions"]) == (
        1,
        65.0,
        30.0,
        2,
    )
    assert first["score"] == round(composite(65.0, 30.0), 1) == 79.0
    assert (second["level"], second["improvement"], second["score"]) == (80.0, 0.0, 68.0)

    # Filters: the scenario, the session type.
    scenario = await get(client, manager, "leaderboard", scenarioId="objection-price")
    assert {entry["name"]: entry["sessions"] for entry in scenario["entries"]} == {
        "Bea Tester": 1,
        "Sal Person": 1,
    }
    closing = await get(client, manager, "leaderboard", sessionType="closing")
    assert [(e["name"], e["level"]) for e in closing["entries"]] == [("Bea Tester", 70.0)]
    week = await get(client, manager, "leaderboard", period="week")
    assert sorted(e["name"] for e in week["entries"]) == ["Bea Tester", "Sal Person"]
    # All time: everyone's sessions; the last 30 days against what came before.
    everything = await get(client, manager, "leaderboard", period="all")
    assert {e["name"]: e["sessions"] for e in everything["entries"]} == {
        "Bea Tester": 3,
        "Sal Person": 2,
    }

    # The admin ranks the dealership; a salesperson too, while the ranking is public.
    admin_board = await get(client, dealership[Role.admin], "leaderboard")
    assert admin_board["entries"][0]["name"] == "Lou Tester"
    seen_by_seller = await get(client, ace, "leaderboard")
    assert seen_by_seller["entries"] == admin_board["entries"]


async def test_a_private_leaderboard_is_for_managers_only(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    admin = dealership[Role.admin]
    current = await client.get("/api/v1/dealerships/current", headers=admin.headers)
    assert current.json()["leaderboardPublic"] is True
    changed = await client.patch(
        "/api/v1/dealerships/current", headers=admin.headers, json={"leaderboardPublic": False}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["leaderboardPublic"] is False

    refused = await client.get(f"{TEAM}/leaderboard", headers=dealership[Role.salesperson].headers)
    assert refused.status_code == 403
    assert "managers" in refused.json()["detail"]
    for role in (Role.manager, Role.admin):
        response = await client.get(f"{TEAM}/leaderboard", headers=dealership[role].headers)
        assert response.status_code == 200
    # Only admins change the setting.
    manager = await client.patch(
        "/api/v1/dealerships/current",
        headers=dealership[Role.manager].headers,
        json={"leaderboardPublic": True},
    )
    assert manager.status_code == 403
