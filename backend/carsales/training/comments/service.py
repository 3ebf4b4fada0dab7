"""Rules of session comments: whoever may see a session reads and writes its comments (its
owner, whoever manages them, an admin); the author or an admin deletes one."""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from carsales.errors import BadRequest, Forbidden, NotFound
from carsales.kit.pagination import PageParams
from carsales.kit.time import as_utc
from carsales.models import Role, SessionComment, TrainingSession, User
from carsales.models.notification import NotificationKind
from carsales.notifications.service import notify
from carsales.training.comments.repository import CommentRepository
from carsales.training.comments.schemas import CommentCreate, CommentOut
from carsales.training.sessions.repository import SessionRepository

# How much of a comment the notification quotes.
QUOTE_LENGTH = 140


def clock(seconds: float) -> str:
    """92.4 -> "1:32", as a player shows it."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


class CommentService:
    def __init__(self, db: AsyncSession, actor: User) -> None:
        self.db = db
        self.actor = actor
        self.sessions = SessionRepository(db, actor.dealership_id)
        self.comments = CommentRepository(db, actor.dealership_id)

    async def _session(self, session_id: str) -> TrainingSession:
        row = await self.sessions.get_visible(session_id, self.actor)
        if row is None:
            raise NotFound("No such session.")
        return row

    async def page(self, session_id: str, page: PageParams) -> tuple[Sequence[SessionComment], int]:
        await self._session(session_id)
        return await self.comments.of_session(session_id, page)

    async def create(self, session_id: str, body: CommentCreate) -> SessionComment:
        session = await self._session(session_id)
        if session.duration_s is not None and body.at_s > session.duration_s:
            raise BadRequest(f"atS is past the end of the recording ({clock(session.duration_s)}).")
        row = SessionComment(
            dealership_id=self.actor.dealership_id,
            session_id=session.id,
            author=self.actor,
            at_s=body.at_s,
            body=body.body,
        )
        self.db.add(row)
        await self.db.flush()
        if session.user_id != self.actor.id:
            quote = body.body if len(body.body) <= QUOTE_LENGTH else f"{body.body[:QUOTE_LENGTH]}…"
            await notify(
                self.db,
                dealership_id=session.dealership_id,
                user_id=session.user_id,
                kind=NotificationKind.session_comment,
                title=f"{self.actor.full_name} commented on your practice session",
                body=f"At {clock(body.at_s)}: {quote}",
                link=f"/training/report/?id={session.id}",
            )
        return row

    async def delete(self, session_id: str, comment_id: str) -> None:
        await self._session(session_id)
        row = await self.comments.in_session(session_id, comment_id)
        if row is None:
            raise NotFound("No such comment.")
        if not self._may_delete(row):
            raise Forbidden("Only its author or an admin can delete a comment.")
        await self.db.delete(row)
        await self.db.flush()

    def _may_delete(self, row: SessionComment) -> bool:
        return row.author_id == self.actor.id or self.actor.role is Role.admin

    def to_out(self, row: SessionComment) -> CommentOut:
        return CommentOut(
            id=row.id,
            session_id=row.session_id,
            author_id=row.author_id,
            author_name=row.author.full_name if row.author else None,
            at_s=row.at_s,
            body=row.body,
            created_at=as_utc(row.created_at),
            can_delete=self._may_delete(row),
        )
