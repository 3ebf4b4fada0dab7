"""Creating dealerships and their first users from the command line (set-up, demo data).
`create_user` is users.accounts' and is re-exported here for the command line and the tests."""

import re

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.errors import Conflict, NotFound
from carsales.models import Dealership, Role, User, Vehicle, VehicleCondition
from carsales.users.accounts import create_user

__all__ = ["create_dealership", "create_user", "find_dealership", "has_demo_users", "seed_demo"]

DEMO_DEALERSHIP = "Demo Motors"
DEMO_PASSWORD = "demo-password"  # noqa: S105 - demo data, refused in production
DEMO_USERS = [
    ("admin@demo.example", Role.admin, "Alex", "Admin"),
    ("manager@demo.example", Role.manager, "Morgan", "Manager"),
    ("sales@demo.example", Role.salesperson, "Sam", "Seller"),
    ("sales2@demo.example", Role.salesperson, "Riley", "Seller"),
]


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "dealership"


async def create_dealership(session: AsyncSession, name: str) -> Dealership:
    slug = slugify(name)
    if await session.scalar(select(Dealership).where(Dealership.slug == slug)):
        raise Conflict(f"A dealership named {name!r} already exists.")
    dealership = Dealership(name=name, slug=slug)
    session.add(dealership)
    await session.flush()
    return dealership


async def seed_demo(session: AsyncSession) -> bool:
    """Creates Demo Motors and its users; returns False when they already exist."""
    if await session.scalar(select(Dealership).where(Dealership.slug == slugify(DEMO_DEALERSHIP))):
        return False
    dealership = await create_dealership(session, DEMO_DEALERSHIP)
    manager_id: str | None = None
    for email, role, first, last in DEMO_USERS:
        user = await create_user(
            session,
            dealership,
            email,
            DEMO_PASSWORD,
            role,
            first,
            last,
            manager_id=manager_id if role is Role.salesperson else None,
        )
        if role is Role.manager:
            manager_id = user.id
    await _seed_demo_inventory(session, dealership)
    return True


# A small lot so that the content studio has cars to write about (VINs with valid check digits
# that decode to these cars). They are the cars of the built-in scenarios that name a model the
# lot could hold, so that practising on a car and writing about it never quote two prices.
DEMO_PROFILE = {
    "address": "1200 Auto Mall Drive, Springfield, IL 62704",
    "phone": "(217) 555-0142",
    "website": "www.demomotors.example",
}
DEMO_VEHICLES: list[dict[str, object]] = [
    {
        "vin": "4T3RWRFVXRU201734",
        "stock_number": "T1734",
        "condition": VehicleCondition.new,
        "year": 2024,
        "make": "Toyota",
        "model": "RAV4",
        "trim": "XLE",
        "body_style": "SUV",
        "mileage": 9,
        "price_cents": 36_450_00,
        "exterior_color": "Blueprint",
        "interior_color": "Black",
        "drivetrain": "AWD",
        "transmission": "Automatic",
        "fuel_type": "Hybrid",
        "mpg_city": 41,
        "mpg_highway": 38,
        "features": ["Apple CarPlay", "Blind-spot monitor", "Power liftgate", "Heated seats"],
    },
    {
        "vin": "5TDGZRBH0NS552310",
        "stock_number": "H2310",
        "condition": VehicleCondition.certified,
        "year": 2022,
        "make": "Toyota",
        "model": "Highlander",
        "trim": "XLE",
        "body_style": "SUV",
        "mileage": 24000,
        "price_cents": 36_988_00,
        "exterior_color": "Celestial Silver",
        "interior_color": "Graphite",
        "drivetrain": "AWD",
        "transmission": "Automatic",
        "fuel_type": "Gasoline",
        "mpg_city": 21,
        "mpg_highway": 28,
        "features": ["Third-row seating", "Moonroof", "Toyota Safety Sense 2.0"],
    },
    {
        "vin": "1FTFW1E54RFA43821",
        "stock_number": "F3821",
        "condition": VehicleCondition.new,
        "year": 2024,
        "make": "Ford",
        "model": "F-150",
        "trim": "XLT",
        "body_style": "Pickup",
        "mileage": 12,
        "price_cents": 52_890_00,
        "exterior_color": "Antimatter Blue",
        "interior_color": "Medium Dark Slate",
        "drivetrain": "4WD",
        "transmission": "10-speed automatic",
        "fuel_type": "Gasoline",
        "mpg_city": 18,
        "mpg_highway": 24,
        "features": ["Pro Power Onboard", "Tow package", "SYNC 4", "Trailer backup assist"],
    },
]


async def _seed_demo_inventory(session: AsyncSession, dealership: Dealership) -> None:
    for key, value in DEMO_PROFILE.items():
        setattr(dealership, key, value)
    session.add_all(Vehicle(dealership_id=dealership.id, **fields) for fields in DEMO_VEHICLES)
    await session.flush()


async def has_demo_users(session: AsyncSession) -> bool:
    emails = [email for email, *_ in DEMO_USERS]
    return await session.scalar(select(User.id).where(User.email.in_(emails)).limit(1)) is not None


async def find_dealership(session: AsyncSession, name: str) -> Dealership:
    """By its current name, or by the name it was created with (which its slug derives from):
    renaming a dealership keeps its slug."""
    found = (
        await session.scalars(
            select(Dealership).where(
                or_(
                    Dealership.slug == slugify(name),
                    func.lower(Dealership.name) == name.strip().lower(),
                )
            )
        )
    ).all()
    if not found:
        raise NotFound(f"No dealership named {name!r}.")
    if len(found) > 1:
        raise Conflict(f"Several dealerships match {name!r}; give the slug instead.")
    return found[0]
