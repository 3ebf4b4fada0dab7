"""The building blocks of one variant: its opening, highlights, price, offer and call to action,
worded for its tone and audience. The channel layouts (layouts.py) arrange them."""

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from carsales.content.generation import phrases
from carsales.content.generation.schemas import GenerationSettings
from carsales.content.generation.wording import Highlight, Words, and_list, capitalize

_SENTENCE_START = re.compile(r"(?<=[.?!] )[a-z]")
LIGHTS = {"short": 2, "medium": 4, "long": 6}


@dataclass
class Draft:
    words: Words
    settings: GenerationSettings
    rng: random.Random
    index: int
    """Which variant this is (0-based): picks the structure and the highlight order."""
    lights: list[Highlight]
    told: str | None
    """This variant's story sentence, picked first so that highlights do not repeat its facts."""
    opened: str = ""
    """Its opening, picked next: highlights and a second story do not repeat its facts either
    ("Pavement optional: the 4WD Ford F-150" needs no "4WD for sure footing" below it)."""

    @classmethod
    def start(
        cls, words: Words, settings: GenerationSettings, seed: int, index: int, attempt: int = 0
    ) -> "Draft":
        # Variety, not security: a seeded generator makes a seed's variants reproducible.
        rng = random.Random(f"{seed}:{index}:{attempt}")  # noqa: S311
        lights = list(words.highlights)
        if index:
            # The audience's best points stay near the top, in a different order each time.
            head = lights[:4]
            rng.shuffle(head)
            lights = head + lights[4:]
        told = words.pick(rng, phrases.STORIES[words.tone])
        if told:
            lights = [light for light in lights if not repeats(light, told, words.values)]
        draft = cls(words, settings, rng, index, lights, told)
        draft.opened = draft._pick_opening()
        draft.lights = [light for light in lights if not repeats(light, draft.opened, words.values)]
        return draft

    @property
    def tone(self) -> str:
        return self.words.tone

    def highlights(self, limit: int | None = None) -> list[Highlight]:
        """The first highlights: as many as the length asks for, or `limit`."""
        return self.lights[: LIGHTS[self.settings.length] if limit is None else limit]

    def opening(self) -> str:
        return self.opened

    def _pick_opening(self) -> str:
        words, tone = self.words, self.tone
        pool = list(phrases.OPENINGS[tone])
        audience = phrases.AUDIENCE_OPENINGS.get(words.audience, ())
        # Half the variants of an audience open on the buyer, the others on the car.
        if audience and self.index % 2 == 0:
            pool = list(audience)
        return (
            words.pick(self.rng, self._untold(pool), phrases.FALLBACK_OPENINGS)
            or words.pick(self.rng, self._untold(phrases.OPENINGS[tone]))
            or self.rng.choice(phrases.NAMELESS_OPENINGS)
        )

    def _untold(self, templates: Iterable[str], *said: str) -> list[str]:
        """The templates that tell none of the facts the story and `said` already tell (an
        opening on the colour, then a story on the colour, read as a stammer)."""
        values = self.words.values
        told = facts_told(" ".join([self.told or "", *said]), values)
        return [
            template
            for template in templates
            if not facts_told(self.words.fill(template) or "", values) & told
        ]

    def headline(self, unlike: str = "") -> str:
        """A headline that does not open as `unlike` does (a print ad's "ACT FAST: HONDA CR-V"
        over "Act fast: this Honda CR-V is available now!")."""
        templates = [
            template
            for template in phrases.HEADLINES[self.tone]
            if not unlike or opening_words(self.words.fill(template) or "") != opening_words(unlike)
        ]
        return self.words.pick(self.rng, templates) or self.rng.choice(phrases.FALLBACK_HEADLINES)

    def story(self, second: bool = False, shown: Sequence[Highlight] = ()) -> str | None:
        """The story sentence, or a second one that tells none of the facts the first, the
        opening or the `shown` highlights tell."""
        if not second:
            return self.told
        said = [self.opened, *(light.phrase for light in shown)]
        stories = self._untold(phrases.STORIES[self.tone], *said)
        return self.words.pick(self.rng, stories, avoid=self.told)

    def prose(self, lights: list[Highlight]) -> str | None:
        """A sentence on up to three features (facts read better as bullets or a story)."""
        lights = [light for light in lights if not light.fact]
        if not lights:
            return None
        bank = phrases.FEATURE_SENTENCES if len(lights) > 1 else phrases.FEATURE_SENTENCES_ONE
        template = self.rng.choice(bank[self.tone])
        text = template.format(list=and_list([light.phrase for light in lights[:3]]))
        return _SENTENCE_START.sub(lambda m: m.group().upper(), capitalize(text))

    def bullets(self, lights: list[Highlight], mark: str, *, benefit: bool = False) -> str | None:
        if not lights:
            return None
        if len(lights) == 1:  # a list of one reads as a form: say it
            return f"{lights[0].benefit if benefit else lights[0].bullet}."
        intro = self.rng.choice(phrases.LIST_INTROS[self.tone])
        items = [
            f"{mark}{light.benefit if benefit and n < 2 else light.bullet}"
            for n, light in enumerate(lights)
        ]
        return "\n".join([intro, *items])

    def price(self) -> str | None:
        bank = phrases.SALE_PRICES if self.words.sale else phrases.PRICES
        return self.words.pick(self.rng, bank[self.tone])

    def cta(self, *, hide: tuple[str, ...] = ()) -> str:
        """The user's call to action, or a stock one; `hide`: details the channel must not show
        (a phone number on Google Business Profile, a link that Instagram cannot open)."""
        custom = (self.settings.call_to_action or "").strip()
        if custom:
            return custom
        words = self.words.without(*hide)
        return words.pick(self.rng, phrases.CTAS[self.tone]) or phrases.PLAIN_CTAS[self.tone]

    def contact(
        self, sep: str = " · ", *, hide: tuple[str, ...] = (), besides: str = ""
    ) -> str | None:
        """The dealership's known details on one line, less those `besides` already gives."""
        values = self.words.values
        parts = [
            values[key]
            for key in ("dealer", "address", "website", "phone")
            if key in values and key not in hide and values[key] not in besides
        ]
        return sep.join(parts) or None

    def offer(self) -> list[str | None]:
        """The offer's options, richest first: with its full disclosure, then without terms."""
        return [self.words.offer_full, self.words.offer_safe]

    def hashtags(self, count: int) -> list[str]:
        values, tags = self.words.values, []
        for key in ("make", "make_model"):
            if key in values:
                tags.append("#" + "".join(ch for ch in values[key] if ch.isalnum()))
        if "body" in values:
            body = values["body"]
            tags.append("#" + (body if body.isupper() else body.title()).replace(" ", ""))
        tags += phrases.HASHTAGS_AUDIENCE.get(self.words.audience, ())[:2]
        by_word = {word: key for key, word in phrases.CONDITION_WORDS.items()}
        condition = by_word.get(values.get("condition", ""))
        if condition:
            tags.append(phrases.HASHTAGS_CONDITION[condition])
        if "dealer" in values:
            tags.append("#" + "".join(ch for ch in values["dealer"].title() if ch.isalnum()))
        general = list(phrases.HASHTAGS_GENERAL)
        self.rng.shuffle(general)
        tags += general
        return list(dict.fromkeys(tags))[:count]


def opening_words(text: str) -> str:
    """The first two words, as a reader hears a sentence begin."""
    return " ".join(text.lower().split()[:2])


# The vehicle's facts a sentence can tell; each is told once in a piece of copy.
TOLD_FACTS = ("color", "interior", "miles", "mpg", "drivetrain", "transmission", "condition")


def facts_told(text: str, values: dict[str, str]) -> set[str]:
    """The facts `text` tells, each found as whole words in any case (the colour "Red" is not in
    "Redesigned", but is in a sentence that begins "Red, 41,200 miles")."""
    return {
        key
        for key in TOLD_FACTS
        if key in values
        and re.search(rf"(?<!\w){re.escape(values[key])}(?!\w)", text, re.IGNORECASE)
    }


def repeats(light: Highlight, story: str, values: dict[str, str]) -> bool:
    """Whether a fact highlight says what the story already says (the mileage, the colour)."""
    return light.fact and bool(facts_told(light.phrase, values) & facts_told(story, values))
