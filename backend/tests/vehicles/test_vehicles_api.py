"""The inventory API: create (with VIN decoding), list and search, read, update, delete; who
may do what; another dealership sees nothing; photos attach through image jobs' vehicleRef."""

from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.models import (
    AuditEvent,
    ItemStatus,
    JobItem,
    JobStatus,
    JobType,
    ProcessingJob,
    Role,
    Vehicle,
)
from tests.conftest import Member, TestDealership

VEHICLES = "/api/v1/vehicles"
QX56 = "5N3ZA0NE1AN908084"  # vPIC: 2010 Infiniti QX56, SUV
AUDI = "WAUFFGFF8F1068897"  # vPIC: 2015 Audi S3 Prestige quattro, sedan


async def create(client: httpx.AsyncClient, by: Member, **fields: Any) -> httpx.Response:
    return await client.post(VEHICLES, headers=by.headers, json=fields)


async def test_a_vin_fills_what_was_not_typed_and_what_was_typed_wins(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    response = await create(
        client,
        seller,
        vin=QX56.lower(),
        stockNumber="q-100",
        trim="Base 4WD",
        price=18995.5,
        mileage=121000,
        condition="used",
        features=["Third row", "Tow package"],
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["vin"], body["stockNumber"]) == (QX56, "Q-100")
    assert (body["year"], body["make"], body["model"], body["bodyStyle"]) == (
        2010,
        "Infiniti",
        "QX56",
        "SUV",
    )
    assert body["trim"] == "Base 4WD"  # typed
    assert body["price"] == 18995.5
    assert (body["status"], body["condition"]) == ("in-stock", "used")
    assert body["features"] == ["Third row", "Tow package"]
    assert body["photos"] == []
    assert body["createdAt"].endswith("Z")

    typed = await create(client, seller, vin=AUDI, make="AUDI", model="S3 Sportback", year=2016)
    assert typed.status_code == 201, typed.text
    typed_body = typed.json()
    assert (typed_body["make"], typed_body["model"], typed_body["year"]) == (
        "AUDI",
        "S3 Sportback",
        2016,
    )
    assert (typed_body["trim"], typed_body["drivetrain"]) == ("Prestige quattro", "AWD")


async def test_vins_that_cannot_be_used_are_clear_400s(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    mistyped = await create(client, seller, vin="5N3ZA0NE2AN908084")
    assert mistyped.status_code == 400
    assert mistyped.json()["code"] == "vin_check_digit"
    unknown = await create(client, seller, vin="11111111111111111")
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "unknown_vin"
    # An unknown VIN is fine when the details were typed: there was nothing to decode.
    typed = await create(client, seller, vin="11111111111111111", make="Kit", model="Roadster")
    assert typed.status_code == 201, typed.text
    nothing = await create(client, seller, stockNumber="X1")
    assert nothing.status_code == 400
    assert nothing.json()["code"] == "vehicle_details_missing"
    malformed = await create(client, seller, vin="5N3ZA0NE1AN90808")
    assert malformed.status_code == 422


async def test_the_decode_endpoint_fills_a_form(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    headers = dealership[Role.salesperson].headers
    response = await client.get(f"{VEHICLES}/decode/{AUDI}", headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "vin": AUDI,
        "year": 2015,
        "make": "Audi",
        "model": "S3",
        "trim": "Prestige quattro",
        "bodyStyle": "Sedan",
        "drivetrain": "AWD",
        "fuelType": None,
        "manufacturer": "Audi AG",
    }
    bad = await client.get(f"{VEHICLES}/decode/5N3ZA0NE2AN908084", headers=headers)
    assert bad.status_code == 400
    assert bad.json()["code"] == "vin_check_digit"
    short = await client.get(f"{VEHICLES}/decode/ABC", headers=headers)
    assert (short.status_code, short.json()["code"]) == (400, "invalid_vin")


async def test_list_search_filter_and_pages(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    for stock, make, model, year in (
        ("H1", "Honda", "Civic", 2019),
        ("H2", "Honda", "Accord", 2021),
        ("T1", "Toyota", "Camry", 2021),
        ("F1", "Ford", "F-150", 2018),
    ):
        made = await create(client, seller, stockNumber=stock, make=make, model=model, year=year)
        assert made.status_code == 201, made.text
    sold = await client.get(VEHICLES, headers=seller.headers, params={"q": "f-150"})
    vehicle_id = sold.json()["items"][0]["id"]
    await client.patch(f"{VEHICLES}/{vehicle_id}", headers=seller.headers, json={"status": "sold"})

    async def stocks(**params: Any) -> list[str]:
        response = await client.get(VEHICLES, headers=seller.headers, params=params)
        assert response.status_code == 200, response.text
        return [item["stockNumber"] for item in response.json()["items"]]

    assert await stocks() == ["F1", "T1", "H2", "H1"]  # newest first
    assert await stocks(q="honda") == ["H2", "H1"]
    assert await stocks(q="HONDA 2021") == ["H2"]  # every word must match
    assert await stocks(q="2021") == ["T1", "H2"]
    assert await stocks(q="%") == []  # LIKE wildcards are literal
    assert await stocks(status="sold") == ["F1"]
    assert await stocks(status="in-stock", q="t1") == ["T1"]
    page = await client.get(VEHICLES, headers=seller.headers, params={"offset": 1, "limit": 2})
    assert page.json()["total"] == 4
    assert [item["stockNumber"] for item in page.json()["items"]] == ["T1", "H2"]
    # The total rides on the page's rows; a page past the end still knows it.
    past = await client.get(VEHICLES, headers=seller.headers, params={"offset": 9, "q": "honda"})
    assert (past.json()["items"], past.json()["total"]) == ([], 2)


async def test_fields_out_of_range_are_refused_and_cents_are_kept(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    for refused in (
        {"price": -5},
        {"price": 1234567.891},
        {"year": 3025},
        {"model": "M" * 61},
        {"trim": "T" * 61},
    ):
        response = await create(client, seller, make="Honda", **refused)
        assert response.status_code == 422, refused
    kept = await create(client, seller, make="Honda", model="M" * 60, price=1234567.89)
    assert kept.status_code == 201, kept.text
    assert kept.json()["price"] == 1234567.89


async def test_update_and_delete_with_the_audit_trail(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    seller, manager = dealership[Role.salesperson], dealership[Role.manager]
    created = (await create(client, seller, stockNumber="U1", make="Honda", model="Fit")).json()
    url = f"{VEHICLES}/{created['id']}"

    changed = await client.patch(
        url, headers=seller.headers, json={"price": 9999, "notes": "Clean", "mileage": 50}
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["price"], changed.json()["notes"]) == (9999, "Clean")
    cleared = await client.patch(url, headers=seller.headers, json={"notes": None})
    assert cleared.json()["notes"] is None
    assert cleared.json()["mileage"] == 50  # left out: unchanged
    # Adding the VIN fills the blanks; the make and model typed earlier stay.
    with_vin = await client.patch(url, headers=seller.headers, json={"vin": QX56})
    assert with_vin.status_code == 200, with_vin.text
    assert (with_vin.json()["year"], with_vin.json()["bodyStyle"]) == (2010, "SUV")
    assert (with_vin.json()["make"], with_vin.json()["model"]) == ("Honda", "Fit")
    for refused in ({"status": None}, {"make": None}, {"color": "red"}):
        response = await client.patch(url, headers=seller.headers, json=refused)
        assert response.status_code in (400, 422), refused

    # Salespeople edit the shared inventory; deleting it is a manager's call.
    assert (await client.delete(url, headers=seller.headers)).status_code == 403
    assert (await client.delete(url, headers=manager.headers)).status_code == 204
    assert (await client.get(url, headers=seller.headers)).status_code == 404

    events = (
        await db.scalars(
            select(AuditEvent)
            .where(AuditEvent.target_id == created["id"])
            .order_by(AuditEvent.created_at, AuditEvent.id)
        )
    ).all()
    assert [event.action for event in events] == [
        "vehicle.created",
        "vehicle.updated",
        "vehicle.updated",
        "vehicle.updated",
        "vehicle.deleted",
    ]
    assert events[1].details["fields"] == ["mileage", "notes", "price"]
    assert events[-1].actor_id == manager.user.id
    assert events[-1].details["stock_number"] == "U1"


async def test_vins_and_stock_numbers_are_unique_within_a_dealership(
    client: httpx.AsyncClient, dealership: TestDealership, other_dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    assert (await create(client, seller, vin=QX56, stockNumber="S1")).status_code == 201
    again = await create(client, seller, vin=QX56)
    assert (again.status_code, again.json()["code"]) == (409, "duplicate_vehicle")
    stock = await create(client, seller, stockNumber="s1", make="Kia", model="Rio")
    assert stock.status_code == 409
    # Another dealership may stock the same car.
    elsewhere = await create(client, other_dealership[Role.salesperson], vin=QX56, stockNumber="S1")
    assert elsewhere.status_code == 201


async def test_another_dealership_sees_none_of_it(
    client: httpx.AsyncClient, dealership: TestDealership, other_dealership: TestDealership
) -> None:
    created = await create(client, dealership[Role.admin], make="Honda", model="Fit")
    url = f"{VEHICLES}/{created.json()['id']}"
    outsider = other_dealership[Role.admin]
    assert (await client.get(url, headers=outsider.headers)).status_code == 404
    patched = await client.patch(url, headers=outsider.headers, json={"price": 1})
    assert patched.status_code == 404
    assert (await client.delete(url, headers=outsider.headers)).status_code == 404
    listed = await client.get(VEHICLES, headers=outsider.headers)
    assert listed.json()["total"] == 0
    assert (await client.get(url, headers=dealership[Role.salesperson].headers)).status_code == 200


async def _image_job(
    app: FastAPI, db: AsyncSession, owner: Member, ref: str, job_type: JobType
) -> ProcessingJob:
    job = ProcessingJob(
        dealership_id=owner.user.dealership_id,
        owner_id=owner.user.id,
        job_type=job_type,
        status=JobStatus.completed,
        vehicle_ref=ref,
    )
    done = JobItem(
        position=0,
        original_name="front.jpg",
        status=ItemStatus.completed,
        output_name="front.png",
        output_content_type="image/png",
    )
    failed = JobItem(position=1, original_name="back.jpg", status=ItemStatus.failed)
    job.items = [done, failed]
    db.add(job)
    await db.flush()
    stored = await app.state.storage.put_bytes(
        f"{job.dealership_id}/jobs/{job.id}/out/0.png", b"\x89PNG result"
    )
    done.output_key = stored.key
    await db.commit()
    return job


async def test_photos_are_the_image_jobs_with_the_vin_or_stock_number(
    app: FastAPI,
    client: httpx.AsyncClient,
    db: AsyncSession,
    dealership: TestDealership,
    other_dealership: TestDealership,
) -> None:
    manager = dealership[Role.manager]
    by_vin = await _image_job(app, db, manager, QX56, JobType.full_pipeline)
    by_stock = await _image_job(app, db, manager, "Q-7", JobType.background_removal)
    await _image_job(app, db, manager, "OTHER", JobType.full_pipeline)
    await _image_job(app, db, other_dealership[Role.manager], QX56, JobType.full_pipeline)

    created = await create(client, dealership[Role.salesperson], vin=QX56, stockNumber="q-7")
    assert created.status_code == 201, created.text
    # The salesperson sees the manager's uploads too: the photos are the vehicle's.
    response = await client.get(
        f"{VEHICLES}/{created.json()['id']}", headers=dealership[Role.salesperson].headers
    )
    photos = response.json()["photos"]
    assert {photo["jobId"] for photo in photos} == {by_vin.id, by_stock.id}
    vin_job = next(photo for photo in photos if photo["jobId"] == by_vin.id)
    assert (vin_job["status"], vin_job["vehicleRef"], vin_job["jobType"]) == (
        "completed",
        QX56,
        "full_pipeline",
    )
    assert [item["name"] for item in vin_job["items"]] == ["front.png"]  # the failed one is not
    download = await client.get(vin_job["items"][0]["url"])
    assert download.status_code == 200
    assert download.content == b"\x89PNG result"
    assert vin_job["archiveUrl"]

    listed = await client.get(VEHICLES, headers=dealership[Role.admin].headers)
    assert len(listed.json()["items"][0]["photos"]) == 2


async def test_facts_of_a_vehicle_are_what_copy_may_say(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    from carsales.vehicles.service import VehicleService

    created = await create(
        client,
        dealership[Role.salesperson],
        vin=QX56,
        price=18995,
        condition="certified",
        mpgCity=12,
        notes="Internal: trade-in",
    )
    vehicle = await db.get(Vehicle, created.json()["id"])
    assert vehicle is not None
    facts = VehicleService.facts_of(vehicle)
    assert (facts.year, facts.make, facts.model) == (2010, "Infiniti", "QX56")
    assert (facts.price, facts.condition, facts.mpg_city) == (18995, "certified", 12)
    assert "notes" not in facts.model_dump()  # internal notes never reach copy
