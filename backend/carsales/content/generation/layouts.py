"""One layout per channel: how a draft's blocks are arranged, marked up and fitted to the
channel's limit (see carsales.content.channels)."""

import re
from collections.abc import Callable

from carsales.content.channels import LIMITS, Channel, is_gsm7, measured_length, x_length
from carsales.content.generation import phrases
from carsales.content.generation.draft import Draft
from carsales.content.generation.pieces import Piece, fit, join, piece
from carsales.content.generation.schemas import Variant
from carsales.content.generation.video import video
from carsales.content.generation.wording import has_phone, strip_emoji
from carsales.content.publishing.email import text_to_html

MISSING_ADDRESS = "[Add your dealership's postal address]"
"""Left in an e-mail footer when the dealership has no address: the CAN-SPAM rule flags it, and
the sender sees what to fill in (no address is ever made up)."""
UNSUBSCRIBE = "Don't want these e-mails? Reply UNSUBSCRIBE and we'll take you off our list."
SMS_OPT_OUT = "Reply STOP to opt out"
SMS_LIMIT = 160

# Block orders, one per variant in turn, so that variants differ in structure as well as words.
STRUCTURES = (
    ("opening", "story", "bullets", "price", "cta"),
    ("opening", "price", "prose", "story", "cta"),
    ("opening", "benefits", "price", "story", "cta"),
)
EMOJI_MARKS = {"friendly": "✅ ", "professional": "▪️ ", "urgent": "🔥 ", "playful": "✨ "}
SOFT_BUDGET = {"short": 280, "medium": 480}
# What a channel must not show: Google rejects posts with a phone number; Instagram captions
# cannot link (the address and phone still reach the buyer).
HIDDEN: dict[Channel, tuple[str, ...]] = {
    Channel.google_business: ("phone",),
    Channel.instagram: ("website",),
}


def _blocks(
    draft: Draft, mark: str, *, hide: tuple[str, ...] = (), contact: bool = True
) -> list[Piece]:
    """The body in this variant's structure; each block knows how to shrink."""
    structure = STRUCTURES[draft.index % len(STRUCTURES)]
    lights = draft.highlights()
    long = draft.settings.length == "long"
    out: list[Piece] = []
    for block in structure:
        if block == "opening":
            out.append(piece(draft.opening()))
        elif block == "story" and draft.settings.length != "short":
            stories = [draft.story(), draft.story(second=True, shown=lights) if long else None]
            out.append(piece(" ".join(s for s in stories if s), drop=6))
        elif block in ("bullets", "benefits"):
            rich = draft.bullets(lights, mark, benefit=block == "benefits")
            out.append(piece(rich, draft.bullets(lights[:2], mark), drop=5, sep="\n\n"))
        elif block == "prose":
            # The prose tells up to three features; a long post lists the rest, facts included.
            in_prose = [light for light in lights if not light.fact][:3]
            out.append(piece(draft.prose(in_prose), draft.prose(in_prose[:1]), drop=4))
            rest = [light for light in lights if light not in in_prose]
            if long and rest:
                out.append(piece(draft.bullets(rest, mark), drop=5))
        elif block == "price":
            price = draft.price()
            out.append(piece(price, drop=2))
            out.append(piece(*draft.offer(), drop=1, sep=" " if price else "\n\n"))
        elif block == "cta":
            cta = draft.cta(hide=hide)
            out.append(piece(cta))
            if contact:
                out.append(piece(draft.contact(hide=hide, besides=cta), drop=3, sep="\n"))
    return out


