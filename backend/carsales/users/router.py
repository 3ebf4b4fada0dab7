from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from carsales.auth.dependencies import CurrentUser
from carsales.auth.schemas import UserOut
from carsales.kit.pagination import Page, Pagination
from carsales.kit.repository import ID_PATTERN
from carsales.users.dependencies import (
    AdminUserServiceDep,
    ManagerUserServiceDep,
    UserServiceDep,
)
from carsales.users.schemas import LockedUserOut, SelfUpdate, UserListQuery, UserUpdate

router = APIRouter(prefix="/api/v1/users", tags=["users"])

# The pattern keeps literal paths under /users (/me, /invitations) from ever reading as an id.
UserId = Annotated[str, Path(pattern=ID_PATTERN, description="A user's id")]


# /me is declared before /{user_id} so that it is matched first.
@router.get("/me")
async def read_me(user: CurrentUser) -> UserOut:
    return UserOut.from_user(user)


@router.patch("/me")
async def update_me(changes: SelfUpdate, service: UserServiceDep) -> UserOut:
    """Change one's own profile and preferences."""
    return UserOut.from_user(await service.update_self(changes))


@router.get("")
async def list_users(
    service: ManagerUserServiceDep,
    page: Pagination,
    query: Annotated[UserListQuery, Query()],
) -> Page[UserOut]:
    """An admin lists the whole dealership; a manager themself and their team."""
    users, total = await service.list_users(query, page)
    return Page[UserOut](
        items=[UserOut.from_user(found) for found in users],
        total=total,
        offset=page.offset,
        limit=page.limit,
    )


@router.get("/locked")
async def list_locked_users(service: AdminUserServiceDep, request: Request) -> list[LockedUserOut]:
    """Users whose sign-in is refused for now after too many failed attempts (admin)."""
    settings = request.app.state.settings
    locked = await service.locked_out(
        settings.login_max_failures_per_account, settings.login_failure_window_seconds
    )
    return [LockedUserOut(user_id=user.id, email=user.email) for user in locked]


@router.get("/{user_id}", responses={404: {"description": "No such user visible to the caller"}})
async def read_user(user_id: UserId, service: UserServiceDep) -> UserOut:
    return UserOut.from_user(await service.get(user_id))


@router.patch(
    "/{user_id}",
    responses={
        400: {"description": "`invalid_manager`: managerId is not an active manager here"},
        409: {"description": "`last_admin`: the dealership would be left without an admin"},
    },
)
async def update_user(
    user_id: UserId, changes: UserUpdate, service: AdminUserServiceDep
) -> UserOut:
    """Change a user's role, manager or profile (admin)."""
    return UserOut.from_user(await service.update(user_id, changes))


@router.post(
    "/{user_id}/deactivate",
    responses={
        409: {"description": "`cannot_deactivate_self`, or `last_admin`"},
    },
)
async def deactivate_user(user_id: UserId, service: AdminUserServiceDep) -> UserOut:
    """Block sign-in at once: open sessions end and the access token stops working."""
    return UserOut.from_user(await service.deactivate(user_id))


@router.post("/{user_id}/unlock")
async def unlock_user(user_id: UserId, service: AdminUserServiceDep) -> UserOut:
    """Forget the account's failed sign-in attempts, so that the user can sign in at once."""
    return UserOut.from_user(await service.unlock(user_id))


@router.post("/{user_id}/reactivate")
async def reactivate_user(user_id: UserId, service: AdminUserServiceDep) -> UserOut:
    return UserOut.from_user(await service.reactivate(user_id))
