"""A marketing e-mail as a MIME message: the plain-text body and the HTML body of the same copy.
Pure: building only; sending is carsales.mail's."""

import html
import re
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

_URL = re.compile(r"https?://[^\s<>\"']+")


def _linked(escaped: str) -> str:
    return _URL.sub(lambda match: f'<a href="{match.group(0)}">{match.group(0)}</a>', escaped)


def text_to_html(text: str, preheader: str | None = None) -> str:
    """An HTML body for plain-text copy: its paragraphs and line breaks, its links clickable,
    and the preheader as the hidden preview line that inboxes show after the subject."""
    paragraphs = [block for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]
    body = "".join(
        f"<p>{_linked(html.escape(block.strip())).replace(chr(10), '<br>')}</p>"
        for block in paragraphs
    )
    hidden = (
        f'<div style="display:none;max-height:0;overflow:hidden">{html.escape(preheader)}</div>'
        if preheader
        else ""
    )
    return (
        '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5; '
        f'max-width: 600px; margin: 0 auto">{hidden}{body}</body></html>'
    )


def build_email(
    *,
    sender: str,
    subject: str,
    text: str,
    html_body: str | None,
    preheader: str | None = None,
    to: str = "undisclosed-recipients:;",
) -> EmailMessage:
    """`to`: the visible To; a test list goes out undisclosed, each address in the envelope only,
    so that the recipients do not see each other."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or None)
    message.set_content(text if text.endswith("\n") else text + "\n")
    message.add_alternative(html_body or text_to_html(text, preheader), subtype="html")
    return message