def _social(draft: Draft, channel: Channel) -> Variant:
    emoji = channel in (Channel.facebook, Channel.instagram)
    mark = EMOJI_MARKS[draft.tone] if emoji else "• "
    hide = HIDDEN.get(channel, ())
    if "phone" in hide and has_phone(draft.settings.call_to_action or ""):
        # Google rejects posts with a phone number: the stock call to action replaces this one.
        draft.settings = draft.settings.model_copy(update={"call_to_action": None})
    pieces = _blocks(draft, mark, hide=hide)
    hashtags: list[str] = []
    if channel is Channel.instagram:
        hashtags = draft.hashtags({"short": 5, "medium": 8, "long": 12}[draft.settings.length])
    elif channel is Channel.facebook:
        hashtags = draft.hashtags(2)
    if hashtags:
        pieces.append(piece(" ".join(hashtags), drop=7))
    limit = LIMITS[channel].max_length
    if channel is Channel.facebook:
        limit = SOFT_BUDGET.get(draft.settings.length, limit)
    text = fit(pieces, lambda t: measured_length(channel, t), limit)
    if not emoji:
        text = strip_emoji(text)
    return Variant(title=strip_emoji(draft.headline()), text=text, hashtags=hashtags)


def _x(draft: Draft) -> Variant:
    lights = draft.highlights(3)
    hashtags = draft.hashtags(2)
    cta = draft.cta()
    website = draft.words.values.get("website")
    pieces = [
        piece(draft.opening(), *_names(draft), drop=3, optional=False),
        piece(draft.prose(lights), draft.prose(lights[:1]), drop=5, sep=" "),
        piece(draft.price(), drop=2, sep=" "),
        piece(*draft.offer(), drop=1, sep=" "),
        piece(cta, drop=4, sep=" "),
        piece(website if website and website not in cta else None, drop=4, sep=" "),
        piece(" ".join(hashtags), hashtags[0] if hashtags else None, drop=6, sep=" "),
    ]
    text = fit(pieces, x_length, LIMITS[Channel.x].max_length)
    return Variant(title=strip_emoji(draft.headline()), text=text, hashtags=hashtags)


def _names(draft: Draft) -> list[str | None]:
    values = draft.words.values
    return [f"{values[k]}." for k in ("name", "ymm", "make_model") if k in values]


def _sms(draft: Draft) -> Variant:
    values = draft.words.values
    name = values.get("ymm") or values.get("make_model")
    details = ", ".join(values[k] for k in ("color", "miles") if k in values)
    top = next((light.phrase for light in draft.lights if not light.fact), None)
    # Three shapes in turn: the facts, a hook, a feature; each shrinks to the bare name.
    shape = draft.index % 3
    vehicle: list[str | None]
    if not name:
        vehicle = [draft.opening()]
    elif shape == 1:
        opening = draft.opening()
        vehicle = [f"{opening} {values['miles']}." if "miles" in values else None, opening]
    elif shape == 2 and top:
        vehicle = [f"{name} with {top}, {details}." if details else None, f"{name} with {top}."]
    else:
        vehicle = [f"{name}, {details}." if details else None]
    vehicle.append(f"{name}." if name else draft.opening())
    openers = [o for o in phrases.SMS_OPENERS[draft.tone] if o] if shape != 1 and name else []
    custom = draft.settings.call_to_action
    ctas = [c for c in (draft.words.fill(t) for t in phrases.SMS_CTAS) if c]
    turn = draft.index % len(ctas)
    ctas = [custom] if custom else ctas[turn:] + ctas[:turn]
    pieces = [
        piece(f"{values['dealer']}:" if "dealer" in values else None, drop=5, sep=""),
        piece(draft.rng.choice(openers).strip() if openers else None, drop=8, sep=" "),
        piece(*vehicle, drop=6, optional=False, sep=" "),
        piece(values.get("price"), drop=2, sep=" "),
        piece(*draft.offer(), drop=7, sep=" "),
        piece(*ctas, drop=4, sep=" "),
        piece(SMS_OPT_OUT, sep="\n"),
    ]
    # The price reads as a sentence of its own: "$28,995."
    pieces[3].options = [f"{o}." if o else o for o in pieces[3].options]
    text = fit(pieces, lambda t: measured_length(Channel.sms, t), SMS_LIMIT)
    return Variant(title=strip_emoji(draft.headline()), text=_gsm7(text))


