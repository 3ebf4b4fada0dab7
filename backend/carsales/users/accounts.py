"""Creating a user account: the one place a user with a password comes into being (invitations,
the command line, demo data). It lives in users/ so that dealership provisioning and
invitations call down to it, and auth (passwords) stays below both."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.auth.passwords import hash_password_off_loop
from carsales.errors import Conflict
from carsales.kit.time import utcnow
from carsales.models import Dealership, Role, User


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
        password_hash=await hash_password_off_loop(password),
        role=role,
        first_name=first_name,
        last_name=last_name,
        manager_id=manager_id,
        password_changed_at=utcnow(),
    )
    session.add(user)
    await session.flush()
    return user
