"""Notifications: creating them (in the caller's transaction, pushed live once it commits) and
the signed-in user's own list."""

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.errors import Forbidden, NotFound
from carsales.events import emit_after_commit
from carsales.kit.pagination import PageParams
from carsales.kit.time import utcnow
from carsales.models import Notification, NotificationKind, Role, User
from carsales.notifications.repository import NotificationRepository, active_with_roles
from carsales.notifications.schemas import NOTIFICATION_EVENT, NotificationOut, NotificationPage

# The column's length: a title quoting something long (a content item's) is cut, not refused.
TITLE_MAX = 200


async def notify(
    db: AsyncSession,
    *,
    dealership_id: str,
    user_id: str,
    kind: NotificationKind,
    title: str,
    body: str,
    link: str | None = None,
) -> None:
    """Add a notification for `user_id` to the caller's transaction; the Socket.IO event
    `notification` reaches the user's open pages after the commit (never on a rollback), from
    the API process or a worker alike (the session's emitter, see `events.bind_emitter`).
    Nothing for a user who turned notifications off in their preferences."""
    if not await db.scalar(select(User.notifications).where(User.id == user_id)):
        return
    row = Notification(
        dealership_id=dealership_id,
        user_id=user_id,
        kind=kind,
        title=title[:TITLE_MAX],
        body=body,
        link=link,
    )
    db.add(row)
    await db.flush()
    payload = NotificationOut.model_validate(row).model_dump(mode="json")
    emit_after_commit(db, user_id, NOTIFICATION_EVENT, payload)


async def notify_roles(
    db: AsyncSession,
    *,
    dealership_id: str,
    roles: Collection[Role],
    skip_user_id: str | None,
    kind: NotificationKind,
    title: str,
    body: str,
    link: str | None = None,
) -> int:
    """`notify` every active user of the dealership with one of `roles` but `skip_user_id` (who
    caused it); returns how many were notified."""
    everyone = await active_with_roles(db, dealership_id, roles)
    recipients = [user_id for user_id in everyone if user_id != skip_user_id]
    for user_id in recipients:
        await notify(
            db,
            dealership_id=dealership_id,
            user_id=user_id,
            kind=kind,
            title=title,
            body=body,
            link=link,
        )
    return len(recipients)


class NotificationService:
    """The signed-in user's own notifications."""

    def __init__(self, db: AsyncSession, actor: User) -> None:
        self.actor = actor
        self.notifications = NotificationRepository(db, actor.dealership_id)

    async def page(self, page: PageParams) -> NotificationPage:
        rows, total = await self.notifications.list_own(self.actor.id, page)
        return NotificationPage(
            items=[NotificationOut.model_validate(row) for row in rows],
            total=total,
            offset=page.offset,
            limit=page.limit,
            unread_count=await self.notifications.unread_count(self.actor.id),
        )

    async def mark_read(self, notification_id: str) -> Notification:
        row = await self.notifications.get(notification_id)
        if row is None:
            raise NotFound("No such notification.")
        # Like a session's, a notification is acted on by its owner alone, whatever the role.
        if row.user_id != self.actor.id:
            raise Forbidden("Only its recipient may mark a notification read.")
        if row.read_at is None:
            row.read_at = utcnow()
        return row

    async def mark_all_read(self) -> int:
        return await self.notifications.mark_all_read(self.actor.id)
