"""People beyond the three that `make_dealership` provides, for the training API tests."""

import httpx
from fastapi import FastAPI

from carsales.dealerships import provisioning
from carsales.models import Dealership, Role
from tests.conftest import TEST_PASSWORD, Member, TestDealership, login


async def add_member(
    app: FastAPI,
    client: httpx.AsyncClient,
    dealership: TestDealership,
    name: str,
    role: Role = Role.salesperson,
    manager_id: str | None = None,
) -> Member:
    """A signed-in user of `dealership`; a salesperson on nobody's team unless `manager_id`."""
    async with app.state.sessionmaker() as session:
        tenant = await session.get(Dealership, dealership.id)
        assert tenant is not None
        user = await provisioning.create_user(
            session,
            tenant,
            f"{name}@{tenant.slug}.example",
            TEST_PASSWORD,
            role,
            name.title(),
            "Tester",
            manager_id=manager_id,
        )
        await session.commit()
    return Member(
        user=user, password=TEST_PASSWORD, token=await login(client, user.email, TEST_PASSWORD)
    )
