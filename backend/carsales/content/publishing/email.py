"""A marketing e-mail as a MIME message: the plain-text body and the HTML body of the same copy.
Pure: building only; sending is carsales.mail's."""

import html
import re
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

# A web address as copy writes it, with or without its scheme; the sentence's full stop or comma
# after it is not part of it.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+?(?=[.,;:!?)]*(?:\s|$|<))")
_LIST_ITEM = "- "
_SIGNATURE = "--"  # the plain-text footer's delimiter line
_FOOTER_STYLE = "font-size:12px;color:#666;border-top:1px solid #ddd;padding-top:8px"


def _linked(escaped: str) -> str:
    def link(match: re.Match[str]) -> str:
        url = match.group(0)
        href = url if url.startswith("http") else f"https://{url}"
        return f'<a href="{href}">{url}</a>'

    return _URL.sub(link, escaped)


def _line(text: str) -> str:
    return _linked(html.escape(text))


def _block(block: str) -> str:
    """A paragraph; its "- " lines as a list (after any lines that introduce it); the footer
    after the "--" line in small print."""
    lines = block.split("\n")
    if lines[0].strip() == _SIGNATURE:
        small = "<br>".join(_line(line) for line in lines[1:])
        return f'<p style="{_FOOTER_STYLE}">{small}</p>'
    items = [line[len(_LIST_ITEM) :] for line in lines if line.startswith(_LIST_ITEM)]
    if not items:
        return f"<p>{'<br>'.join(_line(line) for line in lines)}</p>"
    head = "".join(f"<p>{_line(line)}</p>" for line in lines if not line.startswith(_LIST_ITEM))
    return head + "<ul>" + "".join(f"<li>{_line(item)}</li>" for item in items) + "</ul>"


def text_to_html(text: str, preheader: str | None = None) -> str:
    """An HTML body for plain-text copy: its paragraphs, lists and line breaks, its links
    clickable, the footer after "--" in small print, and the preheader as the hidden preview
    line that inboxes show after the subject."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    body = "".join(_block(block) for block in blocks if block)
    hidden = (
        f'<div style="display:none;max-height:0;overflow:hidden">{html.escape(preheader)}</div>'
        if preheader
        else ""
    )
    return (
        '<!doctype html><html><body style="font-family:Arial,sans-serif;font-size:16px;'
        f'line-height:1.5;color:#222;max-width:600px;margin:0 auto">{hidden}{body}</body></html>'
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
