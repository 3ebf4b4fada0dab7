"""What a password must be: long enough, not the e-mail, not a well-known password."""

from functools import lru_cache
from pathlib import Path

from carsales.errors import BadRequest

MIN_LENGTH = 10
MAX_LENGTH = 128
_COMMON_FILE = Path(__file__).with_name("common_passwords.txt")


class WeakPassword(BadRequest):
    title = "Password does not meet the policy"
    code = "weak_password"


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    return frozenset(_COMMON_FILE.read_text().split())


def check_password(password: str, email: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"Use at most {MAX_LENGTH} characters.")
    lowered = password.lower()
    local_part = email.lower().split("@", 1)[0]
    if lowered == email.lower() or (len(local_part) >= 4 and local_part in lowered):
        raise WeakPassword("The password must not contain your e-mail address.")
    stripped = lowered.rstrip("0123456789!.?")
    if lowered in _common_passwords() or stripped in _common_passwords():
        raise WeakPassword("This password is too common; choose another.")
    if len(set(password)) < 4:
        raise WeakPassword("Use more varied characters.")
