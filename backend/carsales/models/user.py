import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from carsales.models.base import ID_LENGTH, Base, IdMixin, TimestampMixin


class Role(enum.StrEnum):
    admin = "admin"
    manager = "manager"
    salesperson = "salesperson"


class Theme(enum.StrEnum):
    system = "system"
    light = "light"
    dark = "dark"


class User(IdMixin, TimestampMixin, Base):
    __tablename__ = "users"

    dealership_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("dealerships.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))
    is_active: Mapped[bool] = mapped_column(default=True)
    # A salesperson's manager: the manager's team is the salespeople who report to them.
    manager_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")

    language: Mapped[str] = mapped_column(String(10), default="en")
    theme: Mapped[Theme] = mapped_column(
        Enum(Theme, native_enum=False, length=10), default=Theme.system
    )
    notifications: Mapped[bool] = mapped_column(default=True)

    # The TOTP secret is stored encrypted with a key derived from the app secret.
    totp_secret_encrypted: Mapped[str | None] = mapped_column(String(255))
    totp_enabled: Mapped[bool] = mapped_column(default=False)
    # The last TOTP time step accepted: a code is only good for a later step, so one seen on the
    # wire cannot be replayed. Kept on the row so that every API instance enforces it.
    totp_last_step: Mapped[int | None]

    password_changed_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email
