from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from carsales.kit.time import utcnow
from carsales.models.base import ID_LENGTH, Base, IdMixin


class RecoveryCode(IdMixin, Base):
    """A one-time two-factor recovery code, stored hashed."""

    __tablename__ = "recovery_codes"

    user_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]
