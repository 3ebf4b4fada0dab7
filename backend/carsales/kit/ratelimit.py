"""Fixed-window request counters: in this process, or in Redis when several processes serve.

`hit` counts one request against a key and says, when the key is over its limit for the
current window, how many seconds are left until the window ends (the Retry-After).
"""

import time
from typing import Protocol

from redis.asyncio import Redis

# INCR and EXPIRE in one step: parallel requests each get their own count, and a key never
# lives on without an expiry (which two separate commands could leave behind).
_HIT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
if count > tonumber(ARGV[2]) then
  local ttl = redis.call('TTL', KEYS[1])
  if ttl < 1 then ttl = 1 end
  return ttl
end
return 0
"""
_MAX_KEYS = 100_000  # the in-process table drops ended windows once it holds this many


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int, window_seconds: int) -> int | None:
        """Count a request; None while within `limit`, else the seconds to wait."""


class MemoryRateLimiter:
    """One process's counters (the embedded mode: one process serves everything)."""

    def __init__(self) -> None:
        self._windows: dict[str, tuple[float, int]] = {}  # key -> (window end, count)

    async def hit(self, key: str, limit: int, window_seconds: int) -> int | None:
        now = time.monotonic()
        if len(self._windows) >= _MAX_KEYS:
            self._windows = {k: v for k, v in self._windows.items() if v[0] > now}
        ends, count = self._windows.get(key, (0.0, 0))
        if ends <= now:
            ends, count = now + window_seconds, 0
        count += 1
        self._windows[key] = (ends, count)
        return max(1, round(ends - now)) if count > limit else None


class RedisRateLimiter:
    """Counters shared by every process that uses the same Redis."""

    def __init__(self, url: str, prefix: str = "carsales:rate:") -> None:
        self._redis = Redis.from_url(url)
        self._prefix = prefix

    async def hit(self, key: str, limit: int, window_seconds: int) -> int | None:
        wait = await self._redis.eval(_HIT_SCRIPT, 1, self._prefix + key, window_seconds, limit)
        return int(wait) or None

    async def aclose(self) -> None:
        await self._redis.aclose()


def create_rate_limiter(redis_url: str | None) -> MemoryRateLimiter | RedisRateLimiter:
    return RedisRateLimiter(redis_url) if redis_url else MemoryRateLimiter()
