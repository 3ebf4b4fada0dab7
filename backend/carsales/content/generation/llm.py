"""Copy from an OpenAI-compatible model, held to the composer's rule: no number that the inputs
do not hold. Pure: no settings, no web, no database.

Each variant streams as it is written (`on_delta`), is fact-checked, and is asked for once more
when it states an unsupported number; if the second answer still does, it is kept with those
numbers listed in `flagged_numbers` for the writer to fix. A provider that fails or runs out of
time hands the whole request to the offline composer, with the reason to show the user.
"""

import inspect
import re
from collections.abc import Awaitable, Callable, Sequence
from contextlib import aclosing
from typing import Literal

import structlog
from pydantic import Field

from carsales.ai.openai_compat import ChatMessage, OpenAICompatClient, ProviderError
from carsales.content.channels import Channel, spoken_seconds
from carsales.content.facts import DealerProfile, Offer, money, offer_disclosure
from carsales.content.generation import compose
from carsales.content.generation.compose import MAX_VARIANTS
from carsales.content.generation.factcheck import unsupported_numbers
from carsales.content.generation.layouts import MISSING_ADDRESS, SMS_OPT_OUT, UNSUBSCRIBE
from carsales.content.generation.schemas import GenerationSettings, Scene, Variant
from carsales.content.publishing.email import text_to_html
from carsales.kit.schema import ApiModel
from carsales.vehicles.facts import VehicleFacts

log = structlog.get_logger(__name__)

DeltaCallback = Callable[[int, str], Awaitable[None] | None]
"""(variant index, text piece), called as the model writes."""
RestartCallback = Callable[[int], Awaitable[None] | None]
"""(variant index): the text streamed so far for it is discarded, a new attempt follows."""

Engine = Literal["llm", "composer"]


class LlmResult(ApiModel):
    variants: list[Variant]
    engine: Engine
    """Who wrote the variants: the model, or the composer after the model failed."""
    fallback_reason: str | None = None
    """Why the composer took over, in a few words for the user ("no complete answer in 30 s"),
    which the page puts in its notice; None when the model wrote them."""
    regenerated: int = Field(default=0, description="Variants asked for a second time.")


# Each variant takes a different way in, so that N variants are N ads, not one ad N times.
# Worded without digits: a model that copies its instructions must not be flagged for it.
_ANGLES = (
    "Open with what makes this vehicle stand out for the audience.",
    "Open with a question the audience would ask themselves.",
    "Open with the key features, then the price.",
    "Open with a short, punchy line, then the details.",
    "Open with how the vehicle fits the audience's everyday life.",
)

_LENGTHS = {
    "short": "a sentence or a couple of sentences",
    "medium": "a short paragraph",
    "long": "a few short paragraphs",
}
_MAX_TOKENS = {"short": 120, "medium": 250, "long": 450}

_CHANNEL_RULES: dict[Channel, str] = {
    Channel.facebook: "A Facebook post: the first lines must carry the message, as the feed "
    "hides the rest behind 'See more'. Plain text, at most a couple of emoji.",
    Channel.instagram: "An Instagram caption (at most 2200 characters): a strong first line, "
    "then the details, then a few relevant hashtags on the last line.",
    Channel.x: "A post on X: at most 280 characters in all. No hashtag walls.",
    Channel.google_business: "A Google Business Profile post (at most 1500 characters). Never "
    "include a phone number: Google rejects posts that contain one.",
    Channel.sms: "A text message: one short message of at most 160 plain characters, no emoji. "
    f"It ends with '{SMS_OPT_OUT}.'",
    Channel.email: "A marketing e-mail. First line: 'Subject: ' and a subject of at most 60 "
    "characters. Then the body: a greeting, a few short paragraphs, a call to action.",
    Channel.print: "A print ad: a headline line, a short body, then a price line.",
    Channel.video: "A video script. One scene per line, written as: shot | voice-over | "
    "on-screen text.",
}

