"""argon2id password hashing."""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


def use_hasher(hasher: PasswordHasher) -> None:
    """Swap the parameters (the test suite uses cheap ones; production keeps the defaults)."""
    global _hasher
    _hasher = hasher
    _dummy_hash.cache_clear()


@cache
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so a miss costs as much time as a hit."""
    return _hasher.hash("timing-equaliser-not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return (
            _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
