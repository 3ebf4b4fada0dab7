"""Real-time channel: Socket.IO at /socket.io.

Browsers connect with their access token and join a room for themselves and one for their
dealership. Without Redis the server is in-memory; with `CARSALES_REDIS_URL` every process
(API instances and workers) shares events through Redis pub/sub, so an event emitted by a
worker on another machine reaches the browser connected to any API instance.
"""

from typing import Any

import socketio
import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.auth.tokens import decode_access_token
from carsales.config import Settings
from carsales.errors import Unauthorized
from carsales.models import User

log = structlog.get_logger(__name__)
CHANNEL = "carsales-socketio"


def user_room(user_id: str) -> str:
    return f"user:{user_id}"


def dealership_room(dealership_id: str) -> str:
    return f"dealership:{dealership_id}"


def create_socket_server(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> socketio.AsyncServer:
    manager = (
        socketio.AsyncRedisManager(settings.redis_url, channel=CHANNEL)
        if settings.redis_url
        else None
    )
    server = socketio.AsyncServer(
        async_mode="asgi",
        client_manager=manager,
        # None means same-origin only; configured origins are added for split deployments.
        cors_allowed_origins=settings.cors_origins or None,
        logger=False,
        engineio_logger=False,
    )

    @server.event
    async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        token = auth.get("token") if isinstance(auth, dict) else None
        if not isinstance(token, str):
            raise socketio.exceptions.ConnectionRefusedError("unauthorized")
        try:
            claims = decode_access_token(settings, token)
        except Unauthorized as exc:
            raise socketio.exceptions.ConnectionRefusedError("unauthorized") from exc
        async with sessionmaker() as session:
            user = await session.scalar(select(User).where(User.id == claims.user_id))
        if user is None or not user.is_active:
            raise socketio.exceptions.ConnectionRefusedError("unauthorized")
        await server.save_session(sid, {"user_id": user.id, "dealership_id": user.dealership_id})
        await server.enter_room(sid, user_room(user.id))
        await server.enter_room(sid, dealership_room(user.dealership_id))
        log.info("socket_connected", user_id=user.id)

    return server


class EventEmitter:
    """Sends events to rooms from any process: the API's own server, or Redis from a worker."""

    def __init__(self, target: socketio.AsyncServer | socketio.AsyncRedisManager) -> None:
        self._target = target

    @classmethod
    def external(cls, redis_url: str) -> "EventEmitter":
        return cls(socketio.AsyncRedisManager(redis_url, channel=CHANNEL, write_only=True))

    async def to_user(self, user_id: str, event: str, data: dict[str, Any]) -> None:
        await self._target.emit(event, data, room=user_room(user_id))

    async def to_dealership(self, dealership_id: str, event: str, data: dict[str, Any]) -> None:
        await self._target.emit(event, data, room=dealership_room(dealership_id))