# Curly quotes, dashes and the ellipsis, as the plain characters GSM-7 has.
_TYPOGRAPHY = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-"}
_TYPOGRAPHY |= {"\u2014": "-", "\u2026": "..."}


def _gsm7(text: str) -> str:
    """Only GSM-7 characters: one emoji or curly quote would make the text UCS-2 (70 a segment)."""
    text = strip_emoji(text)
    for fancy, plain in _TYPOGRAPHY.items():
        text = text.replace(fancy, plain)
    return "".join(char for char in text if is_gsm7(char))


def _email(draft: Draft) -> Variant:
    words, tone = draft.words, draft.tone
    subjects = [words.fill(t) for t in phrases.SUBJECTS[tone]]
    fitting = [s for s in subjects if s and len(s) <= LIMITS[Channel.email].max_length]
    start = draft.index % len(fitting) if fitting else 0
    subject = (fitting[start:] + fitting[:start] or [_short(words.values)])[0]
    body = [
        piece(phrases.GREETINGS[tone]),
        *_blocks(draft, "- ", contact=False),
        piece(
            "\n".join(
                p
                for p in (
                    phrases.SIGN_OFFS[tone],
                    words.values.get("dealer", "Your sales team"),
                    " · ".join(words.values[k] for k in ("phone", "website") if k in words.values),
                )
                if p
            )
        ),
    ]
    text = strip_emoji(join(body))
    address = words.values.get("address", MISSING_ADDRESS)
    footer = "\n".join(p for p in (words.values.get("dealer"), address, UNSUBSCRIBE) if p)
    # The preview line adds to the subject: a price the subject states is not said again.
    price = words.values.get("price")
    unsaid_price = None if price and price in subject else price
    lights = draft.highlights(2)
    preheader = " · ".join(p for p in (unsaid_price, *[light.bullet for light in lights]) if p)
    preheader = preheader[:100]
    full_text = f"{text}\n\n--\n{footer}"
    return Variant(
        title=subject,
        subject=subject,
        preheader=preheader or None,
        text=full_text,
        html=text_to_html(full_text, preheader or None),
    )


def _short(values: dict[str, str]) -> str:
    name = values.get("ymm") or values.get("make_model") or "A vehicle for you"
    return name[:60]


def _print(draft: Draft) -> Variant:
    words = draft.words
    values = words.values
    opening = draft.opening()
    title = strip_emoji(draft.headline(unlike=opening))
    headline = title.upper()
    lights = draft.highlights()
    in_prose = [light for light in lights if not light.fact][:3]
    listed = [light for light in lights if light not in in_prose]
    body = " ".join(p for p in (opening, draft.story(), draft.prose(in_prose)) if p)
    price_block = [draft.price(), f"{words.offer_headline}*" if words.offer_headline else None]
    identity = [
        f"Stock #{values['stock']}." if "stock" in values else None,
        f"VIN {values['vin']}." if "vin" in values else None,
    ]
    disclosure = f"*{words.offer_full}" if words.offer_full else words.offer_safe
    small = [disclosure, *identity, "Vehicle subject to prior sale."]
    cta = draft.cta()
    sections = [
        headline,
        body,
        draft.bullets(listed, "• "),
        "\n".join(p for p in price_block if p),
        cta,
        draft.contact("\n", besides=cta),
        "Small print: " + " ".join(p for p in small if p),
    ]
    text = strip_emoji("\n\n".join(s for s in sections if s))
    return Variant(title=title, text=text)


LAYOUTS: dict[Channel, Callable[[Draft], Variant]] = {
    Channel.facebook: lambda d: _social(d, Channel.facebook),
    Channel.instagram: lambda d: _social(d, Channel.instagram),
    Channel.google_business: lambda d: _social(d, Channel.google_business),
    Channel.x: _x,
    Channel.sms: _sms,
    Channel.email: _email,
    Channel.print: _print,
    Channel.video: video,
}


def tidy(text: str) -> str:
    """No blank-line runs or trailing spaces, whatever the blocks left."""
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+\n", "\n", text)).strip()
