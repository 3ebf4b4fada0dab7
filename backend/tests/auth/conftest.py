"""Fixtures for the authentication tests: settings overrides, clients with their own address,
a real SMTP server, and helpers for the refresh cookie."""

import asyncio
import re
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AsyncExitStack
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.config import Settings
from carsales.models import AuditEvent

REFRESH_COOKIE = "carsales_refresh"
PUBLIC_URL = "https://cars.example.test"


@pytest.fixture
def configure(app: FastAPI) -> Iterator[Callable[..., Settings]]:
    """Change settings for one test (the `settings` fixture is shared by the whole session)."""
    original: Settings = app.state.settings

    def apply(**changes: Any) -> Settings:
        app.state.settings = app.state.settings.model_copy(update=changes)
        return app.state.settings  # type: ignore[no-any-return]

    yield apply
    app.state.settings = original


@pytest.fixture
async def client_at(app: FastAPI) -> AsyncIterator[Callable[[str], httpx.AsyncClient]]:
    """A factory of clients calling from a given IP address, each with its own cookies."""
    async with AsyncExitStack() as stack:

        def make(ip: str) -> httpx.AsyncClient:
            transport = httpx.ASGITransport(app=app, client=(ip, 50000))
            http = httpx.AsyncClient(transport=transport, base_url="http://testserver")
            stack.push_async_callback(http.aclose)
            return http

        yield make


class Mailbox:
    """An aiosmtpd handler that keeps what it receives; the server runs in its own thread."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.messages: list[EmailMessage] = []
        self._loop = loop
        self._arrived: asyncio.Queue[EmailMessage] = asyncio.Queue()

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self._loop.call_soon_threadsafe(self._arrived.put_nowait, message)
        return "250 Message accepted for delivery"

    async def wait_for(self, count: int) -> list[EmailMessage]:
        """The next `count` messages, once they arrive (mail is sent in the background)."""
        async with asyncio.timeout(10):
            return [await self._arrived.get() for _ in range(count)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
async def mailbox(configure: Callable[..., Settings]) -> AsyncIterator[Mailbox]:
    """A real SMTP server on localhost, with the app's settings pointing at it."""
    handler = Mailbox(asyncio.get_running_loop())
    for attempt in range(3):
        controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
        try:
            controller.start()
            break
        except OSError:  # the port was taken meanwhile (by another pytest-xdist worker...)
            if attempt == 2:
                raise
    configure(smtp_host="127.0.0.1", smtp_port=controller.port, public_url=PUBLIC_URL)
    yield handler
    controller.stop()


def link_in(message: EmailMessage, path: str) -> str:
    """The token of the `{PUBLIC_URL}{path}?token=...` link, checking both parts carry it."""
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    found = re.search(rf"{re.escape(PUBLIC_URL + path)}\?token=[\w-]+", text.get_content())
    assert found is not None, text.get_content()
    assert found.group(0) in html.get_content()
    return parse_qs(urlsplit(found.group(0)).query)["token"][0]


def refresh_cookie(response: httpx.Response) -> str:
    token = response.cookies.get(REFRESH_COOKIE)
    assert token, response.headers.get("set-cookie")
    return token


async def post_with_cookie(client: httpx.AsyncClient, path: str, token: str) -> httpx.Response:
    """Call `path` presenting exactly this refresh token, whatever the client's cookies hold."""
    return await client.post(path, headers={"Cookie": f"{REFRESH_COOKIE}={token}"})


async def audit_actions(db: AsyncSession) -> list[str]:
    rows = await db.scalars(select(AuditEvent.action).order_by(AuditEvent.created_at))
    return list(rows)
