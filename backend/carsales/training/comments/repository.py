"""All SQL of session comments, scoped to one dealership."""

from collections.abc import Sequence

from carsales.kit.pagination import PageParams
from carsales.kit.repository import TenantRepository
from carsales.models import SessionComment


class CommentRepository(TenantRepository[SessionComment]):
    model = SessionComment

    async def of_session(
        self, session_id: str, page: PageParams
    ) -> tuple[Sequence[SessionComment], int]:
        """In the order of the recording, then of writing."""
        statement = (
            self._select()
            .where(SessionComment.session_id == session_id)
            .order_by(SessionComment.at_s, SessionComment.created_at, SessionComment.id)
        )
        return await self._page(statement, page)

    async def in_session(self, session_id: str, comment_id: str) -> SessionComment | None:
        return await self.session.scalar(
            self._select().where(
                SessionComment.id == comment_id, SessionComment.session_id == session_id
            )
        )
