"""Users made straight in the database, for tests that need many and never sign them in."""

from sqlalchemy.ext.asyncio import AsyncSession

from carsales.models import Role, User


async def add_user(
    db: AsyncSession,
    dealership_id: str,
    email: str,
    role: Role = Role.salesperson,
    *,
    first_name: str = "",
    last_name: str = "",
    manager_id: str | None = None,
    is_active: bool = True,
) -> User:
    user = User(
        dealership_id=dealership_id,
        email=email,
        password_hash="!unusable",
        role=role,
        first_name=first_name,
        last_name=last_name,
        manager_id=manager_id,
        is_active=is_active,
    )
    db.add(user)
    await db.commit()
    return user
