"""The fact check: every number in a text must come from the inputs.

A number is a run of digits with its formatting ($28,995, 4.9%, 12,345, 0.9) or a spelled-out
cardinal from two to twelve or a round ten ("three rows", "twenty"); "one" is left alone, as it
is mostly a pronoun ("this one"). A number is supported when its value is a number of the
vehicle's facts, the dealership's details (phone, street number, ZIP, website) or the offer, or
of any other text the caller vouches for (a call to action the user wrote). Formatting does not
matter: 28995 == $28,995 == 28,995.00, 4.9 == 4.90. Digits inside a word count too ("F-150",
"V8"): the same digits in the facts ("F-150" in the model) support them.

Allowed without a source: the structure of a video script, that is "Scene N" and time codes
("0:05", "0:00-0:05").
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from carsales.content.facts import DealerProfile, Offer
from carsales.vehicles.facts import VehicleFacts

_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_SPELLED = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
}  # fmt: skip
_SPELLED_WORD = re.compile(r"\b(" + "|".join(_SPELLED) + r")\b", re.IGNORECASE)
_STRUCTURE = re.compile(r"\bScene \d+\b|\b\d{1,2}:\d{2}\b")


@dataclass(frozen=True)
class NumberSpan:
    start: int
    end: int
    text: str


def numbers_in(text: str) -> list[NumberSpan]:
    """Every number in `text`: digit runs with their formatting, and spelled-out cardinals."""
    spans = [NumberSpan(m.start(), m.end(), m.group()) for m in _NUMBER.finditer(text)]
    spans += [NumberSpan(m.start(), m.end(), m.group()) for m in _SPELLED_WORD.finditer(text)]
    return sorted(spans, key=lambda span: span.start)


def value_of(number: str) -> Decimal | None:
    spelled = _SPELLED.get(number.lower())
    if spelled is not None:
        return Decimal(spelled)
    try:
        return Decimal(number.replace(",", "")).normalize()
    except InvalidOperation:
        return None


def allowed_numbers(
    facts: VehicleFacts,
    *,
    dealer: DealerProfile | None,
    offer: Offer | None,
    also_from: Iterable[str] = (),
) -> set[Decimal]:
    """The values of every number the inputs state, however they are formatted there."""
    sources: list[object] = [facts.model_dump(), also_from]
    if dealer:
        sources.append(dealer.model_dump())
        if dealer.phone:
            # A phone number written without separators is one number: 3105550134.
            sources.append(re.sub(r"\D", "", dealer.phone))
    if offer:
        sources.append(offer.model_dump())
    allowed: set[Decimal] = set()
    for item in _flatten(sources):
        if isinstance(item, bool):
            continue
        if isinstance(item, int | float):
            allowed.add(Decimal(str(item)).normalize())
        elif isinstance(item, str):
            values = (value_of(span.text) for span in numbers_in(item))
            allowed.update(v for v in values if v is not None)
    return allowed


def unsupported_numbers(
    text: str,
    facts: VehicleFacts,
    *,
    dealer: DealerProfile | None,
    offer: Offer | None,
    also_from: Sequence[str] = (),
) -> list[NumberSpan]:
    """The numbers in `text` that the inputs do not state."""
    allowed = allowed_numbers(facts, dealer=dealer, offer=offer, also_from=also_from)
    structure = [(m.start(), m.end()) for m in _STRUCTURE.finditer(text)]
    out = []
    for span in numbers_in(text):
        if any(start <= span.start and span.end <= end for start, end in structure):
            continue
        if value_of(span.text) not in allowed:
            out.append(span)
    return out


def _flatten(items: Iterable[object]) -> Iterable[object]:
    for item in items:
        if isinstance(item, dict):
            yield from _flatten(item.values())
        elif isinstance(item, list | tuple | set):
            yield from _flatten(item)
        elif item is not None and item != "":
            yield item
