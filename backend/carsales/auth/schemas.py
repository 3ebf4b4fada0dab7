"""Request and response bodies of authentication, and `UserOut`, the user as the API shows it."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, EmailStr, Field, StringConstraints

from carsales.kit.schema import ApiModel
from carsales.kit.time import as_utc
from carsales.models import Role, Theme, User

# SQLite hands back naive datetimes; the API always says they are UTC.
UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]
# Generous bounds: the password policy, not validation, says what a good password is.
Password = Annotated[str, Field(min_length=1, max_length=1024)]
OpaqueToken = Annotated[str, Field(min_length=1, max_length=256)]
Code = Annotated[str, Field(min_length=1, max_length=32)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class ProfileOut(ApiModel):
    first_name: str
    last_name: str
    phone: str


class PreferencesOut(ApiModel):
    language: str
    theme: Theme
    notifications: bool


class UserOut(ApiModel):
    id: str
    email: str
    role: Role
    is_active: bool
    dealership_id: str
    manager_id: str | None
    profile: ProfileOut
    preferences: PreferencesOut
    two_factor_enabled: bool
    last_login_at: UtcDatetime | None
    created_at: UtcDatetime
    updated_at: UtcDatetime

    @classmethod
    def from_user(cls, user: User) -> "UserOut":
        return cls(
            id=user.id,
            email=user.email,
            role=user.role,
            is_active=user.is_active,
            dealership_id=user.dealership_id,
            manager_id=user.manager_id,
            profile=ProfileOut(
                first_name=user.first_name, last_name=user.last_name, phone=user.phone
            ),
            preferences=PreferencesOut(
                language=user.language, theme=user.theme, notifications=user.notifications
            ),
            two_factor_enabled=user.totp_enabled,
            last_login_at=user.last_login_at,
            created_at=user.created_at,
            updated_at=user.updated_at,
        )


class LoginIn(ApiModel):
    # Not EmailStr: any string is checked the same way, so a malformed address answers exactly
    # like an unknown one.
    email: Annotated[str, Field(min_length=1, max_length=320)]
    password: Password


class TwoFactorLoginIn(ApiModel):
    challenge_token: Annotated[str, Field(min_length=1, max_length=2048)]
    code: Code


class SessionOut(ApiModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int = Field(description="Seconds until the access token expires")
    user: UserOut


class AuthenticatedOut(SessionOut):
    status: Literal["authenticated"] = "authenticated"


class TwoFactorRequiredOut(ApiModel):
    status: Literal["two_factor_required"] = "two_factor_required"
    challenge_token: str = Field(description="Send it with the code to /login/two-factor")


LoginOut = Annotated[AuthenticatedOut | TwoFactorRequiredOut, Field(discriminator="status")]


class ForgotPasswordIn(ApiModel):
    email: EmailStr


class ResetPasswordIn(ApiModel):
    token: OpaqueToken
    password: Password


class ChangePasswordIn(ApiModel):
    current_password: Password
    new_password: Password


class TwoFactorSetupOut(ApiModel):
    secret: str
    otpauth_uri: str
    qr_svg: str


class TwoFactorConfirmIn(ApiModel):
    code: Code


class RecoveryCodesOut(ApiModel):
    recovery_codes: list[str]


class TwoFactorDisableIn(ApiModel):
    password: Password
