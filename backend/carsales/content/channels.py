"""Where copy goes and how each place measures it. Pure: no web, no database.

Lengths are counted the way each platform counts them (X weighs URLs and emoji, SMS counts
GSM-7 septets or UTF-16 units), so the linter and the generator agree with what the platform
will accept.
"""

import enum
import math
import re
from dataclasses import dataclass


class ContentType(enum.StrEnum):
    social = "social"
    email = "email"
    print = "print"
    video = "video"


class Channel(enum.StrEnum):
    facebook = "facebook"
    instagram = "instagram"
    x = "x"
    google_business = "google-business"
    email = "email"
    sms = "sms"
    print = "print"
    video = "video"


CHANNEL_TYPE: dict[Channel, ContentType] = {
    Channel.facebook: ContentType.social,
    Channel.instagram: ContentType.social,
    Channel.x: ContentType.social,
    Channel.google_business: ContentType.social,
    Channel.sms: ContentType.social,
    Channel.email: ContentType.email,
    Channel.print: ContentType.print,
    Channel.video: ContentType.video,
}


@dataclass(frozen=True)
class Limit:
    max_length: int
    """In the channel's own units (see `measured_length`)."""
    hard: bool
    """True: the platform rejects or truncates beyond it (an error); False: a warning."""
    why: str


# Facebook's hard cap is 63,206 characters; past about 480 the feed hides the rest behind
# "See more", which is the limit that matters to a dealer.
LIMITS: dict[Channel, Limit] = {
    Channel.facebook: Limit(480, False, "Facebook shows about 480 characters before 'See more'"),
    Channel.instagram: Limit(2200, True, "Instagram captions are cut at 2,200 characters"),
    Channel.x: Limit(280, True, "X posts hold 280 weighted characters"),
    Channel.google_business: Limit(1500, True, "Google Business Profile posts hold 1,500"),
    Channel.sms: Limit(320, True, "carriers split or drop texts over 2 segments (320 GSM-7)"),
    Channel.email: Limit(60, False, "subject lines over 60 characters are cut in most inboxes"),
}

SMS_SEGMENT_TARGET = 1
"""The generator aims at one segment (160 GSM-7 characters) unless asked for more."""

WORDS_PER_MINUTE_VOICE_OVER = 150

# GSM 03.38 basic character set and its extension table (each extension char costs 2 septets).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

_URL = re.compile(r"https?://\S+|\bwww\.\S+", re.IGNORECASE)
X_URL_WEIGHT = 23


def is_gsm7(text: str) -> bool:
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


def sms_encoding(text: str) -> str:
    """ "GSM-7", or "UCS-2" as soon as one character (an emoji, a curly quote) is outside it."""
    return "GSM-7" if is_gsm7(text) else "UCS-2"


def sms_units(text: str) -> int:
    """GSM-7 septets, or UTF-16 code units for UCS-2."""
    if is_gsm7(text):
        return sum(2 if char in GSM7_EXTENSION else 1 for char in text)
    return len(text.encode("utf-16-le")) // 2


def sms_segments(text: str) -> int:
    """How many messages the text is sent as (concatenated parts carry a 7- or 6-unit header)."""
    units = sms_units(text)
    single, part = (160, 153) if is_gsm7(text) else (70, 67)
    if units <= single:
        return 1
    return math.ceil(units / part)


def _x_char_weight(char: str) -> int:
    # X's weighted count: Latin, general punctuation and the like weigh 1; everything else
    # (CJK, emoji) weighs 2.
    code = ord(char)
    light = (0, 4351), (8192, 8205), (8208, 8223), (8242, 8247)
    return 1 if any(low <= code <= high for low, high in light) else 2


def x_length(text: str) -> int:
    """X's weighted length: every URL counts 23, emoji and CJK characters count 2."""
    total = 0
    position = 0
    for match in _URL.finditer(text):
        total += sum(_x_char_weight(char) for char in text[position : match.start()])
        total += X_URL_WEIGHT
        position = match.end()
    total += sum(_x_char_weight(char) for char in text[position:])
    return total


def measured_length(channel: Channel, text: str) -> int:
    """The text's length in the units of `LIMITS[channel]`."""
    if channel is Channel.x:
        return x_length(text)
    if channel is Channel.sms:
        return sms_units(text)
    return len(text)


def spoken_seconds(text: str) -> float:
    """How long a voice-over of `text` takes at a natural pace."""
    return len(text.split()) * 60.0 / WORDS_PER_MINUTE_VOICE_OVER
