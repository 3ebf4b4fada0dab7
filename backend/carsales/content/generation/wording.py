"""The inputs as words: what a template may say about this vehicle, dealer and offer.

Only what the inputs hold becomes a value; a template that needs a missing value is never picked,
so copy leaves the fact out instead of printing "None" or "$0".
"""

import random
import re
import string
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from carsales.content.facts import DealerProfile, Offer, money, offer_disclosure
from carsales.content.facts import percent as format_percent
from carsales.content.generation import phrases
from carsales.content.generation.schemas import GenerationSettings
from carsales.vehicles.facts import VehicleFacts

_FORMATTER = string.Formatter()
_EMOJI = re.compile("[\u2190-\u21ff\u2300-\u27bf\u2b00-\u2bff\ufe0f\U0001f000-\U0001faff]")
_PHONE = re.compile(r"\(?\d{3}\)?[\s.-]*\d{3}[\s.-]*\d{4}")


@dataclass(frozen=True)
class Highlight:
    fact: bool
    """A fact of the vehicle (mileage, mpg) rather than one of its listed features."""
    bullet: str
    """As a list item: "Heated front seats"."""
    phrase: str
    """Inside a sentence: "heated front seats"."""
    benefit: str
    """With what it means to the buyer: "Heated front seats for comfortable drives"."""


@dataclass
class Words:
    tone: str
    audience: str
    """A key of `phrases.AUDIENCES`, or "" when none applies."""
    values: dict[str, str]
    highlights: list[Highlight]
    offer_full: str | None
    """The offer with its trigger terms and their complete disclosure, when the offer has them."""
    offer_safe: str | None
    """The offer without trigger terms (fits where a full disclosure does not)."""
    offer_headline: str | None
    """The payment as a print ad's price block shows it, next to the full disclosure."""
    sale: bool
    used: set[str] = field(default_factory=set)
    """Templates already used in this variant, so that one phrase does not repeat."""

    def fill(self, template: str) -> str | None:
        """The template with its values, or None when one of them is unknown."""
        names = [name for _, name, _, _ in _FORMATTER.parse(template) if name]
        if any(name not in self.values for name in names):
            return None
        return capitalize(template.format(**self.values))

    def pick(
        self,
        rng: random.Random,
        templates: Iterable[str],
        spare: Sequence[str] = (),
        *,
        avoid: str | None = None,
    ) -> str | None:
        """A random fillable template not used yet in this variant set; when all are used, one
        of `spare` that is not, else a used one again (but never one that reads as `avoid`)."""
        fillable = [t for t in templates if self.fill(t) not in (None, avoid)]
        fresh = [t for t in fillable if t not in self.used]
        fresh = fresh or [t for t in spare if t not in self.used and self.fill(t)] or fillable
        if not fresh:
            return None
        chosen = rng.choice(fresh)
        self.used.add(chosen)
        return self.fill(chosen)

    def without(self, *names: str) -> "Words":
        """The same words with some values hidden (a phone number where a platform bans it)."""
        values = {k: v for k, v in self.values.items() if k not in names}
        return Words(
            self.tone, self.audience, values, self.highlights, self.offer_full, self.offer_safe,
            self.offer_headline, self.sale, self.used,
        )  # fmt: skip


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def strip_emoji(text: str) -> str:
    text = _EMOJI.sub("", text)
    return re.sub(r"[ \t]+(?=[\n.,!?:]|$)|(?<=\n)[ \t]+", "", re.sub(r"[ \t]{2,}", " ", text))


def has_phone(text: str) -> bool:
    return _PHONE.search(text) is not None


def and_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def tone_of(settings: GenerationSettings) -> str:
    tone = settings.tone.strip().lower()
    tone = phrases.TONE_SYNONYMS.get(tone, tone)
    return tone if tone in phrases.TONES else "friendly"


def audience_of(settings: GenerationSettings) -> str:
    wanted = (settings.target_audience or "").strip().lower()
    if not wanted:
        return ""
    for audience, stems in phrases.AUDIENCES.items():
        if any(stem in wanted for stem in stems):
            return audience
    return ""