_SUBJECT = re.compile(r"^\s*subject\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_HASHTAG = re.compile(r"(?<!\w)#\w+")


async def generate_with_llm(
    client: OpenAICompatClient,
    facts: VehicleFacts,
    settings: GenerationSettings,
    *,
    dealer: DealerProfile | None,
    offer: Offer | None,
    variants: int = 3,
    on_delta: DeltaCallback | None = None,
    on_restart: RestartCallback | None = None,
    max_tokens: int | None = None,
    temperature: float = 0.8,
) -> LlmResult:
    """`variants` pieces of copy written by the model; the composer's when the model fails."""
    if not 1 <= variants <= MAX_VARIANTS:  # the composer's range: it may have to stand in
        raise ValueError(f"variants must be between 1 and {MAX_VARIANTS}")
    written: list[Variant] = []
    regenerated = 0
    try:
        for index in range(variants):
            messages = build_messages(facts, settings, dealer=dealer, offer=offer, index=index)
            tokens = max_tokens or _default_max_tokens(settings)
            text = await _complete(client, messages, index, on_delta, tokens, temperature)
            variant = _variant(text, settings, facts, dealer)
            flagged = flagged_numbers(variant, settings, facts, dealer, offer)
            if flagged:
                regenerated += 1
                await _call(on_restart, index)
                correction: list[ChatMessage] = [
                    {"role": "assistant", "content": text},
                    {"role": "user", "content": _correction(flagged)},
                ]
                text = await _complete(
                    client, [*messages, *correction], index, on_delta, tokens, temperature
                )
                variant = _variant(text, settings, facts, dealer)
                variant.flagged_numbers = flagged_numbers(variant, settings, facts, dealer, offer)
            written.append(variant)
    except ProviderError as exc:
        log.warning("llm_fallback", error=str(exc), status=exc.status, variant=len(written))
        return LlmResult(
            variants=compose(facts, settings, dealer=dealer, offer=offer, variants=variants),
            engine="composer",
            fallback_reason=exc.detail,
            regenerated=regenerated,
        )
    return LlmResult(variants=written, engine="llm", regenerated=regenerated)


def build_messages(
    facts: VehicleFacts,
    settings: GenerationSettings,
    *,
    dealer: DealerProfile | None,
    offer: Offer | None,
    index: int = 0,
) -> list[ChatMessage]:
    """The prompt: the rules, the channel's format, and the facts as the only source."""
    system = (
        "You write advertising copy for a car dealership. Use only the facts you are given: "
        "never add a price, payment, mileage, rate, date, feature or claim that is not in "
        "them, and copy every number exactly as written. If a fact is missing, leave it out. "
        "Write the copy only, with no notes or explanations."
    )
    tone = settings.tone or "friendly"
    audience = settings.target_audience or "car shoppers in general"
    request = [
        _CHANNEL_RULES[settings.platform],
        f"Length: {_LENGTHS[settings.length]}.",
        f"Tone: {tone}. Audience: {audience}.",
        _ANGLES[index % len(_ANGLES)],
    ]
    if settings.platform is Channel.video:
        request.append(f"The script runs about {settings.video_seconds} seconds when read aloud.")
    if settings.call_to_action:
        request.append(f"End with this call to action: {settings.call_to_action}")
    facts_text = "\n".join(f"- {line}" for line in fact_lines(facts, dealer, offer, settings))
    user = "\n".join(request) + f"\n\nFacts:\n{facts_text}"
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def fact_lines(
    facts: VehicleFacts,
    dealer: DealerProfile | None,
    offer: Offer | None,
    settings: GenerationSettings,
) -> list[str]:
    """Every input the copy may use, one per line, numbers written as copy should write them."""
    pairs: list[tuple[str, object]] = [
        ("Vehicle", facts.name),
        ("Condition", facts.condition),
        ("Body style", facts.body_style),
        ("Mileage", f"{facts.mileage:,} miles" if facts.mileage is not None else None),
        ("Price", money(facts.price) if facts.price is not None else None),
        ("Exterior colour", facts.exterior_color),
        ("Interior colour", facts.interior_color),
        ("Drivetrain", facts.drivetrain),
        ("Transmission", facts.transmission),
        ("Fuel", facts.fuel_type),
        ("City fuel economy", f"{facts.mpg_city} mpg" if facts.mpg_city else None),
        ("Highway fuel economy", f"{facts.mpg_highway} mpg" if facts.mpg_highway else None),
        ("Features", ", ".join(facts.features)),
        ("Stock number", facts.stock_number),
    ]
    if dealer is not None:
        pairs += [
            ("Dealership", dealer.name),
            ("Address", dealer.address),
            # Google rejects posts with a phone number: better not to offer one.
            ("Phone", dealer.phone if settings.platform is not Channel.google_business else None),
            ("Website", dealer.website),
        ]
    if offer is not None:
        # Finance or lease terms only as the full disclosure (which carries the expiry and the
        # details): a payment or rate without it breaks Regulation Z / M.
        disclosure = offer_disclosure(offer)
        pairs += [
            ("Sale price", money(offer.sale_price) if offer.sale_price is not None else None),
            ("Offer terms (quote in full if you mention any payment or rate)", disclosure),
            ("Offer ends", None if disclosure else offer.expires),
            ("Offer details", None if disclosure else offer.details),
        ]
    return [f"{label}: {value}" for label, value in pairs if value]


def _default_max_tokens(settings: GenerationSettings) -> int:
    if settings.platform in (Channel.sms, Channel.x):
        return 100
    tokens = _MAX_TOKENS[settings.length]
    if settings.platform in (Channel.email, Channel.print, Channel.video):
        tokens += 150
    return tokens


async def _complete(
    client: OpenAICompatClient,
    messages: Sequence[ChatMessage],
    index: int,
    on_delta: DeltaCallback | None,
    max_tokens: int,
    temperature: float,
) -> str:
    pieces = []
    stream = client.stream_chat(messages, max_tokens=max_tokens, temperature=temperature)
    # Closed at once if the callback raises (a client that went away), not when collected.
    async with aclosing(stream):
        async for piece in stream:
            pieces.append(piece)
            await _call(on_delta, index, piece)
    text = "".join(pieces).strip()
    if not text:
        raise ProviderError(client.url, "the model answered with no text")
    return text


async def _call(callback: Callable[..., Awaitable[None] | None] | None, *args: object) -> None:
    if callback is None:
        return
    result = callback(*args)
    if inspect.isawaitable(result):
        await result


def flagged_numbers(
    variant: Variant,
    settings: GenerationSettings,
    facts: VehicleFacts,
    dealer: DealerProfile | None,
    offer: Offer | None,
) -> list[str]:
    """The numbers anywhere in the variant's copy that the inputs do not state, each once.
    The title, hashtags and scenes are checked too: copy that arrives from a client (a streamed
    result sent back to be saved) need not have derived them from the text."""
    # The user's own call to action may hold numbers ("Call before 6"): they vouch for it.
    vouched = [settings.call_to_action] if settings.call_to_action else []
    scenes = [part for s in variant.scenes for part in (s.shot, s.voice_over, s.on_screen_text)]
    parts = (variant.subject, variant.preheader, variant.text, variant.title, *variant.hashtags)
    found: list[str] = []
    for part in (*parts, *scenes):
        if part:
            spans = unsupported_numbers(part, facts, dealer=dealer, offer=offer, also_from=vouched)
            found += [span.text for span in spans if span.text not in found]
    return found


def _correction(flagged: Sequence[str]) -> str:
    return (
        f"These numbers are not in the facts: {', '.join(flagged)}. Write the copy again, "
        "using only numbers that appear in the facts, exactly as written there."
    )


def _variant(
    text: str,
    settings: GenerationSettings,
    facts: VehicleFacts,
    dealer: DealerProfile | None,
) -> Variant:
    """The model's answer in the channel's shape."""
    channel = settings.platform
    title = _title(text, facts)
    if channel is Channel.email:
        subject_match = _SUBJECT.search(text)
        subject = subject_match.group(1).strip() if subject_match else title
        body = _SUBJECT.sub("", text, count=1).strip() if subject_match else text
        # CAN-SPAM: the sender's postal address and a way out, whatever the model wrote; the
        # same footer as the composer's (no address is made up: the placeholder gets flagged).
        name, address = (dealer.name, dealer.address) if dealer else (None, None)
        footer = "\n".join(p for p in (name, address or MISSING_ADDRESS, UNSUBSCRIBE) if p)
        preheader = _first_sentence(body)
        text = f"{body}\n\n--\n{footer}"
        return Variant(
            title=subject,
            subject=subject,  # as written: the linter warns when it runs past 60 characters
            preheader=preheader,
            text=text,
            html=text_to_html(text, preheader),
        )
    if channel is Channel.sms and "stop" not in text.lower():
        text = f"{text} {SMS_OPT_OUT}."
    if channel is Channel.video:
        return Variant(title=title, text=text, scenes=_scenes(text))
    hashtags = list(dict.fromkeys(_HASHTAG.findall(text)))
    return Variant(title=title, text=text, hashtags=hashtags)


def _title(text: str, facts: VehicleFacts) -> str:
    first = next((line.strip(" #*-") for line in text.splitlines() if line.strip()), "")
    if first and len(first) <= 80:
        return first
    return facts.year_make_model or first[:80]


def _first_sentence(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if line and not line.endswith(","):  # skip "Hi there,"
            return re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0][:120]
    return None


def _scenes(text: str) -> list[Scene]:
    """Scenes from "shot | voice-over | on-screen text" lines, timed by the voice-over's length;
    none when the model ignored the format (the script stays readable as text)."""
    scenes: list[Scene] = []
    start = 0.0
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) != 3 or not cells[1]:
            continue
        shot, voice_over, on_screen = cells
        end = start + max(2.0, round(spoken_seconds(voice_over), 1))
        scenes.append(
            Scene(
                number=len(scenes) + 1,
                start_seconds=start,
                end_seconds=end,
                shot=shot,
                voice_over=voice_over,
                on_screen_text=on_screen,
            )
        )
        start = end
    return scenes
