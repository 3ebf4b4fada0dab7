import hmac
from typing import Literal

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from redis.asyncio import Redis
from sqlalchemy import text

from carsales.errors import Forbidden
from carsales.kit.schema import ApiModel

router = APIRouter(tags=["operations"])


class Health(ApiModel):
    status: Literal["ok"]


class Readiness(ApiModel):
    status: Literal["ok", "unavailable"]
    checks: dict[str, str]


@router.get("/api/v1/health", response_model=Health)
async def health() -> Health:
    """The process is up. Says nothing about its dependencies: see /api/v1/ready."""
    return Health(status="ok")


async def _check_database(request: Request) -> None:
    async with request.app.state.sessionmaker() as session:
        await session.execute(text("SELECT 1"))


async def _check_redis(url: str) -> None:
    client = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        await client.ping()
    finally:
        await client.aclose()


@router.get(
    "/api/v1/ready",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "A dependency is not reachable"}},
)
async def ready(request: Request) -> JSONResponse:
    """Every dependency this instance needs answers: database, Redis (when set), storage."""
    settings = request.app.state.settings
    checks: dict[str, str] = {}
    try:
        await _check_database(request)
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {type(exc).__name__}"
    if settings.redis_url:
        try:
            await _check_redis(settings.redis_url)
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"error: {type(exc).__name__}"
    try:
        await request.app.state.storage.check()
        checks["storage"] = "ok"
    except Exception as exc:
        checks["storage"] = f"error: {type(exc).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    body = Readiness(status="ok" if healthy else "unavailable", checks=checks)
    return JSONResponse(body.model_dump(by_alias=True), status_code=200 if healthy else 503)


LOOPBACK = frozenset({"127.0.0.1", "::1"})


def _may_scrape(request: Request) -> bool:
    """With `metrics_token` set, a scrape must carry it as a Bearer token; without one, only a
    direct connection from this host may scrape (nothing forwarded by a proxy)."""
    token = request.app.state.settings.metrics_token
    if token is not None:
        presented = request.headers.get("authorization", "").removeprefix("Bearer ")
        return hmac.compare_digest(presented.encode(), token.get_secret_value().encode())
    forwarded = "x-forwarded-for" in request.headers or "forwarded" in request.headers
    return request.client is not None and request.client.host in LOOPBACK and not forwarded


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    """Prometheus metrics: per-request and process figures, for the operator's scraper only."""
    if not _may_scrape(request):
        raise Forbidden(
            "Metrics need the token of CARSALES_METRICS_TOKEN, or a scrape from this host."
        )
    # Figures read at scrape time from below this layer (the job queue's), which the app
    # registers in `metrics_refreshers`.
    for refresh in request.app.state.metrics_refreshers:
        await refresh()
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