def build_words(
    facts: VehicleFacts,
    settings: GenerationSettings,
    dealer: DealerProfile | None,
    offer: Offer | None,
) -> Words:
    audience = audience_of(settings)
    values = _vehicle_values(facts)
    sale_price = offer.sale_price if offer and offer.kind == "sale" and offer.sale_price else None
    if sale_price:
        values["price"] = money(sale_price)
    if dealer:
        for key in ("name", "address", "phone", "website"):
            value = getattr(dealer, key)
            if value:
                values["dealer" if key == "name" else key] = value
    if audience:
        values["value"] = phrases.AUDIENCE_VALUES[audience]
    full, safe = _offer_texts(offer)
    headline = None
    if full and offer and offer.monthly_payment is not None:
        kind = "Lease" if offer.kind == "lease" else "Finance"
        headline = f"{kind} for {money(offer.monthly_payment)} a month"
    return Words(
        tone=tone_of(settings),
        audience=audience,
        values=values,
        highlights=_highlights(facts, values, audience),
        offer_full=full,
        offer_safe=safe,
        offer_headline=headline,
        sale=sale_price is not None,
    )


def _vehicle_values(facts: VehicleFacts) -> dict[str, str]:
    values: dict[str, str] = {}
    year = str(facts.year) if facts.year else None
    make, model, trim = (_readable(v) for v in (facts.make, facts.model, facts.trim))
    if model or make:
        values["name"] = " ".join(p for p in (year, make, model, trim) if p)
        values["ymm"] = " ".join(p for p in (year, make, model) if p)
    if model:
        values["model"] = model
        values["make_model"] = " ".join(p for p in (make, model) if p)
    if make:
        values["make"] = make
    body = (facts.body_style or "").lower()
    for stem, word in phrases.BODY_WORDS.items():
        if stem in body:
            values["body"] = word
            break
    optional = {
        "color": facts.exterior_color,
        "interior": facts.interior_color,
        "transmission": _transmission(facts.transmission),
        "drivetrain": facts.drivetrain,
        "fuel": facts.fuel_type,
        "condition": phrases.CONDITION_WORDS.get((facts.condition or "").lower()),
    }
    values.update({key: value for key, value in optional.items() if value})
    if facts.drivetrain and drives_all_wheels(facts.drivetrain):
        # Only for the hooks that promise off-road ability: a front-wheel-drive saloon has none.
        values["four_wheel"] = facts.drivetrain
    # For the print ad's small print only (no template names them).
    values.update({k: v for k, v in (("stock", facts.stock_number), ("vin", facts.vin)) if v})
    # A zero price or mileage is a placeholder in an inventory export, not a fact to advertise.
    if facts.price:
        values["price"] = money(facts.price)
    if facts.mileage:
        values["miles"] = f"{facts.mileage:,} miles"
    city, highway = facts.mpg_city, facts.mpg_highway
    if city and highway:
        values["mpg"] = f"{city} city / {highway} highway mpg"
    elif city or highway:
        values["mpg"] = f"{city} mpg city" if city else f"{highway} mpg highway"
    values.update({f"a_{key}": with_article(value) for key, value in values.items()})
    return values


def with_article(words: str) -> str:
    """ "an SUV", "a sedan", "an orange Civic": the article goes by the sound of the first word."""
    first = unicodedata.normalize("NFKD", words.split(" ", 1)[0])
    if first.isupper() and first.isalpha():
        vowel_sound = first[0] in "AEFHILMNORSX"  # letters read one by one: "an SUV", "an MDX"
    else:
        lowered = first.lower()
        vowel_sound = (lowered[:1] in "aeiou" and not lowered.startswith(("uni", "eu"))) or (
            lowered[:1] == "8"  # "an 8-speed"
        )
    return f"{'an' if vowel_sound else 'a'} {words}"


def _readable(name: str | None) -> str | None:
    """ "HONDA CIVIC SI" (as VIN decoders write it) -> "Honda Civic SI"; short all-capital words
    (BMW, GMC, SI) and names with digits (RAV4, F-150) stay as they are."""
    if not name:
        return None
    return _SHOUTED.sub(lambda m: m.group().capitalize(), name)


_SHOUTED = re.compile(r"\b[A-Z]{4,}\b")


