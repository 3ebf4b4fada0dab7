"""Pure ASGI middleware: request ids and access logs, security headers, body limits, metrics."""

import json
import re
import secrets
import time

import structlog
from prometheus_client import Counter, Histogram
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from carsales.errors import problem_body
from carsales.logging import request_id_var

log = structlog.get_logger("carsales.http")

REQUESTS = Counter("carsales_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("carsales_http_request_seconds", "HTTP request latency", ["method", "route"])
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self' ws: wss:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def _route_label(scope: Scope) -> str:
    route = scope.get("route")
    path: str | None = getattr(route, "path", None)
    return path or "unmatched"


class RequestContextMiddleware:
    """Gives every request an id (echoed as X-Request-ID), logs it and counts it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID.match(incoming) else secrets.token_hex(8)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - started
            route = _route_label(scope)
            REQUESTS.labels(scope["method"], route, str(status)).inc()
            LATENCY.labels(scope["method"], route).observe(elapsed)
            log.info(
                "http_request",
                method=scope["method"],
                # The route template, not the path: paths can carry tokens (invitation and
                # download links), which must not end up in logs.
                path=route if route != "unmatched" else scope["path"],
                status=status,
                duration_ms=round(elapsed * 1000, 1),
            )
            request_id_var.reset(token)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        behind_tls = self.hsts or scope.get("scheme") == "https"

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
                headers["Permissions-Policy"] = "camera=(), geolocation=(), microphone=(self)"
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
                if behind_tls:
                    headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
            await send(message)

        await self.app(scope, receive, send_wrapper)


class BodyLimitMiddleware:
    """Refuses request bodies over the limit, whether or not Content-Length is declared."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        overrides: dict[str, int] | None = None,
        routes: dict[re.Pattern[str], int] | None = None,
    ) -> None:
        """`overrides` apply to every path under a prefix; `routes` to the paths a pattern
        matches whole (one upload route among others under the same prefix)."""
        self.app = app
        self.default_max_bytes = max_bytes
        # Longest prefix first, so a specific route's limit wins over a general one.
        self.overrides = sorted((overrides or {}).items(), key=lambda kv: -len(kv[0]))
        self.routes = list((routes or {}).items())

    def _limit_for(self, path: str) -> int:
        return next(
            (limit for pattern, limit in self.routes if pattern.fullmatch(path)),
            next(
                (limit for prefix, limit in self.overrides if path.startswith(prefix)),
                self.default_max_bytes,
            ),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self._limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_bytes:
            await self._reject(scope, send, max_bytes)
            return
        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise _BodyTooLarge(max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not response_started:
                await self._reject(scope, send, max_bytes)

    async def _reject(self, scope: Scope, send: Send, max_bytes: int) -> None:
        detail = f"The request body is larger than the {max_bytes} bytes allowed here."
        body = problem_body(413, "Payload too large", detail, "payload_too_large", scope["path"])
        payload = json.dumps(body).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(payload)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})


class _BodyTooLarge(HTTPException):
    """Raised while the app reads a body without Content-Length (chunked) past the limit.

    An HTTPException, because FastAPI turns any other error while it parses a body into a
    400; this one it passes on, and the app answers 413 as for any other HTTP error.
    """

    def __init__(self, max_bytes: int) -> None:
        detail = f"The request body is larger than the {max_bytes} bytes allowed here."
        super().__init__(status_code=413, detail=detail)
