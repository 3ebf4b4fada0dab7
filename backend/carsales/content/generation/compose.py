"""The offline composer: channel-fitted copy from the vehicle's facts, the dealership's profile
and the request's settings, with no model. Every number it writes comes from its inputs."""

import random

from carsales.content.facts import DealerProfile, Offer
from carsales.content.generation.draft import Draft
from carsales.content.generation.layouts import LAYOUTS, tidy
from carsales.content.generation.schemas import GenerationSettings, Variant
from carsales.content.generation.wording import build_words
from carsales.vehicles.facts import VehicleFacts

MAX_VARIANTS = 10
RETRIES = 6


def compose(
    facts: VehicleFacts,
    settings: GenerationSettings,
    *,
    dealer: DealerProfile | None,
    offer: Offer | None,
    variants: int = 3,
    seed: int | None = None,
) -> list[Variant]:
    """`variants` distinct variants (1 to 10), the same ones for the same seed; without a seed,
    new ones on every call."""
    if not 1 <= variants <= MAX_VARIANTS:
        raise ValueError(f"variants must be between 1 and {MAX_VARIANTS}")
    if seed is None:
        seed = random.SystemRandom().randrange(2**32)
    # One Words for all variants: a phrase used by one variant is avoided by the next.
    words = build_words(facts, settings, dealer, offer)
    layout = LAYOUTS[settings.platform]
    out: list[Variant] = []
    for index in range(variants):
        # A sparse vehicle leaves few choices: draw again (a few times) rather than repeat.
        for attempt in range(RETRIES):
            variant = layout(Draft.start(words, settings, seed, index, attempt))
            variant = variant.model_copy(update={"text": tidy(variant.text)})
            if all(variant.text != earlier.text for earlier in out):
                break
        out.append(variant)
    return out
