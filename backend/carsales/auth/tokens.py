"""Short-lived JWT access tokens. Refresh tokens are opaque and live in the database."""

from dataclasses import dataclass
from datetime import timedelta

import jwt

from carsales.config import Settings
from carsales.errors import Unauthorized
from carsales.kit.time import utcnow
from carsales.models import Role

ALGORITHM = "HS256"
AUDIENCE = "carsales-api"


@dataclass(frozen=True)
class AccessClaims:
    user_id: str
    dealership_id: str
    role: Role
    session_id: str


def issue_access_token(settings: Settings, claims: AccessClaims) -> str:
    now = utcnow()
    payload = {
        "sub": claims.user_id,
        "dlr": claims.dealership_id,
        "role": claims.role.value,
        "sid": claims.session_id,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + timedelta(minutes=settings.access_token_minutes),
    }
    return jwt.encode(payload, settings.secret_key.get_secret_value(), algorithm=ALGORITHM)


def decode_access_token(settings: Settings, token: str) -> AccessClaims:
    try:
        payload = jwt.decode(
            token,
            settings.secret_key.get_secret_value(),
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            options={"require": ["exp", "sub", "dlr", "role", "sid"]},
        )
        return AccessClaims(
            user_id=payload["sub"],
            dealership_id=payload["dlr"],
            role=Role(payload["role"]),
            session_id=payload["sid"],
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized("The access token has expired.") from exc
    except (jwt.InvalidTokenError, ValueError, KeyError) as exc:
        raise Unauthorized("The access token is invalid.") from exc
