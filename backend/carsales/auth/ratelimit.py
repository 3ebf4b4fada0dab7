"""Rate limits as dependencies: `Depends(per_ip("forgot"))` on a route counts each request from
the caller's address against `settings.rate_limit_forgot_per_ip`, and answers 429 with
Retry-After past it. `per_user` counts per signed-in user, `check` any other key (an e-mail)."""

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request

from carsales.auth.dependencies import current_user
from carsales.errors import TooManyRequests
from carsales.kit.http import client_ip
from carsales.kit.ratelimit import RateLimiter, create_rate_limiter
from carsales.models import User


class RateLimited(TooManyRequests):
    code = "rate_limited"


def limiter(request: Request) -> RateLimiter:
    """The app's limiter, made on first use (Redis-backed when Redis is set)."""
    state = request.app.state
    found: RateLimiter | None = getattr(state, "rate_limiter", None)
    if found is None:
        found = state.rate_limiter = create_rate_limiter(state.settings.redis_url)
    return found


async def check(request: Request, rule: str, scope: str, key: str) -> None:
    """Count a request of `rule` for `key`; the limit is the setting
    `rate_limit_{rule}_per_{scope}`."""
    settings = request.app.state.settings
    limit: int = getattr(settings, f"rate_limit_{rule}_per_{scope}")
    if limit <= 0:
        return
    wait = await limiter(request).hit(
        f"{rule}:{scope}:{key}", limit, settings.rate_limit_window_seconds
    )
    if wait is not None:
        raise RateLimited("Too many requests; try again later.", retry_after=wait)


def per_ip(rule: str) -> Callable[[Request], Coroutine[Any, Any, None]]:
    async def dependency(request: Request) -> None:
        settings = request.app.state.settings
        await check(request, rule, "ip", client_ip(request, settings.trust_forwarded_headers))

    return dependency


def per_user(rule: str) -> Callable[[Request, User], Coroutine[Any, Any, None]]:
    async def dependency(request: Request, user: Annotated[User, Depends(current_user)]) -> None:
        await check(request, rule, "user", user.id)

    return dependency
