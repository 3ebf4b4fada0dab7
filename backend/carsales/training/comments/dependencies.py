"""The comment service a request works with, the actor bound once (see "Services" in
docs/architecture.md)."""

from typing import Annotated

from fastapi import Depends

from carsales.auth.dependencies import CurrentUser
from carsales.db import DbSession
from carsales.training.comments.service import CommentService


async def get_comment_service(db: DbSession, user: CurrentUser) -> CommentService:
    return CommentService(db, user)


CommentServiceDep = Annotated[CommentService, Depends(get_comment_service)]
