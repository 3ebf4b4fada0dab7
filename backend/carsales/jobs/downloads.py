"""Short-lived signed download links.

A browser follows a plain link to download a file or a zip, and cannot attach the access token
to it; the link itself carries a signed, expiring grant for exactly one file of one job.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

import jwt

from carsales.config import Settings
from carsales.errors import NotFound
from carsales.kit.time import utcnow

AUDIENCE = "carsales-download"
ALGORITHM = "HS256"
LINK_MINUTES = 15

Kind = Literal["input", "output", "archive"]


@dataclass(frozen=True)
class DownloadGrant:
    dealership_id: str
    job_id: str
    kind: Kind
    item_id: str | None


def sign(settings: Settings, grant: DownloadGrant) -> str:
    payload = {
        "aud": AUDIENCE,
        "dlr": grant.dealership_id,
        "job": grant.job_id,
        "kind": grant.kind,
        "item": grant.item_id,
        "exp": utcnow() + timedelta(minutes=LINK_MINUTES),
    }
    return jwt.encode(payload, settings.secret_key.get_secret_value(), algorithm=ALGORITHM)


def link(settings: Settings, grant: DownloadGrant) -> str:
    return f"/api/v1/downloads/{sign(settings, grant)}"


def verify(settings: Settings, token: str) -> DownloadGrant:
    try:
        payload = jwt.decode(
            token,
            settings.secret_key.get_secret_value(),
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            options={"require": ["exp", "dlr", "job", "kind"]},
        )
    except jwt.InvalidTokenError as exc:
        # Expired and forged links look the same to the caller: gone.
        raise NotFound("This download link has expired or is not valid.") from exc
    return DownloadGrant(
        dealership_id=payload["dlr"],
        job_id=payload["job"],
        kind=payload["kind"],
        item_id=payload.get("item"),
    )
