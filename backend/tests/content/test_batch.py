"""Copy for many vehicles at once: a `content_generation` job run by the real queue and worker,
whose end creates one draft per vehicle."""

import dramatiq
import httpx
from fastapi import FastAPI

from carsales.content.tasks import create_drafts
from carsales.models import ProcessingJob, Role
from tests.conftest import TestDealership, wait_until_finished
from tests.content.factories import CONTENT, add_vehicle

BATCH = f"{CONTENT}/batch"
SETTINGS = {"platform": "instagram", "targetAudience": "commuters", "tone": "playful"}


async def test_a_batch_writes_a_draft_for_each_of_the_newest_arrivals(
    app: FastAPI,
    client: httpx.AsyncClient,
    dealership: TestDealership,
    job_worker: dramatiq.Worker,
) -> None:
    seller = dealership[Role.salesperson]
    oldest = await add_vehicle(client, seller, stockNumber="B1", model="Civic")
    middle = await add_vehicle(client, seller, stockNumber="B2", model="Accord")
    newest = await add_vehicle(client, seller, stockNumber="B3", model="CR-V")
    assert oldest["id"]

    response = await client.post(
        BATCH, headers=seller.headers, json={"newest": 2, "settings": SETTINGS}
    )
    assert response.status_code == 202, response.text
    job = response.json()
    assert (job["jobType"], job["totalItems"]) == ("content_generation", 2)

    finished = await wait_until_finished(client, job["id"], seller.headers, within=60)
    assert finished["status"] == "completed", finished
    assert finished["progress"] == 100
    assert finished["completedItems"] == 2

    listed = await client.get(CONTENT, headers=seller.headers, params={"batchJobId": job["id"]})
    drafts = listed.json()["items"]
    assert {draft["vehicleId"] for draft in drafts} == {middle["id"], newest["id"]}
    for draft in drafts:
        assert draft["status"] == "draft"
        assert draft["channel"] == "instagram"
        assert draft["ownerId"] == seller.user.id
        assert draft["settings"]["targetAudience"] == "commuters"
        model = "Accord" if draft["vehicleId"] == middle["id"] else "CR-V"
        assert model in draft["content"]["text"]
        detail = (await client.get(f"{CONTENT}/{draft['id']}", headers=seller.headers)).json()
        assert [revision["action"] for revision in detail["revisions"]] == ["generated"]

    # The finish hook runs in the job's last transaction; running it again adds nothing.
    async with app.state.sessionmaker() as db:
        row = await db.get(ProcessingJob, job["id"])
        assert row is not None
        await create_drafts(db, row, app.state.storage)
        await db.commit()
    again = await client.get(CONTENT, headers=seller.headers, params={"batchJobId": job["id"]})
    assert again.json()["total"] == 2


async def test_listed_vehicles_must_be_the_dealerships_own(
    client: httpx.AsyncClient, dealership: TestDealership, other_dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    mine = await add_vehicle(client, seller)
    theirs = await add_vehicle(client, other_dealership[Role.salesperson])
    refused = await client.post(
        BATCH,
        headers=seller.headers,
        json={"vehicleIds": [mine["id"], theirs["id"]], "settings": SETTINGS},
    )
    assert refused.status_code == 404

    for body in (
        {"settings": SETTINGS},
        {"vehicleIds": [mine["id"]], "newest": 3, "settings": SETTINGS},
        {"newest": 51, "settings": SETTINGS},
        {"vehicleIds": [mine["id"]] * 51, "settings": SETTINGS},
    ):
        invalid = await client.post(BATCH, headers=seller.headers, json=body)
        assert invalid.status_code == 422, body

    accepted = await client.post(
        BATCH,
        headers=seller.headers,
        json={"vehicleIds": [mine["id"]], "settings": {"platform": "sms"}},
    )
    assert accepted.status_code == 202
    assert accepted.json()["items"][0]["originalName"] == "2020 Honda Accord.json"
