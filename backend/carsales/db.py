"""Database engine and the per-request transaction.

One request is one transaction: the session dependency commits on success and rolls back on
error. Services flush, never commit. Work that must only happen once the data is durable
(events, jobs) is registered with `after_commit` and runs after the commit.
"""

import hashlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

import structlog
from fastapi import Depends, Request
from sqlalchemy import event, exc, text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from carsales.config import Settings

log = structlog.get_logger(__name__)
AfterCommit = Callable[[], Awaitable[None]]
_AFTER_COMMIT_KEY = "after_commit"


# How long a write waits for SQLite's single write lock before "database is locked" (503).
# Each holder keeps it for milliseconds, but in a busy single-process server a transaction's
# commit waits its turn on the event loop, and writers queue behind it: 5 s was exceeded with 50
# users on 2 cores (bench/load.py), so a write waits long before it fails.
SQLITE_BUSY_TIMEOUT_S = 15


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_engine(settings: Settings) -> AsyncEngine:
    if settings.uses_sqlite:
        db_path = settings.database_url.split("///", 1)[-1]
        if db_path and db_path != ":memory:":
            Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(
            settings.database_url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S}
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_async_engine(settings.database_url, pool_size=10)
    pool = engine.sync_engine.pool
    event.listen(pool, "connect", _mark_used)
    event.listen(pool, "checkin", _mark_used)
    event.listen(pool, "checkout", _ping_if_idle)
    return engine


# A pooled PostgreSQL connection left idle this long is pinged before it is lent again: it may
# have been cut (a server restart, a proxy's idle timeout) and is then replaced unseen. Pinging
# every checkout (`pool_pre_ping`) cost three round trips (the driver's ping is BEGIN, an empty
# query, ROLLBACK) on a list read of five, a tenth of an API process's loop at 50 users; a
# connection used moments ago is trusted, and if the server went away since, that request
# answers 503 with Retry-After and the pool drops every connection as old as the failed one.
PING_IDLE_AFTER_S = 10.0
_LAST_USED = "last_used"


def _mark_used(_dbapi_connection: Any, record: Any) -> None:
    record.info[_LAST_USED] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    if time.monotonic() - record.info.get(_LAST_USED, 0.0) < PING_IDLE_AFTER_S:
        return
    try:
        dbapi_connection.ping()
    except Exception as error:
        # The pool discards the connection and checks out (or opens) another.
        raise exc.DisconnectionError from error


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def attach_to_sessions(
    sessionmaker: async_sessionmaker[AsyncSession], key: str, value: object
) -> None:
    """Every session the factory makes from now on carries `value` in its `info` under `key`,
    beside what others attached (a session's info is how code deep in a transaction reaches
    process-wide hooks without importing them)."""
    info = dict(sessionmaker.kw.get("info") or {})
    info[key] = value
    sessionmaker.configure(info=info)


async def hold_until_commit(session: AsyncSession, name: str) -> None:
    """Transactions that hold the same `name` take turns from here to their end: a count read
    next and the rows added after it cannot interleave with another's (limits that hold under
    concurrency). PostgreSQL: a transaction-scoped advisory lock on `name`. SQLite: the
    database's single write lock, taken by a write that changes nothing (the driver begins a
    transaction at its first write, so one that has only read so far waits for the lock
    within the busy timeout)."""
    if session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    else:
        await session.execute(text("UPDATE dealerships SET id = id WHERE 0"))


def after_commit(session: AsyncSession, callback: AfterCommit) -> None:
    """Run `callback` once the surrounding transaction has committed (never on rollback)."""
    session.info.setdefault(_AFTER_COMMIT_KEY, []).append(callback)


async def run_after_commit(session: AsyncSession) -> None:
    callbacks: list[AfterCommit] = session.info.pop(_AFTER_COMMIT_KEY, [])
    for callback in callbacks:
        try:
            await callback()
        except Exception:
            log.exception("after_commit_failed")


@asynccontextmanager
async def transaction(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """`async with transaction(...) as session:` commits when the block ends, a `return` inside
    it included, and rolls back when it raises.

    Not a generator to iterate: leaving an `async for` early (a return in its body) abandons
    the generator, whose clean-up then rolls back, later, in another task.
    """
    async with sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            session.info.pop(_AFTER_COMMIT_KEY, None)
            raise
    await run_after_commit(session)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with transaction(request.app.state.sessionmaker) as session:
        yield session


# "function" scope: the commit happens before the response is sent, so a client that reads
# right after a write sees it, and a failed commit is an error response, not a lost write.
DbSession = Annotated[AsyncSession, Depends(get_session, scope="function")]
