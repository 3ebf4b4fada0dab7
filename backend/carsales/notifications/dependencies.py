"""The notification service a request works with, the actor bound once."""

from typing import Annotated

from fastapi import Depends

from carsales.auth.dependencies import CurrentUser
from carsales.db import DbSession
from carsales.notifications.service import NotificationService


async def get_notification_service(db: DbSession, user: CurrentUser) -> NotificationService:
    return NotificationService(db, user)


NotificationServiceDep = Annotated[NotificationService, Depends(get_notification_service)]
