import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.audit.service import AuditContext
from carsales.models import AuditEvent, RefreshToken, Role, User
from carsales.users.service import LastAdmin, UserService
from tests.conftest import TEST_PASSWORD, TestDealership
from tests.users.factories import add_user

USERS = "/api/v1/users"


async def actions_on(db: AsyncSession, user_id: str) -> list[str]:
    events = await db.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.target_id == user_id, AuditEvent.action.like("user.%"))
        .order_by(AuditEvent.created_at)
    )
    return list(events)


async def test_deactivation_locks_the_user_out_at_once(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    sales = dealership[Role.salesperson]
    assert (await client.get(f"{USERS}/me", headers=sales.headers)).status_code == 200

    response = await client.post(
        f"{USERS}/{sales.user.id}/deactivate", headers=dealership[Role.admin].headers
    )

    assert response.status_code == 200, response.text
    assert response.json()["isActive"] is False
    # The access token is still unexpired, but the account behind it is not active any more.
    assert (await client.get(f"{USERS}/me", headers=sales.headers)).status_code == 401
    refresh_tokens = (
        await db.scalars(select(RefreshToken).where(RefreshToken.user_id == sales.user.id))
    ).all()
    assert refresh_tokens
    assert all(token.revoked_at is not None for token in refresh_tokens)
    login = await client.post(
        "/api/v1/auth/login", json={"email": sales.user.email, "password": TEST_PASSWORD}
    )
    assert login.status_code != 200
    event = await db.scalar(select(AuditEvent).where(AuditEvent.action == "user.deactivated"))
    assert event is not None
    assert event.target_id == sales.user.id
    assert event.actor_id == dealership[Role.admin].user.id
    assert event.details == {"sessions_revoked": len(refresh_tokens)}


async def test_reactivation_lets_the_user_sign_in_again(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    sales = dealership[Role.salesperson].user
    headers = dealership[Role.admin].headers
    await client.post(f"{USERS}/{sales.id}/deactivate", headers=headers)

    response = await client.post(f"{USERS}/{sales.id}/reactivate", headers=headers)

    assert response.status_code == 200, response.text
    assert response.json()["isActive"] is True
    login = await client.post(
        "/api/v1/auth/login", json={"email": sales.email, "password": TEST_PASSWORD}
    )
    assert login.status_code == 200
    # Repeating either is harmless and records nothing more.
    await client.post(f"{USERS}/{sales.id}/reactivate", headers=headers)
    assert await actions_on(db, sales.id) == ["user.deactivated", "user.reactivated"]


async def test_an_admin_cannot_deactivate_themself(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    admin = dealership[Role.admin]
    await add_user(db, dealership.id, "second@north.example", Role.admin)

    response = await client.post(f"{USERS}/{admin.user.id}/deactivate", headers=admin.headers)

    assert response.status_code == 409
    assert response.json()["code"] == "cannot_deactivate_self"
    assert (await client.get(f"{USERS}/me", headers=admin.headers)).status_code == 200


async def test_admins_deactivating_each_other_at_once_leave_one(
    app: FastAPI, db: AsyncSession, dealership: TestDealership
) -> None:
    admin = dealership[Role.admin].user
    other_admin = await add_user(db, dealership.id, "second@north.example", Role.admin)
    # The other admin's request has just deactivated `admin`, after `admin`'s own request was
    # authenticated: both passed the "not yourself" check.
    await db.execute(update(User).where(User.id == admin.id).values(is_active=False))
    await db.commit()
    origin = AuditContext(ip="203.0.113.1", user_agent="", request_id=None)

    async with app.state.sessionmaker() as session:
        with pytest.raises(LastAdmin):
            await UserService(session, origin, admin).deactivate(other_admin.id)
