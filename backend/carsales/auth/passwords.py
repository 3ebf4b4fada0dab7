"""argon2id password hashing.

A hash costs about 0.1 s of CPU: the `*_off_loop` forms run it on a small thread pool of its
own, so that sign-ins neither stall the event loop (every other request, health checks, live
sockets) nor start more hashes at once than there are cores to run them.
"""

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# argon2-cffi releases the GIL while hashing; more threads than cores would only queue there.
_pool = ThreadPoolExecutor(
    max_workers=max(1, min(4, os.cpu_count() or 1)), thread_name_prefix="password-hash"
)


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


async def verify_password_off_loop(password_hash: str | None, password: str) -> bool:
    return await asyncio.get_running_loop().run_in_executor(
        _pool, verify_password, password_hash, password
    )


async def hash_password_off_loop(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(_pool, hash_password, password)
