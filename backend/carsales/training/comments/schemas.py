"""Request and response bodies of session comments."""

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from carsales.kit.schema import ApiModel

BODY_MAX = 2000
# A day: far beyond any practice recording, and a bound for the number the client sends.
AT_MAX_S = 86_400.0

Body = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=BODY_MAX)]


class CommentCreate(ApiModel):
    at_s: float = Field(ge=0, le=AT_MAX_S, description="Seconds into the recording")
    body: Body


class CommentOut(ApiModel):
    id: str
    session_id: str
    author_id: str | None
    author_name: str | None = Field(description="Null once the author's account is deleted")
    at_s: float
    body: str
    created_at: datetime
    can_delete: bool = Field(description="Whether the caller may delete it")
