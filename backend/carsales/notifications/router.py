from typing import Annotated

from fastapi import APIRouter, Path

from carsales.kit.pagination import Pagination
from carsales.kit.repository import ID_PATTERN
from carsales.notifications.dependencies import NotificationServiceDep
from carsales.notifications.schemas import NotificationOut, NotificationPage, ReadAllOut

router = APIRouter(prefix="/api/v1/notifications", tags=["notifications"])

NotificationId = Annotated[str, Path(pattern=ID_PATTERN)]


@router.get("")
async def list_notifications(service: NotificationServiceDep, page: Pagination) -> NotificationPage:
    """One's own notifications, newest first, with how many are unread (the bell's count)."""
    return await service.page(page)


@router.post(
    "/{notification_id}/read", responses={403: {"description": "someone else's notification"}}
)
async def mark_read(
    notification_id: NotificationId, service: NotificationServiceDep
) -> NotificationOut:
    """Mark one of one's notifications read; marking it again changes nothing."""
    return NotificationOut.model_validate(await service.mark_read(notification_id))


@router.post("/read-all")
async def mark_all_read(service: NotificationServiceDep) -> ReadAllOut:
    return ReadAllOut(marked=await service.mark_all_read())
