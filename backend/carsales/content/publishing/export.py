"""Copy as text to paste into each platform, and a CSV of many items. Pure."""

from collections.abc import Sequence

# Where the content exports have always imported it from; the audit trail's export shares it.
from carsales.kit.spreadsheet import to_csv as to_csv


def clipboard_text(
    channel: str,
    text: str,
    *,
    subject: str | None = None,
    preheader: str | None = None,
    hashtags: Sequence[str] = (),
) -> str:
    """What to paste: the copy, with its hashtags where the platform takes them and they are
    not in the text already; for an e-mail the subject and preheader first."""
    parts: list[str] = []
    if channel == "email":
        if subject:
            parts.append(f"Subject: {subject}")
        if preheader:
            parts.append(f"Preheader: {preheader}")
        if parts:
            parts.append("")
    parts.append(text.strip())
    if channel in ("instagram", "facebook", "x"):
        missing = [
            tag if tag.startswith("#") else f"#{tag}"
            for tag in hashtags
            if (tag if tag.startswith("#") else f"#{tag}").lower() not in text.lower()
        ]
        if missing:
            parts.extend(["", " ".join(missing)])
    return "\n".join(parts) + "\n"
