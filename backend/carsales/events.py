"""Real-time channel: Socket.IO at /socket.io.

Browsers connect with their access token and join a room for themselves and one for their
dealership. Without Redis the server is in-memory; with `CARSALES_REDIS_URL` every process
(API instances and workers) shares events through Redis pub/sub, so an event emitted by a
worker on another machine reaches the browser connected to any API instance.

Every event a client sends is handled only while the sign-in session of its connection is live
(checked again before each event); sockets of a session that ends (logout, password change or
reset, deactivation) are disconnected by this process at once (`end_sessions`), and by the other
API processes when the notice reaches them through Redis (`auth/session_relay.py`); a notice one
of them missed still takes effect at the socket's next event.

Only the WebSocket transport is accepted. Long-polling needs every request of a client to
reach the same process, which neither `carsales serve --workers N` nor a plain round-robin
proxy guarantees; without polling no sticky sessions are needed. Clients must connect with
`transports: ["websocket"]`.
"""

import functools
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

import socketio
import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.config import Settings
from carsales.db import after_commit, attach_to_sessions

log = structlog.get_logger(__name__)
CHANNEL = "carsales-socketio"
SERVER_EVENTS = frozenset({"connect", "disconnect"})
_EMIT_INFO_KEY = "events.emit"

Emit = Callable[[str, str, dict[str, Any]], Awaitable[None]]
"""emit(user_id, event, data): sends a real-time event to one user's room."""


@dataclass(frozen=True)
class SocketIdentity:
    """Who a connection belongs to, and the sign-in session its token came from."""

    user_id: str
    dealership_id: str
    session_id: str


class SocketAuth(Protocol):
    """Auth provides it (main.py hands it over), so the same checks as the REST dependency
    apply and this module knows nothing of tokens."""

    async def authenticate(self, token: str) -> SocketIdentity | None:
        """Who the access token belongs to, or None to refuse the connection."""

    async def still_valid(self, identity: SocketIdentity) -> bool:
        """Whether the connection's session and account are still live."""


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


class GuardedServer(socketio.AsyncServer):  # type: ignore[misc]
    """An AsyncServer whose client events run only while the connection's session is live."""

    def __init__(self, auth: SocketAuth, **options: Any) -> None:
        super().__init__(**options)
        self.auth = auth

    def on(self, event: str, handler: Any = None, namespace: str | None = None) -> Any:
        if event in SERVER_EVENTS:
            return super().on(event, handler, namespace)
        if handler is None:

            def register(function: Any) -> Any:
                socketio.AsyncServer.on(self, event, self._guard(function), namespace)
                return function

            return register
        return super().on(event, self._guard(handler), namespace)

    def _guard(self, handler: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(handler)
        async def guarded(sid: str, *args: Any) -> Any:
            saved = await self.get_session(sid)
            identity = saved.get("identity")
            if not isinstance(identity, SocketIdentity) or not await self.auth.still_valid(
                identity
            ):
                log.info("socket_session_ended", sid=sid)
                await self.disconnect(sid)
                return {"ok": False, "error": "session_ended", "message": "Sign in again."}
            result = handler(sid, *args)
            return await result if inspect.isawaitable(result) else result

        return guarded

    async def end_sessions(self, user_id: str, includes: Callable[[str], bool]) -> None:
        """Disconnect this process's sockets of `user_id` whose session `includes` names."""
        participants = list(self.manager.get_participants("/", user_room(user_id)))
        for sid, _eio_sid in participants:
            saved = await self.get_session(sid)
            identity = saved.get("identity")
            if isinstance(identity, SocketIdentity) and includes(identity.session_id):
                await self.disconnect(sid)
                log.info("socket_disconnected_session_ended", user_id=user_id)


def create_socket_server(settings: Settings, auth: SocketAuth) -> GuardedServer:
    manager = (
        socketio.AsyncRedisManager(settings.redis_url, channel=CHANNEL)
        if settings.redis_url
        else None
    )
    server = GuardedServer(
        auth,
        async_mode="asgi",
        client_manager=manager,
        transports=["websocket"],
        cors_allowed_origins=_origin_check(settings.cors_origins),
        logger=False,
        engineio_logger=False,
    )

    async def connect(sid: str, environ: dict[str, Any], auth_data: Any = None) -> None:
        token = auth_data.get("token") if isinstance(auth_data, dict) else None
        if not isinstance(token, str):
            raise socketio.exceptions.ConnectionRefusedError("unauthorized")
        identity = await auth.authenticate(token)
        if identity is None:
            raise socketio.exceptions.ConnectionRefusedError("unauthorized")
        await server.save_session(
            sid,
            {
                "user_id": identity.user_id,
                "dealership_id": identity.dealership_id,
                "identity": identity,
            },
        )
        await server.enter_room(sid, user_room(identity.user_id))
        await server.enter_room(sid, dealership_room(identity.dealership_id))
        log.info("socket_connected", user_id=identity.user_id)

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


def bind_emitter(sessionmaker: async_sessionmaker[AsyncSession], emit: Emit) -> None:
    """Sessions of `sessionmaker` carry `emit`, the way this process reaches browsers (its own
    server, the server's loop from a job thread, or Redis from a worker), so that code changing
    data can send an event once its transaction commits without knowing where it runs."""
    attach_to_sessions(sessionmaker, _EMIT_INFO_KEY, emit)


def emit_after_commit(
    session: AsyncSession, user_id: str, event: str, data: dict[str, Any]
) -> None:
    """Send `event` to the user's room once `session` commits; never on a rollback. A session
    without an emitter (the CLI, a test's own session) sends nothing: the row is what counts."""
    emit: Emit | None = session.info.get(_EMIT_INFO_KEY)
    if emit is None:
        return

    async def send() -> None:
        await emit(user_id, event, data)

    after_commit(session, send)
