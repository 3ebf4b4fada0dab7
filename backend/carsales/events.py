"""Real-time channel: Socket.IO at /socket.io.

Browsers connect with their access token and join a room for themselves and one for their
dealership. Without Redis the server is in-memory; with `CARSALES_REDIS_URL` every process
(API instances and workers) shares events through Redis pub/sub, so an event emitted by a
worker on another machine reaches the browser connected to any API instance.

Only the WebSocket transport is accepted. Long-polling needs every request of a client to
reach the same process, which neither `carsales serve --workers N` nor a plain round-robin
proxy guarantees; without polling no sticky sessions are needed. Clients must connect with
`transports: ["websocket"]`.
"""

from collections.abc import Awaitable, Callable
from typing import Any

import socketio
import structlog

from carsales.config import Settings
from carsales.models import User

log = structlog.get_logger(__name__)
CHANNEL = "carsales-socketio"

# The user an access token belongs to, or None to refuse the connection. Auth provides it
# (main.py hands it over), so the same checks as the REST dependency apply and this module
# knows nothing of tokens.
Authenticate = Callable[[str], Awaitable[User | None]]


def user_room(user_id: str) -> str:
    return f"user:{user_id}"


def dealership_room(dealership_id: str) -> str:
    return f"dealership:{dealership_id}"


def _origin_check(cors_origins: list[str]) -> Callable[[str, dict[str, Any]], bool]:
    """Same origin, plus the configured CORS origins.

    Handing python-socketio the list alone would replace its same-origin default, and the web
    app served by this backend could no longer connect once a split front end is configured.
    """
    configured = {origin.rstrip("/") for origin in cors_origins}

    def allowed(origin: str, environ: dict[str, Any]) -> bool:
        # python-socketio sets wsgi.url_scheme from X-Forwarded-Proto (TLS ends at the proxy).
        scheme = environ.get("wsgi.url_scheme", "http")
        forwarded_host = environ.get("HTTP_X_FORWARDED_HOST", "").split(",")[0].strip()
        hosts = {environ.get("HTTP_HOST", ""), forwarded_host} - {""}
        return origin in configured or origin in {f"{scheme}://{host}" for host in hosts}

    return allowed


def create_socket_server(settings: Settings, authenticate: Authenticate) -> socketio.AsyncServer:
    manager = (
        socketio.AsyncRedisManager(settings.redis_url, channel=CHANNEL)
        if settings.redis_url
        else None
    )
    server = socketio.AsyncServer(
        async_mode="asgi",
        client_manager=manager,
        transports=["websocket"],
        cors_allowed_origins=_origin_check(settings.cors_origins),
        logger=False,
        engineio_logger=False,
    )

    async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        token = auth.get("token") if isinstance(auth, dict) else None
        if not isinstance(token, str):
            raise socketio.exceptions.ConnectionRefusedError("unauthorized")
        user = await authenticate(token)
        if user is None:
            raise socketio.exceptions.ConnectionRefusedError("unauthorized")
        await server.save_session(sid, {"user_id": user.id, "dealership_id": user.dealership_id})
        await server.enter_room(sid, user_room(user.id))
        await server.enter_room(sid, dealership_room(user.dealership_id))
        log.info("socket_connected", user_id=user.id)

    server.on("connect", connect)
    return server


class EventEmitter:
    """Sends events to rooms from any process: the API's own server, or Redis from a worker."""

    def __init__(self, target: socketio.AsyncServer | socketio.AsyncRedisManager) -> None:
        self._target = target

    @classmethod
    def external(cls, redis_url: str) -> "EventEmitter":
        """An emitter for a process without a Socket.IO server; close it with `aclose()`."""
        return cls(socketio.AsyncRedisManager(redis_url, channel=CHANNEL, write_only=True))

    async def to_user(self, user_id: str, event: str, data: dict[str, Any]) -> None:
        await self._target.emit(event, data, room=user_room(user_id))

    async def to_dealership(self, dealership_id: str, event: str, data: dict[str, Any]) -> None:
        await self._target.emit(event, data, room=dealership_room(dealership_id))

    async def aclose(self) -> None:
        """Close an external emitter's Redis connection; the API's server needs no closing."""
        if isinstance(self._target, socketio.AsyncRedisManager) and self._target.redis is not None:
            await self._target.redis.aclose()
