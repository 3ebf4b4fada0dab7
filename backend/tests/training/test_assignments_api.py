"""Assignments: a manager asks their team (an admin anyone) to practise a scenario; who sees and
withdraws which."""

from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.models import Role, TrainingAssignment
from carsales.training.scenarios.library import BUILTIN_SCENARIOS
from tests.conftest import Member, TestDealership
from tests.training.people import add_member

ASSIGNMENTS = "/api/v1/training/assignments"


async def assign(
    client: httpx.AsyncClient,
    by: Member,
    to: Member,
    scenario_id: str = "objection-price",
    **more: Any,
) -> httpx.Response:
    return await client.post(
        ASSIGNMENTS,
        headers=by.headers,
        json={"scenarioId": scenario_id, "userId": to.user.id, **more},
    )


async def test_a_manager_assigns_to_their_team_only(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    manager = dealership[Role.manager]
    seller = dealership[Role.salesperson]
    loner = await add_member(app, client, dealership, "loner")

    created = await assign(
        client, manager, seller, note="Before Saturday's event", dueAt="2030-05-01T17:00:00Z"
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["scenarioTitle"] == BUILTIN_SCENARIOS["objection-price"].title
    assert body["sessionType"] == "objection"
    assert (body["userName"], body["assignedByName"]) == ("Sal Person", "Max Mgr")
    assert body["dueAt"] == "2030-05-01T17:00:00Z"
    assert body["completedSessionId"] is None

    for outsider in (loner, manager, dealership[Role.admin]):
        refused = await assign(client, manager, outsider)
        assert refused.status_code == 400, outsider.user.email
        assert refused.json()["code"] == "invalid_assignee"
    # An admin assigns to anyone in the dealership.
    assert (await assign(client, dealership[Role.admin], loner)).status_code == 201
    assert (await assign(client, seller, seller)).status_code == 403
    unknown = await assign(client, manager, seller, scenario_id="objection-weather")
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "unknown_scenario"


async def test_an_assignment_names_a_custom_scenario_even_once_archived(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    manager = dealership[Role.manager]
    scenario = await client.post(
        "/api/v1/training/scenarios",
        headers=manager.headers,
        json={"sessionType": "closing", "title": "Close the weekend deal"},
    )
    scenario_id = scenario.json()["id"]
    created = await assign(client, manager, dealership[Role.salesperson], scenario_id)
    assert created.json()["scenarioTitle"] == "Close the weekend deal"
    await client.delete(f"/api/v1/training/scenarios/{scenario_id}", headers=manager.headers)
    listed = await client.get(ASSIGNMENTS, headers=manager.headers)
    assert listed.json()["items"][0]["scenarioTitle"] == "Close the weekend deal"
    # Archived scenarios cannot be assigned any more.
    again = await assign(client, manager, dealership[Role.salesperson], scenario_id)
    assert again.status_code == 400


async def test_who_sees_which_assignment(
    app: FastAPI,
    client: httpx.AsyncClient,
    db: AsyncSession,
    dealership: TestDealership,
    other_dealership: TestDealership,
) -> None:
    manager = dealership[Role.manager]
    admin = dealership[Role.admin]
    seller = dealership[Role.salesperson]
    loner = await add_member(app, client, dealership, "loner")
    team = (await assign(client, manager, seller, "closing-summary")).json()
    done = (await assign(client, manager, seller, "pitch-walkaround")).json()
    lone = (await assign(client, admin, loner)).json()
    foreign_manager = other_dealership[Role.manager]
    await assign(client, foreign_manager, other_dealership[Role.salesperson])
    # What the analysis hook does once a session of that scenario is analysed.
    practice = await client.post(
        "/api/v1/sessions", headers=seller.headers, json={"scenarioId": "pitch-walkaround"}
    )
    row = await db.get(TrainingAssignment, done["id"])
    assert row is not None
    row.completed_session_id = practice.json()["id"]
    await db.commit()

    async def visible(member: Member, **params: str) -> list[str]:
        response = await client.get(ASSIGNMENTS, headers=member.headers, params=params)
        assert response.status_code == 200
        return [item["id"] for item in response.json()["items"]]

    assert await visible(seller) == [team["id"], done["id"]]  # open ones first
    assert set(await visible(manager)) == {team["id"], done["id"]}
    assert set(await visible(admin)) == {team["id"], done["id"], lone["id"]}
    assert await visible(admin, userId=loner.user.id) == [lone["id"]]
    assert await visible(manager, userId=loner.user.id) == []
    assert await visible(loner) == [lone["id"]]
    assert await visible(seller, completed="false") == [team["id"]]
    assert await visible(seller, completed="true") == [done["id"]]


async def test_withdrawing_an_assignment(
    app: FastAPI,
    client: httpx.AsyncClient,
    dealership: TestDealership,
    other_dealership: TestDealership,
) -> None:
    manager = dealership[Role.manager]
    seller = dealership[Role.salesperson]
    created = (await assign(client, manager, seller)).json()
    url = f"{ASSIGNMENTS}/{created['id']}"
    assert (await client.delete(url, headers=seller.headers)).status_code == 403
    foreign_admin = other_dealership[Role.admin].headers
    assert (await client.delete(url, headers=foreign_admin)).status_code == 404
    assert (await client.delete(url, headers=manager.headers)).status_code == 204
    assert (await client.get(ASSIGNMENTS, headers=seller.headers)).json()["total"] == 0

    # A manager's own assignment is withdrawn by an admin, not by themself.
    for_manager = (await assign(client, dealership[Role.admin], manager)).json()
    own_url = f"{ASSIGNMENTS}/{for_manager['id']}"
    assert (await client.delete(own_url, headers=manager.headers)).status_code == 403
    assert (await client.delete(own_url, headers=dealership[Role.admin].headers)).status_code == 204
