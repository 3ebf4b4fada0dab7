from carsales.auth.schemas import UtcDatetime
from carsales.kit.pagination import Page
from carsales.kit.schema import ApiModel
from carsales.models import NotificationKind

NOTIFICATION_EVENT = "notification"


class NotificationOut(ApiModel):
    """A notification; also the payload of the Socket.IO event `notification`, sent to the
    user's room once the change that caused it has committed."""

    id: str
    kind: NotificationKind
    title: str
    body: str
    link: str | None
    created_at: UtcDatetime
    read_at: UtcDatetime | None


class NotificationPage(Page[NotificationOut]):
    unread_count: int


class ReadAllOut(ApiModel):
    marked: int
    """How many notifications were unread and are now read."""


NOTIFICATION_EVENTS: dict[str, type[ApiModel]] = {NOTIFICATION_EVENT: NotificationOut}
"""The events sent to a user's room, by name, for the OpenAPI document."""