def _transmission(value: str | None) -> str | None:
    """ "8-Speed Automatic Transmission" -> "8-speed automatic" (CVT, DCT stay capitals)."""
    if not value:
        return None
    value = re.sub(r"\s*transmission$", "", value, flags=re.IGNORECASE)
    return " ".join(w if w.isupper() else w.lower() for w in value.split()) or None


def _offer_texts(offer: Offer | None) -> tuple[str | None, str | None]:
    """(full, safe): the offer with its disclosure, and a version without trigger terms."""
    if offer is None or offer.kind == "sale":
        if not offer or not (offer.sale_price or offer.details):
            return None, None  # an end date of nothing in particular says nothing
        extra = " ".join(p for p in (offer.details, _expires(offer)) if p)
        return None, extra or None
    full = offer_disclosure(offer)
    if offer.kind == "finance":
        # An APR alone is not a trigger term (12 CFR 1026.24(d)), so it may stand on its own.
        safe = (
            phrases.FINANCE_TEASER.format(apr=format_percent(offer.apr))
            if offer.apr is not None
            else phrases.GENERAL_FINANCE
        )
    else:
        safe = phrases.GENERAL_LEASE
    return full, " ".join(p for p in (safe, _expires(offer)) if p)


def _expires(offer: Offer | None) -> str | None:
    return f"Offer ends {offer.expires}." if offer and offer.expires else None


def _sentence_case(feature: str) -> str:
    """ "Heated front seats" -> "heated front seats" mid-sentence; a name stays as written:
    a known brand ("Honda Sensing") or words capitalised together ("Pro Power Onboard")."""
    first, _, rest = feature.partition(" ")
    named = first.lower() in phrases.PROPER_WORDS or rest[:1].isupper()
    if first[1:].islower() and not named:
        first = first.lower()
    return f"{first} {rest}".strip()


def _topic(feature: str) -> str | None:
    lowered = feature.lower()
    for topic, (stems, _) in phrases.TOPICS.items():
        if any(re.search(rf"(?<![a-z0-9]){re.escape(stem)}", lowered) for stem in stems):
            return topic
    return None


def _highlights(facts: VehicleFacts, values: dict[str, str], audience: str) -> list[Highlight]:
    """Features and facts in the order this audience cares about them."""
    topics = phrases.AUDIENCE_TOPICS.get(audience, ())
    features = list(dict.fromkeys(facts.features))
    # One feature of each topic the audience cares about, then a second of each, and so on.
    queues = [[f for f in features if _topic(f) == topic] for topic in topics]
    chosen: list[str] = []
    while any(queues):
        chosen += [queue.pop(0) for queue in queues if queue]
    rest = [f for f in features if f not in chosen]
    feature_lights = [_feature_highlight(f) for f in chosen + rest]
    fact_lights = [_fact_highlight(key, values) for key in phrases.AUDIENCE_FACTS[audience]]
    facts_found = [light for light in fact_lights if light]
    # The audience's features first, each followed by one of its facts, then the rest.
    merged: list[Highlight] = []
    for index, light in enumerate(feature_lights[: len(chosen)] or feature_lights[:1]):
        merged.append(light)
        if index < len(facts_found):
            merged.append(facts_found[index])
    merged += [light for light in feature_lights + facts_found if light not in merged]
    return merged


def _feature_highlight(feature: str) -> Highlight:
    topic = _topic(feature)
    bullet = capitalize(feature)
    phrase = _sentence_case(feature)
    benefit = capitalize(phrases.TOPICS[topic][1].format(feature=phrase)) if topic else bullet
    return Highlight(False, bullet, phrase, benefit)


def drives_all_wheels(drivetrain: str) -> bool:
    """AWD, 4WD, 4x4, "All-wheel drive", "Four-wheel drive"."""
    return re.search(r"4|awd|all|four", drivetrain, re.IGNORECASE) is not None


def _fact_highlight(key: str, values: dict[str, str]) -> Highlight | None:
    if key not in values:
        return None
    if key == "drivetrain" and "four_wheel" not in values:
        return None  # front- or rear-wheel drive is not a selling point worth a line
    if key == "fuel" and not re.search(r"hybrid|electric|plug|diesel", values[key], re.I):
        return None
    if key == "condition" and values[key] == "pre-owned":
        return None
    text = phrases.FACT_HIGHLIGHTS[key].format(**values)
    return Highlight(True, capitalize(text), text, capitalize(text))
