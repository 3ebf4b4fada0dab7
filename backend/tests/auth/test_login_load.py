"""Sign-ins under load: hashing leaves the event loop, and concurrent sign-ins all succeed on
the suite's database (a SQLite file, or PostgreSQL) (issue 11, defect 2)."""

import asyncio
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, Literal

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI

from carsales.auth import passwords
from carsales.config import Settings
from tests.conftest import TEST_PASSWORD, TestDealership

LOGIN = "/api/v1/auth/login"
CONCURRENT = 50


class RecordingHasher(PasswordHasher):
    """The suite's cheap parameters; notes the thread each verification ran on."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.threads: list[int] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.threads.append(threading.get_ident())
        return super().verify(hash, password)


@pytest.fixture
def recording_hasher() -> Iterator[RecordingHasher]:
    original = passwords._hasher
    hasher = RecordingHasher()
    passwords.use_hasher(hasher)
    yield hasher
    passwords.use_hasher(original)


async def test_concurrent_sign_ins_all_succeed_and_hash_off_the_event_loop(
    client_at: Callable[[str], httpx.AsyncClient],
    dealership: TestDealership,
    configure: Callable[..., Settings],
    recording_hasher: RecordingHasher,
) -> None:
    configure(login_max_failures_per_ip=1000, login_max_failures_per_account=1000)
    members = list(dealership.members.values())

    async def sign_in(index: int) -> httpx.Response:
        member = members[index % len(members)]
        body: dict[str, Any] = {"email": member.user.email, "password": TEST_PASSWORD}
        return await client_at(f"198.51.100.{index + 1}").post(LOGIN, json=body)

    responses = await asyncio.gather(*(sign_in(index) for index in range(CONCURRENT)))

    assert Counter(response.status_code for response in responses) == {200: CONCURRENT}
    assert len(recording_hasher.threads) == CONCURRENT
    assert threading.get_ident() not in recording_hasher.threads


class MeetingHasher(PasswordHasher):
    """Cheap parameters; two verifications meet before either goes on, and note how many of
    the app's database connections are checked out meanwhile."""

    def __init__(self, pool: Any) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.pool = pool
        self.both_hashing = threading.Barrier(2, timeout=10)
        self.checked_out: list[int] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.both_hashing.wait()
        self.checked_out.append(self.pool.checkedout())
        return super().verify(hash, password)


async def test_a_sign_in_holds_no_database_connection_while_its_password_is_checked(
    app: FastAPI,
    client_at: Callable[[str], httpx.AsyncClient],
    dealership: TestDealership,
) -> None:
    """Under a burst of sign-ins a check waits seconds for a core: sign-ins that kept their
    connection meanwhile took every pooled one, and other requests waited for one."""
    original = passwords._hasher
    hasher = MeetingHasher(app.state.engine.sync_engine.pool)
    passwords.use_hasher(hasher)
    try:
        members = list(dealership.members.values())[:2]
        responses = await asyncio.gather(
            *(
                client_at(f"198.51.100.{index + 1}").post(
                    LOGIN, json={"email": member.user.email, "password": TEST_PASSWORD}
                )
                for index, member in enumerate(members)
            )
        )
    finally:
        passwords.use_hasher(original)
    assert [response.status_code for response in responses] == [200, 200]
    assert len(hasher.checked_out) == 2 and max(hasher.checked_out) < 2, hasher.checked_out
