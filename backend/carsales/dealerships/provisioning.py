"""Creating dealerships and users from the command line (set-up, demo data)."""

import re

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.auth.passwords import hash_password
from carsales.errors import Conflict, NotFound
from carsales.kit.time import utcnow
from carsales.models import Dealership, Role, User

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


async def create_user(
    session: AsyncSession,
    dealership: Dealership,
    email: str,
    password: str,
    role: Role,
    first_name: str = "",
    last_name: str = "",
    manager_id: str | None = None,
) -> User:
    email = email.strip().lower()
    if await session.scalar(select(User).where(User.email == email)):
        raise Conflict(f"A user with e-mail {email} already exists.")
    user = User(
        dealership_id=dealership.id,
        email=email,
        password_hash=hash_password(password),
        role=role,
        first_name=first_name,
        last_name=last_name,
        manager_id=manager_id,
        password_changed_at=utcnow(),
    )
    session.add(user)
    await session.flush()
    return user


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
    return True


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
