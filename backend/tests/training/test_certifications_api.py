"""Certifications: a set of scenarios with pass marks; whoever has passed them all holds it,
from the moment it is defined or their passing analysis completes, until it expires."""

from datetime import timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.kit.time import utcnow
from carsales.models import CertificationAward, Role
from carsales.training.certifications.service import held_by
from tests.conftest import Member, TestDealership
from tests.training.coaching import analysed
from tests.training.people import add_member

CERTIFICATIONS = "/api/v1/certifications"
ITEMS = [
    {"scenarioId": "objection-price", "passMark": 70},
    {"scenarioId": "closing-summary", "passMark": 60},
]


async def certify(
    client: httpx.AsyncClient, by: Member, name: str = "Price ready", **more: Any
) -> httpx.Response:
    return await client.post(
        CERTIFICATIONS, headers=by.headers, json={"name": name, "items": ITEMS, **more}
    )


async def holders(client: httpx.AsyncClient, by: Member, certification_id: str) -> list[str]:
    response = await client.get(f"{CERTIFICATIONS}/{certification_id}/holders", headers=by.headers)
    assert response.status_code == 200, response.text
    return [holder["userName"] for holder in response.json()["items"]]


async def test_passes_made_before_count_when_a_certification_is_defined(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    manager, seller = dealership[Role.manager], dealership[Role.salesperson]
    await analysed(app, seller.user, "objection-price", overall=65, passed=True)  # too low
    await analysed(app, seller.user, "objection-price", overall=72, passed=True)
    await analysed(app, seller.user, "closing-summary", overall=60, passed=True)
    halfway = await add_member(app, client, dealership, "half", manager_id=manager.user.id)
    await analysed(app, halfway.user, "objection-price", overall=99, passed=True)

    created = await certify(client, manager, validDays=30, description="Before the sale")
    assert created.status_code == 201, created.text
    certification = created.json()
    assert [item["scenarioTitle"] is not None for item in certification["items"]] == [True, True]
    assert certification["award"] is None  # the manager holds nothing
    assert await holders(client, manager, certification["id"]) == ["Sal Person"]

    mine = await client.get(f"{CERTIFICATIONS}/{certification['id']}", headers=seller.headers)
    assert mine.json()["award"]["expired"] is False
    expires = mine.json()["award"]["expiresAt"]
    assert expires > (utcnow() + timedelta(days=29)).isoformat()
    theirs = await client.get(CERTIFICATIONS, headers=halfway.headers)
    assert [item["passed"] for item in theirs.json()["items"][0]["items"]] == [True, False]

    held = await held_by(db, dealership.id, [seller.user.id, halfway.user.id])
    assert [c.name for c in held[seller.user.id]] == ["Price ready"]
    assert held[halfway.user.id] == []

    # The last scenario passed: the award comes with that analysis.
    await analysed(app, halfway.user, "closing-summary", overall=61, passed=True)
    assert sorted(await holders(client, manager, certification["id"])) == [
        "Half Tester",
        "Sal Person",
    ]


async def test_an_expired_award_is_no_longer_held_until_passed_again(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    manager, seller = dealership[Role.manager], dealership[Role.salesperson]
    # Passed 40 days ago: too long ago for a 30-day certification.
    long_ago = utcnow() - timedelta(days=40)
    for scenario_id in ("objection-price", "closing-summary"):
        await analysed(app, seller.user, scenario_id, overall=90, passed=True, started_at=long_ago)
    certification = (await certify(client, manager, validDays=30)).json()
    assert await holders(client, manager, certification["id"]) == []
    # Without a validity, every pass counts.
    lasting = (await certify(client, manager, name="Lasting")).json()
    assert await holders(client, manager, lasting["id"]) == ["Sal Person"]

    for scenario_id in ("objection-price", "closing-summary"):
        await analysed(app, seller.user, scenario_id, overall=90, passed=True)
    assert await holders(client, manager, certification["id"]) == ["Sal Person"]
    await db.execute(
        update(CertificationAward)
        .where(CertificationAward.certification_id == certification["id"])
        .values(expires_at=utcnow() - timedelta(minutes=1))
    )
    await db.commit()
    held = await held_by(db, dealership.id, [seller.user.id])
    assert [c.name for c in held[seller.user.id]] == ["Lasting"]
    listed = await client.get(
        f"{CERTIFICATIONS}/{certification['id']}/holders", headers=manager.headers
    )
    assert listed.json()["items"][0]["expired"] is True

    # Passing one of its scenarios again renews it in place.
    await analysed(app, seller.user, "closing-summary", overall=90, passed=True)
    db.expire_all()
    [award] = (
        await db.scalars(
            select(CertificationAward).where(
                CertificationAward.certification_id == certification["id"]
            )
        )
    ).all()
    assert award.expires_at is not None and award.expires_at > utcnow() + timedelta(days=29)


async def test_managers_write_everyone_reads(
    client: httpx.AsyncClient, dealership: TestDealership, other_dealership: TestDealership
) -> None:
    manager, seller, admin = (dealership[r] for r in (Role.manager, Role.salesperson, Role.admin))
    assert (await certify(client, seller)).status_code == 403
    certification = (await certify(client, admin)).json()
    path = f"{CERTIFICATIONS}/{certification['id']}"
    assert (await client.get(path, headers=seller.headers)).status_code == 200
    assert (await client.get(path, headers=other_dealership[Role.admin].headers)).status_code == 404
    assert (await client.patch(path, headers=seller.headers, json={})).status_code == 403

    changed = await client.patch(
        path, headers=manager.headers, json={"name": "Closer", "validDays": None}
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["name"], changed.json()["validDays"]) == ("Closer", None)
    assert (await client.delete(path, headers=seller.headers)).status_code == 403
    assert (await client.delete(path, headers=manager.headers)).status_code == 204
    assert (await client.get(path, headers=manager.headers)).status_code == 404


async def test_a_certification_names_current_scenarios_each_once(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    manager = dealership[Role.manager]
    unknown = await client.post(
        CERTIFICATIONS,
        headers=manager.headers,
        json={"name": "X", "items": [{"scenarioId": "objection-weather", "passMark": 50}]},
    )
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_scenario"
    twice = await client.post(
        CERTIFICATIONS, headers=manager.headers, json={"name": "X", "items": ITEMS + ITEMS[:1]}
    )
    assert twice.status_code == 422
    empty = await client.post(
        CERTIFICATIONS, headers=manager.headers, json={"name": "X", "items": []}
    )
    assert empty.status_code == 422


async def test_a_salesperson_sees_only_their_own_award_among_the_holders(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    manager, seller, admin = (dealership[r] for r in (Role.manager, Role.salesperson, Role.admin))
    loner = await add_member(app, client, dealership, "loner")
    for person in (seller, loner):
        for scenario_id in ("objection-price", "closing-summary"):
            await analysed(app, person.user, scenario_id, overall=95, passed=True)
    certification = (await certify(client, manager)).json()
    assert await holders(client, seller, certification["id"]) == ["Sal Person"]
    assert await holders(client, manager, certification["id"]) == ["Sal Person"]
    assert sorted(await holders(client, admin, certification["id"])) == [
        "Loner Tester",
        "Sal Person",
    ]


async def test_a_name_is_taken_by_one_certification_per_dealership(
    client: httpx.AsyncClient, dealership: TestDealership, other_dealership: TestDealership
) -> None:
    manager = dealership[Role.manager]
    first = await certify(client, manager, "Price ready")
    assert first.status_code == 201
    again = await certify(client, manager, "  price READY ")
    assert again.status_code == 409, again.text
    assert again.json()["code"] == "duplicate_certification"
    assert "Price ready" in again.json()["detail"]

    other = (await certify(client, manager, "Closing")).json()
    renamed = await client.patch(
        f"{CERTIFICATIONS}/{other['id']}", headers=manager.headers, json={"name": "PRICE READY"}
    )
    assert renamed.status_code == 409 and renamed.json()["code"] == "duplicate_certification"
    recased = await client.patch(
        f"{CERTIFICATIONS}/{first.json()['id']}",
        headers=manager.headers,
        json={"name": "PRICE READY"},
    )
    assert recased.status_code == 200 and recased.json()["name"] == "PRICE READY"

    elsewhere = await certify(client, other_dealership[Role.manager], "Price ready")
    assert elsewhere.status_code == 201
    listed = await client.get(CERTIFICATIONS, headers=manager.headers)
    assert sorted(row["name"] for row in listed.json()["items"]) == ["Closing", "PRICE READY"]
