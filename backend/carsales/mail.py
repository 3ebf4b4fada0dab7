"""Outgoing e-mail: one plain-text and one HTML part built from the same content, sent over SMTP.

Mail goes out only after the transaction that asked for it has committed, and in the background:
a slow or unreachable SMTP server must not hold the request, and the time a request takes must
not tell whether an e-mail was sent (which would reveal whether an account exists).

Without `CARSALES_SMTP_HOST` nothing is sent. Outside production the link the e-mail carries is
then logged instead, so that a developer running `make run` can still reset a password; an
invitation is not even written then: its link goes back to the admin who invites
(users/invitation_service.py), and in production inviting is refused.
"""

import asyncio
import html
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any

import aiosmtplib
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.config import Settings
from carsales.db import after_commit

log = structlog.get_logger(__name__)
SMTP_TIMEOUT_SECONDS = 20
# Strong references to sends in flight: the event loop only keeps weak ones.
_in_flight: set[asyncio.Task[None]] = set()


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    paragraphs: Sequence[str]
    action_label: str
    action_url: str


def build_message(settings: Settings, mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=parseaddr(settings.mail_from)[1].rpartition("@")[2])
    text = "\n\n".join([*mail.paragraphs, f"{mail.action_label}: {mail.action_url}"])
    message.set_content(text + "\n")
    url = html.escape(mail.action_url, quote=True)
    body = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in mail.paragraphs)
    message.add_alternative(
        '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">'
        f'{body}<p><a href="{url}">{html.escape(mail.action_label)}</a></p>'
        f'<p style="color: #666; font-size: 0.9em">Or open this address: {url}</p>'
        "</body></html>",
        subtype="html",
    )
    return message


async def deliver(
    settings: Settings, message: EmailMessage, recipients: Sequence[str] | None = None
) -> None:
    """Hand `message` to the configured SMTP server; raises when that fails. `recipients`: the
    envelope's, when they are not the message's own To (a list sent undisclosed)."""
    assert settings.smtp_host is not None  # callers check: without a server nothing is sent
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    await aiosmtplib.send(
        message,
        recipients=recipients,
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_username,
        password=password,
        use_tls=settings.smtp_tls,
        start_tls=settings.smtp_starttls,
        timeout=SMTP_TIMEOUT_SECONDS,
    )


async def send(settings: Settings, mail: Mail) -> None:
    """Deliver `mail`; never raises, since the change that asked for it is already committed."""
    if settings.smtp_host is None:
        log.warning(
            "mail_not_sent",
            reason="CARSALES_SMTP_HOST is not set",
            to=mail.to,
            subject=mail.subject,
            link=None if settings.is_production else mail.action_url,
        )
        return
    try:
        await deliver(settings, build_message(settings, mail))
    except Exception:
        # Nobody awaits this send: whatever went wrong must at least reach the log.
        log.exception("mail_send_failed", to=mail.to, subject=mail.subject)
        return
    log.info("mail_sent", to=mail.to, subject=mail.subject)


def in_background_after_commit(
    session: AsyncSession, send_mail: Callable[[], Coroutine[Any, Any, None]]
) -> None:
    """Start `send_mail()` once the transaction has committed, without awaiting it; never on a
    rollback."""

    async def start() -> None:
        task = asyncio.create_task(send_mail())
        _in_flight.add(task)
        task.add_done_callback(_in_flight.discard)

    after_commit(session, start)


def send_after_commit(session: AsyncSession, settings: Settings, mail: Mail) -> None:
    in_background_after_commit(session, lambda: send(settings, mail))
