"""Short-lived JWTs: access tokens, and the challenge between a password and its second factor.
Refresh tokens are opaque and live in the database."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import jwt

from carsales.config import Settings
from carsales.errors import Unauthorized
from carsales.kit.time import utcnow
from carsales.models import Role

ALGORITHM = "HS256"
AUDIENCE = "carsales-api"
# A distinct audience, so that a challenge can never be used as an access token or vice versa.
CHALLENGE_AUDIENCE = "carsales-two-factor"
CHALLENGE_MINUTES = 5


def token_digest(token: str) -> str:
    """What the database keeps of an opaque token, so that a leaked table holds no usable token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_opaque_token() -> tuple[str, str]:
    """A fresh random token and its digest."""
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


class InvalidChallenge(Unauthorized):
    title = "Sign-in challenge invalid"
    code = "invalid_challenge"


@dataclass(frozen=True)
class AccessClaims:
    user_id: str
    dealership_id: str
    role: Role
    session_id: str


def _encode(settings: Settings, audience: str, lifetime: timedelta, **claims: str) -> str:
    now = utcnow()
    payload = {**claims, "aud": audience, "iat": now, "exp": now + lifetime}
    return jwt.encode(payload, settings.secret_key.get_secret_value(), algorithm=ALGORITHM)


def _decode(settings: Settings, token: str, audience: str, required: list[str]) -> dict[str, Any]:
    payload: dict[str, Any] = jwt.decode(
        token,
        settings.secret_key.get_secret_value(),
        algorithms=[ALGORITHM],
        audience=audience,
        options={"require": ["exp", *required]},
    )
    return payload


def issue_access_token(settings: Settings, claims: AccessClaims) -> str:
    return _encode(
        settings,
        AUDIENCE,
        timedelta(minutes=settings.access_token_minutes),
        sub=claims.user_id,
        dlr=claims.dealership_id,
        role=claims.role.value,
        sid=claims.session_id,
    )


def decode_access_token(settings: Settings, token: str) -> AccessClaims:
    try:
        payload = _decode(settings, token, AUDIENCE, ["sub", "dlr", "role", "sid"])
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


@dataclass(frozen=True)
class Challenge:
    """Who passed the password step; `challenge_id` is single-use (recorded when issued)."""

    user_id: str
    email: str
    challenge_id: str


def issue_challenge_token(settings: Settings, challenge: Challenge) -> str:
    return _encode(
        settings,
        CHALLENGE_AUDIENCE,
        timedelta(minutes=CHALLENGE_MINUTES),
        sub=challenge.user_id,
        eml=challenge.email,
        jti=challenge.challenge_id,
    )


def decode_challenge_token(settings: Settings, token: str) -> Challenge:
    try:
        payload = _decode(settings, token, CHALLENGE_AUDIENCE, ["sub", "eml", "jti"])
        return Challenge(payload["sub"], payload["eml"], payload["jti"])
    except (jwt.InvalidTokenError, KeyError) as exc:
        raise InvalidChallenge("Sign in again: this sign-in attempt has expired.") from exc
