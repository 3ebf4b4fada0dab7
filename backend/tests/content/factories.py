"""Vehicles, dealership details and content items for the content API tests, made through the
API where there is one."""

from typing import Any

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.models import Dealership
from tests.conftest import Member

VEHICLES = "/api/v1/vehicles"
CONTENT = "/api/v1/content"
ADDRESS = "1200 Main Street, Springfield, IL 62701"
FINANCE = {
    "kind": "finance",
    "monthlyPayment": 299,
    "termMonths": 60,
    "apr": 3.9,
    "downPayment": 2000,
}


async def add_vehicle(client: httpx.AsyncClient, by: Member, **fields: Any) -> dict[str, Any]:
    body = {
        "stockNumber": "A100",
        "condition": "used",
        "year": 2020,
        "make": "Honda",
        "model": "Accord",
        "trim": "Sport",
        "mileage": 32000,
        "price": 23995,
        "exteriorColor": "Platinum White",
        "features": ["Apple CarPlay", "Heated seats", "Honda Sensing"],
        **fields,
    }
    response = await client.post(VEHICLES, headers=by.headers, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def set_profile(db: AsyncSession, dealership_id: str, **fields: Any) -> None:
    """The dealership's public details that copy quotes."""
    values = {"address": ADDRESS, "phone": "(217) 555-0100", "website": "northmotors.example"}
    await db.execute(
        update(Dealership).where(Dealership.id == dealership_id).values({**values, **fields})
    )
    await db.commit()


async def create_content(
    client: httpx.AsyncClient,
    by: Member,
    vehicle_id: str | None,
    platform: str = "instagram",
    **more: Any,
) -> dict[str, Any]:
    settings = {"platform": platform, "targetAudience": "families", "tone": "friendly"}
    response = await client.post(
        CONTENT,
        headers=by.headers,
        json={"vehicleId": vehicle_id, "settings": settings, **more},
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created
