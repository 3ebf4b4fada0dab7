"""The matching engines that rule packs configure. A pack says which engine a rule uses and
with what patterns; the engine finds the spans. The credit and lease disclosure engine is in
`disclosures.py`."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from carsales.content.channels import (
    LIMITS,
    Channel,
    is_gsm7,
    measured_length,
    sms_encoding,
    sms_segments,
    sms_units,
)
from carsales.content.compliance.base import Checker, Document, Hit, Params, any_match, find_all
from carsales.content.compliance.disclosures import DISCLOSURE_PLACEHOLDERS, disclosure
from carsales.content.compliance.findings import FindingSeverity
from carsales.vehicles.facts import VehicleFacts

MAX_SMS_SEGMENTS = 2


@dataclass(frozen=True)
class Engine:
    build: Callable[[Params], Checker]
    placeholders: frozenset[str]
    """What the rule's message may use as `{name}`."""


def _phrases(params: Params) -> Checker:
    """Each match of a pattern is a finding (a claim that is wrong wherever it appears)."""
    patterns = params.patterns("patterns")

    def check(doc: Document) -> list[Hit]:
        return [
            Hit(m.start(), m.end(), {"match": m.group(0)}) for m in find_all(patterns, doc.text)
        ]

    return check


def _max_count(params: Params) -> Checker:
    """More than `max` matches (hashtags on Instagram): the extra ones are the finding."""
    patterns = params.patterns("patterns")
    limit = params.integer("max")

    def check(doc: Document) -> list[Hit]:
        matches = find_all(patterns, doc.text)
        if len(matches) <= limit:
            return []
        extra = matches[limit:]
        return [Hit(extra[0].start(), extra[-1].end(), {"count": len(matches), "max": limit})]

    return check


def _required(params: Params) -> Checker:
    """Something the whole text must contain (a postal address, an opt-out line)."""
    patterns = params.patterns("patterns")

    def check(doc: Document) -> list[Hit]:
        if any_match(patterns, doc.text):
            return []
        return [Hit(len(doc.text), len(doc.text))]

    return check


def _first_prefix(text: str, over: Callable[[str], bool]) -> int:
    """The length of the shortest prefix of `text` for which `over` holds (it is monotonic)."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high) // 2
        if over(text[:middle]):
            high = middle
        else:
            low = middle + 1
    return max(low - 1, 0)


def _channel_length(params: Params) -> Checker:
    """The channel's limit from `channels.LIMITS`, counted in the channel's own units; for
    e-mail the limit is the subject's. Over a hard limit is the rule's severity, over a soft
    one a warning."""

    def check(doc: Document) -> list[Hit]:
        limit = LIMITS.get(doc.channel)
        if limit is None:
            return []
        if doc.channel is Channel.email:
            subject = doc.subject or ""
            if len(subject) <= limit.max_length:
                return []
            measure = f"a subject of {len(subject)} characters (limit {limit.max_length})"
            end = len(doc.text)
            return [_length_hit(end, end, limit.why, measure, limit.hard)]

        def over(text: str) -> bool:
            if doc.channel is Channel.sms and sms_segments(text) > MAX_SMS_SEGMENTS:
                return True
            return measured_length(doc.channel, text) > limit.max_length

        if not over(doc.text):
            return []
        if doc.channel is Channel.sms:
            measure = (
                f"{sms_segments(doc.text)} SMS segments ({sms_encoding(doc.text)}, "
                f"{sms_units(doc.text)} units; limit {MAX_SMS_SEGMENTS} segments, "
                f"{limit.max_length} units)"
            )
        else:
            measure = (
                f"{measured_length(doc.channel, doc.text)} characters (limit {limit.max_length})"
            )
        start = _first_prefix(doc.text, over)
        return [_length_hit(start, len(doc.text), limit.why, measure, limit.hard)]

    return check


def _length_hit(start: int, end: int, why: str, measure: str, hard: bool) -> Hit:
    return Hit(
        start,
        end,
        {"why": why, "measure": measure},
        severity=None if hard else FindingSeverity.warning,
    )


def _sms_segments(params: Params) -> Checker:
    """An SMS longer than one segment: how many, and which character forced UCS-2."""

    def check(doc: Document) -> list[Hit]:
        if doc.channel is not Channel.sms:
            return []
        segments = sms_segments(doc.text)
        if segments <= 1:
            return []
        encoding = sms_encoding(doc.text)
        values: dict[str, object] = {
            "segments": segments,
            "encoding": encoding,
            "units": sms_units(doc.text),
            "cause": "",
        }
        if encoding == "GSM-7":
            return [
                Hit(_first_prefix(doc.text, lambda t: sms_segments(t) > 1), len(doc.text), values)
            ]
        position = next(i for i, char in enumerate(doc.text) if not is_gsm7(char))
        values["cause"] = f"; {doc.text[position]!r} is not a GSM-7 character and forces UCS-2"
        return [Hit(position, position + 1, values)]

    return check


def vehicle_mention(doc: Document, vehicle: VehicleFacts) -> tuple[int, int]:
    """Where the text names the vehicle (model, else make, else year); the start if nowhere."""
    for name in (vehicle.model, vehicle.make, str(vehicle.year) if vehicle.year else None):
        if name:
            match = re.search(re.escape(name), doc.text, re.IGNORECASE)
            if match:
                return match.start(), match.end()
    return 0, 0


def _vehicle_label(params: Params) -> Checker:
    """A vehicle in one of `conditions` must be called so (e.g. "used") somewhere in the ad."""
    conditions = {c.lower() for c in params.strings("conditions")}
    labels = params.patterns("labels")

    def check(doc: Document) -> list[Hit]:
        vehicle = doc.vehicle
        if vehicle is None or (vehicle.condition or "").lower() not in conditions:
            return []
        if any_match(labels, doc.text):
            return []
        start, end = vehicle_mention(doc, vehicle)
        return [Hit(start, end, {"condition": vehicle.condition})]

    return check


def _vehicle_identification(params: Params) -> Checker:
    """An ad for a specific vehicle must identify it: the VIN, its last `vin_tail` characters
    (the part that tells it from others of the same make, model and year) or another
    identifier the pack accepts (a licence plate)."""
    tail = params.integer("vin_tail")
    others = params.patterns("other_identifiers", required=False)

    def check(doc: Document) -> list[Hit]:
        vehicle = doc.vehicle
        if vehicle is None:
            return []
        text = doc.text.upper()
        vin = (vehicle.vin or "").upper()
        if vin and (vin in text or (tail and vin[-tail:] in text)):
            return []
        if any_match(others, doc.text):
            return []
        start, end = vehicle_mention(doc, vehicle)
        return [Hit(start, end, {"vin": vin or "the VIN"})]

    return check


ENGINES: dict[str, Engine] = {
    "phrases": Engine(_phrases, frozenset({"match"})),
    "max-count": Engine(_max_count, frozenset({"count", "max"})),
    "required": Engine(_required, frozenset()),
    "channel-length": Engine(_channel_length, frozenset({"why", "measure"})),
    "sms-segments": Engine(_sms_segments, frozenset({"segments", "encoding", "units", "cause"})),
    "vehicle-label": Engine(_vehicle_label, frozenset({"condition"})),
    "vehicle-identification": Engine(_vehicle_identification, frozenset({"vin"})),
    "disclosure": Engine(disclosure, DISCLOSURE_PLACEHOLDERS),
}
