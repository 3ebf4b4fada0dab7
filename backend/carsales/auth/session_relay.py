"""Ended sessions reach every API process through Redis.

The process whose commit ended sessions closes its own sockets of them at once; with Redis
configured it also publishes the notice on `CHANNEL`, to which every API process subscribes, and
each closes its sockets of those sessions and forgets their cached checks. A socket held by
another process is so closed within moments instead of at its next event. A notice published while
a process was reconnecting to Redis is lost to it: the check before each event
(`events.GuardedServer`) stays the backstop.
"""

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import asdict
from uuid import uuid4

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

from carsales.auth.sessions import EndedSessions, Listener

log = structlog.get_logger(__name__)
CHANNEL = "carsales-sessions-ended"
RETRY_SECONDS = (0.5, 10.0)  # first and longest wait before subscribing again


class EndedSessionsRelay:
    """Publishes this process's ended sessions and hands other processes' ones to `handle`."""

    def __init__(self, redis_url: str, handle: Listener) -> None:
        self._redis = Redis.from_url(redis_url)
        self._handle = handle
        # Tells this process's own notices apart: it handled them before publishing.
        self._origin = uuid4().hex

    async def publish(self, ended: EndedSessions) -> None:
        notice = json.dumps({"origin": self._origin, **asdict(ended)})
        try:
            await self._redis.publish(CHANNEL, notice)
        except RedisError:
            log.warning("ended_sessions_not_published", user_id=ended.user_id, exc_info=True)

    async def _receive(self, subscribed: asyncio.Event) -> None:
        async with self._redis.pubsub(ignore_subscribe_messages=True) as pubsub:
            await pubsub.subscribe(CHANNEL)
            subscribed.set()
            async for message in pubsub.listen():
                try:
                    notice = json.loads(message["data"])
                    if notice.pop("origin") == self._origin:
                        continue
                    ended = EndedSessions(**notice)
                except (ValueError, KeyError, TypeError):
                    log.warning("ended_sessions_notice_invalid", data=repr(message["data"])[:200])
                    continue
                try:
                    await self._handle(ended)
                except Exception:
                    log.exception("ended_sessions_handler_failed", user_id=ended.user_id)

    async def _run(self) -> None:
        """Receive notices until cancelled, subscribing again after a lost connection."""
        wait = RETRY_SECONDS[0]
        while True:
            subscribed = asyncio.Event()
            try:
                await self._receive(subscribed)
            except (RedisError, OSError):
                if subscribed.is_set():
                    wait = RETRY_SECONDS[0]
                log.warning("ended_sessions_relay_lost", retry_in_s=wait, exc_info=True)
            await asyncio.sleep(wait)
            wait = min(wait * 2, RETRY_SECONDS[1])

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Listen for other processes' notices while the block runs (the app's lifespan)."""
        task = asyncio.create_task(self._run(), name="ended-sessions-relay")
        try:
            yield
        finally:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
            await self._redis.aclose()
