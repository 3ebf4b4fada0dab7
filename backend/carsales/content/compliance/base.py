"""What the matching engines share: the document being linted, what an engine reports, and the
reader that validates an engine's parameters from a rule pack (so a mistake in a pack names
the file and the field instead of failing deep inside a regex)."""

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from carsales.content.channels import Channel
from carsales.content.compliance.findings import FindingSeverity
from carsales.content.facts import Offer
from carsales.vehicles.facts import VehicleFacts

_FRAGMENT = re.compile(r"\{([a-z_]+)\}")
# A new sentence starts after . ! or ? and a space when the next word looks like a start
# ("60 mo. payments" stays one sentence), and at every line break.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9$#\"'(])|\n+")


class PackError(ValueError):
    """A rule pack that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Document:
    text: str
    channel: Channel
    subject: str | None = None
    offer: Offer | None = None
    vehicle: VehicleFacts | None = None

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Character spans of the text's sentences and lines."""
        spans: list[tuple[int, int]] = []
        start = 0
        for match in _SENTENCE_BREAK.finditer(self.text):
            if match.start() > start:
                spans.append((start, match.start()))
            start = match.end()
        if start < len(self.text):
            spans.append((start, len(self.text)))
        return spans

    def sentence_at(self, position: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= position < end:
                return start, end
        return position, position


@dataclass(frozen=True)
class Hit:
    """One place an engine found a problem; `values` fill the rule's message template."""

    start: int
    end: int
    values: Mapping[str, object] = field(default_factory=dict)
    fix: str | None = None
    severity: FindingSeverity | None = None
    """Overrides the rule's severity (a length over a soft limit is only a warning)."""


Checker = Callable[[Document], list[Hit]]


class Params:
    """An engine's parameters from one rule, read with checks; `done()` rejects leftovers."""

    def __init__(
        self,
        raw: Mapping[str, Any],
        where: str,
        fragments: Mapping[str, str],
        terms: Mapping[str, Sequence[re.Pattern[str]]],
    ) -> None:
        self._raw = dict(raw)
        self._where = where
        self._fragments = fragments
        self._terms = terms
        self._used: set[str] = set()

    def error(self, name: str, problem: str) -> PackError:
        return PackError(f"{self._where}.{name}: {problem}")

    def _take(self, name: str, required: bool) -> Any:
        self._used.add(name)
        if name not in self._raw:
            if required:
                raise self.error(name, "is required")
            return None
        return self._raw[name]

    def strings(self, name: str, *, required: bool = True) -> list[str]:
        value = self._take(name, required)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(name, "must be a list of strings")
        if required and not value:
            raise self.error(name, "must not be empty")
        return value

    def patterns(self, name: str, *, required: bool = True) -> list[re.Pattern[str]]:
        return [
            compile_pattern(source, f"{self._where}.{name}", self._fragments)
            for source in self.strings(name, required=required)
        ]

    def integer(self, name: str, *, default: int | None = None) -> int:
        value = self._take(name, default is None)
        if value is None and default is not None:
            return default
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.error(name, "must be a non-negative integer")
        return value

    def string(self, name: str, *, choices: Sequence[str] | None = None) -> str:
        value = self._take(name, True)
        if not isinstance(value, str):
            raise self.error(name, "must be a string")
        if choices is not None and value not in choices:
            raise self.error(name, f"must be one of {', '.join(choices)} (got {value!r})")
        return value

    def term(self, name: str, *, required: bool = True) -> list[re.Pattern[str]]:
        """Patterns of one or more of the pack's named `[terms]`."""
        names = self.strings(name, required=required)
        return self.lookup_terms(names, name)

    def lookup_terms(self, names: Sequence[str], field_name: str) -> list[re.Pattern[str]]:
        patterns: list[re.Pattern[str]] = []
        for term in names:
            if term not in self._terms:
                raise self.error(field_name, f"unknown term {term!r} (not in the pack's [terms])")
            patterns.extend(self._terms[term])
        return patterns

    def raw(self, name: str) -> Any:
        return self._take(name, True)

    def done(self) -> None:
        extra = sorted(set(self._raw) - self._used)
        if extra:
            raise self.error(extra[0], "is not a parameter of this rule's engine")


def compile_pattern(source: str, where: str, fragments: Mapping[str, str]) -> re.Pattern[str]:
    """A case-insensitive regex; `{name}` is replaced by the pack's fragment of that name."""

    def expand(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            raise PackError(f"{where}: unknown fragment {{{name}}} in {source!r}")
        return f"(?:{fragments[name]})"

    try:
        return re.compile(_FRAGMENT.sub(expand, source), re.IGNORECASE)
    except re.error as error:
        raise PackError(f"{where}: invalid pattern {source!r}: {error}") from error


def find_all(patterns: Sequence[re.Pattern[str]], text: str) -> list[re.Match[str]]:
    """Every match of any pattern, in text order, overlapping ones merged into the first."""
    matches = sorted(
        (m for pattern in patterns for m in pattern.finditer(text) if m.end() > m.start()),
        key=lambda m: (m.start(), -m.end()),
    )
    kept: list[re.Match[str]] = []
    for match in matches:
        if not kept or match.start() >= kept[-1].end():
            kept.append(match)
    return kept


def any_match(patterns: Sequence[re.Pattern[str]], text: str) -> bool:
    return any(pattern.search(text) for pattern in patterns)
