"""Importing an inventory export: the preview, created and updated vehicles, rows reported by
line and left out whole, and the limits."""

from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.models import AuditEvent, Role, Vehicle
from tests.conftest import Member, TestDealership

IMPORT = "/api/v1/vehicles/import"
QX56 = "5N3ZA0NE1AN908084"
AUDI = "WAUFFGFF8F1068897"

EXPORT = (
    "\ufeffStock #;VIN;Model Year;Make;Model;Series;Odometer;Internet Price;MSRP;Ext Color;"
    "Options;Type;Lot\r\n"
    f'Q-1;{QX56};;;;;"121,000";"$18,995";25000;Black;Third row|Tow package;U;B\r\n'
    f"A-1;{AUDI};2015;Audi;S3;Premium Plus;30500;$24,500.00;;White;Sunroof;CPO;A\r\n"
    "H-1;;2024;Honda;Civic;Sport;12;$25,100;;Blue;;N;A\r\n"
    "BAD-1;5N3ZA0NE2AN908084;2010;Infiniti;QX56;;;;;;;U;C\r\n"  # check digit
    ";;2020;Kia;Rio;;;;;;;U;C\r\n"  # nothing to match it by later
    "H-2;;2024;Honda;;;;abc;;;;N;A\r\n"  # no model, and a price that is no number
    "H-1;;2023;Honda;Fit;;;;;;;N;A\r\n"  # H-1 again
)


async def upload(
    client: httpx.AsyncClient, by: Member, data: str | bytes, **params: Any
) -> httpx.Response:
    content = data.encode() if isinstance(data, str) else data
    return await client.post(
        IMPORT,
        headers=by.headers,
        params=params,
        files={"file": ("inventory.csv", content, "text/csv")},
    )


async def count(db: AsyncSession, dealership: TestDealership) -> int:
    statement = select(func.count()).where(Vehicle.dealership_id == dealership.id)
    return await db.scalar(statement) or 0


async def test_a_preview_shows_the_mapping_and_the_errors_and_writes_nothing(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    response = await upload(client, dealership[Role.manager], EXPORT, preview="true")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["preview"] is True
    assert {column["header"]: column["field"] for column in body["columns"]} == {
        "Stock #": "stockNumber",
        "VIN": "vin",
        "Model Year": "year",
        "Make": "make",
        "Model": "model",
        "Series": "trim",
        "Odometer": "mileage",
        "Internet Price": "price",
        "MSRP": None,
        "Ext Color": "exteriorColor",
        "Options": "features",
        "Type": "condition",
        "Lot": None,
    }
    assert body["unmapped"] == ["MSRP", "Lot"]
    assert (body["rows"], body["created"], body["updated"]) == (7, 3, 0)
    errors = {error["line"]: error["message"] for error in body["errors"]}
    assert list(errors) == [5, 6, 7, 8]
    assert "check digit" in errors[5]
    assert errors[6] == "A row needs a VIN or a stock number."
    assert "Internet Price: 'abc' is not a number" in errors[7]
    assert "line 4" in errors[8]
    assert await count(db, dealership) == 0


async def test_valid_rows_import_and_a_second_import_updates_them(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    manager = dealership[Role.manager]
    first = await upload(client, manager, EXPORT)
    assert first.status_code == 200, first.text
    assert (first.json()["created"], first.json()["updated"]) == (3, 0)
    assert len(first.json()["errors"]) == 4

    listed = await client.get(
        "/api/v1/vehicles", headers=manager.headers, params={"q": QX56.lower()}
    )
    qx56 = listed.json()["items"][0]
    # The blank year, make and model came from the VIN; the rest from the row.
    assert (qx56["year"], qx56["make"], qx56["model"], qx56["bodyStyle"]) == (
        2010,
        "Infiniti",
        "QX56",
        "SUV",
    )
    assert (qx56["stockNumber"], qx56["mileage"], qx56["price"]) == ("Q-1", 121000, 18995)
    assert (qx56["condition"], qx56["exteriorColor"]) == ("used", "Black")
    assert qx56["features"] == ["Third row", "Tow package"]

    # Sold by hand, then a new export: matched by VIN or stock number, only its cells change.
    await client.patch(
        f"/api/v1/vehicles/{qx56['id']}",
        headers=manager.headers,
        json={"status": "sold", "notes": "Kept"},
    )
    update = (
        "VIN,Stock Number,Price,Trim\n"
        f"{QX56},,17500,Premium\n"  # by VIN
        ",A-1,23999,\n"  # by stock number
        ",N-9,,\n"  # new, but nothing says what it is
    )
    second = await upload(client, manager, update)
    assert second.status_code == 200, second.text
    assert (second.json()["created"], second.json()["updated"]) == (0, 2)
    assert second.json()["errors"] == [
        {"line": 4, "message": "No make or model, and the VIN does not give it."}
    ]
    again = (await client.get(f"/api/v1/vehicles/{qx56['id']}", headers=manager.headers)).json()
    assert (again["price"], again["trim"], again["mileage"]) == (17500, "Premium", 121000)
    assert (again["status"], again["notes"]) == ("sold", "Kept")
    assert await count(db, dealership) == 3

    events = (
        await db.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "vehicle.imported")
            .order_by(AuditEvent.created_at)
        )
    ).all()
    assert [(event.details["created"], event.details["updated"]) for event in events] == [
        (3, 0),
        (0, 2),
    ]
    assert events[0].details["filename"] == "inventory.csv"


async def test_a_row_matching_two_vehicles_is_refused(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    manager = dealership[Role.manager]
    await upload(client, manager, f"VIN,Stock,Make,Model\n{QX56},S-1,Infiniti,QX56\n,S-2,Kia,Rio\n")
    response = await upload(client, manager, f"VIN,Stock,Price\n{QX56},S-2,1000\n")
    assert response.json()["updated"] == 0
    assert "another vehicle's" in response.json()["errors"][0]["message"]


async def test_who_may_import_and_the_limits(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    manager = dealership[Role.manager]
    refused = await upload(client, dealership[Role.salesperson], EXPORT, preview="true")
    assert refused.status_code == 403
    too_big = await upload(client, manager, b"Stock,Make\n" + b"x" * (5 * 1024 * 1024))
    assert too_big.status_code == 413
    rows = "".join(f"S{index},Honda,Fit\n" for index in range(5001))
    too_many = await upload(client, manager, f"Stock,Make,Model\n{rows}", preview="true")
    assert (too_many.status_code, too_many.json()["code"]) == (400, "too_many_rows")
    not_csv = await upload(client, manager, b"name,email\nAda,ada@example.com\n")
    assert (not_csv.status_code, not_csv.json()["code"]) == (400, "unreadable_csv")
