from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from carsales.kit.time import utcnow
from carsales.models.base import Base, IdMixin


class LoginFailure(IdMixin, Base):
    """A failed login, counted per account and per IP to throttle guessing.

    Kept in the database so that every API instance sees the same counts without Redis.
    """

    __tablename__ = "login_failures"

    email: Mapped[str] = mapped_column(String(320), index=True)
    ip: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
