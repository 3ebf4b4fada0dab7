import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from carsales.kit.time import utcnow
from carsales.models.base import ID_LENGTH, Base, IdMixin
from carsales.models.user import Role


class ActionPurpose(enum.StrEnum):
    password_reset = "password_reset"  # noqa: S105 - a purpose, not a password
    invitation = "invitation"
    # The step between a password and its second factor: one challenge, one sign-in.
    two_factor_challenge = "two_factor_challenge"


class ActionToken(IdMixin, Base):
    """A single-use, expiring token sent by e-mail (password reset, invitation).

    Only the SHA-256 of the token is stored, so a database leak does not leak usable links.
    """

    __tablename__ = "action_tokens"

    purpose: Mapped[ActionPurpose] = mapped_column(
        Enum(ActionPurpose, native_enum=False, length=20)
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    dealership_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("dealerships.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[Role | None] = mapped_column(Enum(Role, native_enum=False, length=20))
    manager_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
