"""argon2id password hashing.

A hash costs about 0.1 s of CPU: the `*_off_loop` forms run it on a small thread pool of its
own, so that sign-ins neither stall the event loop (every other request, health checks, live
sockets) nor start more hashes at once than there are cores to run them.
"""

import asyncio
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# How much lower the hashing threads' CPU priority is than the rest of the process's.
HASHING_NICENESS = 10


def _yield_to_requests() -> None:
    """A hashing thread lowers its own CPU priority: under a burst of sign-ins the event loop
    (pages, live audio) keeps its pace and the sign-ins wait instead (50 at once held both
    cores of a 2-core server for seconds, bench/load.py). Linux gives each thread its own nice
    value; elsewhere `nice` would lower the whole process, so it is left alone."""
    if sys.platform == "linux":
        os.nice(HASHING_NICENESS)


# argon2-cffi releases the GIL while hashing; more threads than cores would only queue there.
_pool = ThreadPoolExecutor(
    max_workers=max(1, min(4, os.cpu_count() or 1)),
    thread_name_prefix="password-hash",
    initializer=_yield_to_requests,
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
