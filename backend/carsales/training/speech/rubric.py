"""Rubric checks: did the salesperson say what the scenario asks for?

A rubric item passes when any one of its phrases occurs in the transcript. Phrases are matched
word by word after the transcript and the phrase are normalised the same way:

- lower case, punctuation dropped: "I understand." matches the phrase "i understand";
- numbers read out (textnorm.spoken_words): "72 months" matches "seventy-two months", "4.9%"
  matches "four point nine percent";
- contractions expanded: "I'm" = "I am", "don't" = "do not", "I'd" = "I would", "let's" =
  "let us", "what's" = "what is" (only after pronouns and question words; elsewhere "'s" is a
  possessive and the apostrophe is dropped: "driver's seat" = "drivers seat"), so a phrase
  matches either form; "gonna", "wanna", "okay" have one spelling each;
- hesitations in the transcript (um, uh, hmm) are skipped: "I, um, understand" matches
  "i understand".

Two markers, each standing for words, keep the syntax small:

- `*` is exactly one word: "i * understand" matches "I completely understand" and "I totally
  understand", not "I understand". It stands alone ("financ*" is refused, not a prefix).
- `...` is up to MAX_GAP_WORDS words, none included: "if we could ... would you" matches "if we
  could get you under 450 a month, would you". It goes between words, never first or last.

Words must come in the phrase's order: "i understand" does not match "understand, I".

Limits (checked in RubricItem, so in rubric_items_from_json too, with a ValueError that says
what is wrong, for managers writing their own rubrics): at most MAX_PHRASE_WORDS words per phrase
(`*` counts, `...` does not, numbers count as the words they are read as), at most MAX_PHRASES
phrases per item, MAX_ITEMS items per rubric.

A passed item gives as evidence the words of the earliest match in the transcript, whichever
phrase it was, and the start time of its first word. Keyword matching shows that the words were
said, not that they were said well or at the right moment: see docs/training-scenarios.md."""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

from carsales.training.speech.lexicon import HESITATIONS
from carsales.training.speech.textnorm import spoken_words
from carsales.training.speech.words import Word

WILDCARD = "*"
GAP = "..."
MAX_GAP_WORDS = 12
MAX_PHRASE_WORDS = 12
MAX_PHRASE_CHARS = 160
MAX_PHRASES = 50
MAX_ITEMS = 20
MAX_ID_CHARS = 64
MAX_LABEL_CHARS = 120
# Exemplar answers (carsales/training/judge/): whole sentences, a few per item.
MAX_EXEMPLARS = 20
MAX_EXEMPLAR_CHARS = 300

_MARKERS = re.compile(r"(\*|\.\.\.|\u2026)")
_DECIMAL = re.compile(r"(\d)\.(\d+)")
_SLUG = re.compile(r"[^a-z0-9]+")
# One spelling for the words the recogniser writes two ways.
_SPELLINGS: dict[str, tuple[str, ...]] = {
    "can't": ("can", "not"),
    "cannot": ("can", "not"),
    "won't": ("will", "not"),
    "shan't": ("shall", "not"),
    "let's": ("let", "us"),
    "i'm": ("i", "am"),
    "gonna": ("going", "to"),
    "wanna": ("want", "to"),
    "gotta": ("got", "to"),
    "ok": ("okay",),
    "alright": ("all", "right"),
}
# "'s" is "is" only after these; elsewhere it is a possessive ("the Jeep's towing").
_IS_AFTER = frozenset(re.findall(r"\w+", "it that what there here who where how when why he she"))
_SUFFIXES = (("n't", "not"), ("'re", "are"), ("'ve", "have"), ("'ll", "will"), ("'d", "would"))


def _expand(token: str) -> tuple[str, ...]:
    if token in _SPELLINGS:
        return _SPELLINGS[token]
    for suffix, word in _SUFFIXES:
        if token.endswith(suffix) and len(token) > len(suffix):
            return (token[: -len(suffix)], word)
    if token.endswith("'s") and token[:-2] in _IS_AFTER:
        return (token[:-2], "is")
    # A possessive is written with or without its apostrophe ("drivers seat", "driver's seat").
    return (token.replace("'", ""),)


def _read_decimal(match: re.Match[str]) -> str:
    # "4.9" is said "four point nine", digit by digit after the point.
    return f"{match.group(1)} point {' '.join(match.group(2))}"


def normalise(text: str) -> list[str]:
    """The words of `text` as rubric phrases are matched: see the module's docstring."""
    text = text.replace("\u2019", "'").replace("%", " percent ")
    tokens = [t for w in spoken_words(_DECIMAL.sub(_read_decimal, text)) for t in _expand(w)]
    return [t for t in tokens if t not in HESITATIONS]


@lru_cache(maxsize=4096)
def _pattern(phrase: str) -> tuple[str, ...]:
    """The phrase as normalised words, WILDCARD and GAP; ValueError (saying why) if invalid."""
    if not phrase.strip():
        raise ValueError("a phrase is empty")
    quoted = f'the phrase "{phrase}"'
    if len(phrase) > MAX_PHRASE_CHARS:
        raise ValueError(f"{quoted} is longer than {MAX_PHRASE_CHARS} characters")
    if re.search(r"\w\*|\*\w", phrase):
        raise ValueError(f"{quoted}: `*` stands for a whole word; put spaces around it")
    elements: list[str] = []
    for part in _MARKERS.split(phrase):
        if part == WILDCARD:
            elements.append(WILDCARD)
        elif part in (GAP, "\u2026"):
            elements.append(GAP)
        else:
            elements += normalise(part)
    words = [e for e in elements if e != GAP]
    if all(e == WILDCARD for e in words):
        raise ValueError(f"{quoted} has no words to match")
    if len(words) > MAX_PHRASE_WORDS:
        raise ValueError(
            f"{quoted} has {len(words)} words, numbers counted as said; at most {MAX_PHRASE_WORDS}"
        )
    if GAP in (elements[0], elements[-1]):
        raise ValueError(f"{quoted}: `...` goes between words, not first or last")
    if any(a == b == GAP for a, b in pairwise(elements)):
        raise ValueError(f"{quoted} has two `...` in a row")
    return tuple(elements)


@dataclass(frozen=True, slots=True)
class RubricItem:
    """One thing a good answer does, and phrases that show it was done (any one passes).

    `passing` and `failing` are exemplar answers for the judge, which compares meanings: what a
    passing answer says, and near misses that must not pass. Optional: without them the judge
    reads the phrases as its passing exemplars."""

    id: str
    label: str
    phrases: tuple[str, ...]
    passing: tuple[str, ...] = ()
    failing: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.id.strip() or len(self.id) > MAX_ID_CHARS:
            raise ValueError(f"A rubric item id must be 1 to {MAX_ID_CHARS} characters")
        if not self.label.strip() or len(self.label) > MAX_LABEL_CHARS:
            raise ValueError(f"A rubric item label must be 1 to {MAX_LABEL_CHARS} characters")
        where = f'Rubric item "{self.label}"'
        if not self.phrases:
            raise ValueError(f"{where} has no phrases")
        if len(self.phrases) > MAX_PHRASES:
            raise ValueError(f"{where} has {len(self.phrases)} phrases; at most {MAX_PHRASES}")
        for phrase in self.phrases:
            try:
                _pattern(phrase)
            except ValueError as exc:
                raise ValueError(f"{where}: {exc}") from None
        for name, texts in (("pass", self.passing), ("fail", self.failing)):
            if len(texts) > MAX_EXEMPLARS:
                raise ValueError(
                    f"{where} has {len(texts)} {name} exemplars; at most {MAX_EXEMPLARS}"
                )
            if any(not t.strip() or len(t) > MAX_EXEMPLAR_CHARS for t in texts):
                raise ValueError(f"{where}: each exemplar is 1 to {MAX_EXEMPLAR_CHARS} characters")

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {"id": self.id, "label": self.label, "phrases": list(self.phrases)}
        if self.passing or self.failing:
            result["exemplars"] = {"pass": list(self.passing), "fail": list(self.failing)}
        return result


@dataclass(frozen=True, slots=True)
class RubricResult:
    id: str
    label: str
    passed: bool
    evidence: str | None  # the transcript's words that matched, as written
    timestamp: float | None  # when the first of them starts, seconds

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "passed": self.passed,
            "evidence": self.evidence,
            "timestamp": self.timestamp,
        }


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text")
    return value


def _slug(label: str, taken: set[str]) -> str:
    base = _SLUG.sub("-", label.lower()).strip("-")[: MAX_ID_CHARS - 4] or "item"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _exemplars(value: object, where: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if value is None:
        return (), ()
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: exemplars must be an object with pass and fail lists")
    lists = []
    for name in ("pass", "fail"):
        texts = value.get(name) or []
        if not isinstance(texts, list | tuple):
            raise ValueError(f"{where}: exemplars.{name} must be a list of text")
        lists.append(tuple(_text(t, f"{where}: each exemplar") for t in texts))
    return lists[0], lists[1]


def rubric_items_from_json(items: Sequence[Mapping[str, Any]]) -> list[RubricItem]:
    """Items from [{"id"?, "label", "phrases": [...], "exemplars"?: {"pass": [...], "fail":
    [...]}}], as stored and as managers send them. An item without an id gets one made from its
    label. ValueError says what is wrong."""
    if len(items) > MAX_ITEMS:
        raise ValueError(f"A rubric has at most {MAX_ITEMS} items; this one has {len(items)}")
    given = [item.get("id") for item in items if isinstance(item, Mapping)]
    ids = {i for i in given if isinstance(i, str) and i}
    result: list[RubricItem] = []
    for n, item in enumerate(items, start=1):
        where = f"Rubric item {n}"
        if not isinstance(item, Mapping):
            raise ValueError(f"{where} must be an object with a label and phrases")
        label = _text(item.get("label"), f"{where}: the label")
        phrases = item.get("phrases")
        if not isinstance(phrases, list | tuple):
            raise ValueError(f"{where}: phrases must be a list of text")
        phrases = tuple(_text(p, f"{where}: each phrase") for p in phrases)
        item_id = item.get("id")
        if item_id:
            item_id = _text(item_id, f"{where}: the id")
        else:
            item_id = _slug(label, ids)
            ids.add(item_id)
        if any(r.id == item_id for r in result):
            raise ValueError(f'{where}: the id "{item_id}" is used twice')
        passing, failing = _exemplars(item.get("exemplars"), where)
        result.append(RubricItem(item_id, label, phrases, passing, failing))
    return result


@dataclass(frozen=True, slots=True)
class _Transcript:
    words: Sequence[Word]
    tokens: list[str]
    owners: list[int]  # for each token, the index of the word it was read from
    at: dict[str, list[int]]  # token -> its positions, in order

    @classmethod
    def of(cls, words: Sequence[Word]) -> "_Transcript":
        tokens: list[str] = []
        owners: list[int] = []
        at: dict[str, list[int]] = {}
        for index, word in enumerate(words):
            for token in normalise(word.text):
                at.setdefault(token, []).append(len(tokens))
                tokens.append(token)
                owners.append(index)
        return cls(words, tokens, owners, at)

    def match_end(self, pattern: tuple[str, ...], p: int, t: int) -> int | None:
        """Where a match of pattern[p:] from token t ends (exclusive), shortest gaps first."""
        while p < len(pattern):
            element = pattern[p]
            if element == GAP:
                for skip in range(MAX_GAP_WORDS + 1):
                    end = self.match_end(pattern, p + 1, t + skip)
                    if end is not None:
                        return end
                return None
            if t >= len(self.tokens) or element not in (WILDCARD, self.tokens[t]):
                return None
            p, t = p + 1, t + 1
        return t

    def first_match(self, phrase: str) -> tuple[int, int] | None:
        pattern = _pattern(phrase)
        starts = range(len(self.tokens)) if pattern[0] == WILDCARD else self.at.get(pattern[0], [])
        for start in starts:
            end = self.match_end(pattern, 0, start)
            if end is not None:
                return start, end
        return None

    def check(self, item: RubricItem) -> RubricResult:
        matches = [m for m in map(self.first_match, item.phrases) if m is not None]
        if not matches:
            return RubricResult(item.id, item.label, False, None, None)
        start, end = min(matches, key=lambda m: m[0])  # min keeps the first phrase on ties
        first, last = self.owners[start], self.owners[end - 1]
        evidence = " ".join(w.text.strip() for w in self.words[first : last + 1]).rstrip(",;:")
        return RubricResult(item.id, item.label, True, evidence, self.words[first].start)


def check_rubric(items: Sequence[RubricItem], words: Sequence[Word]) -> list[RubricResult]:
    """Each item's result, in the items' order."""
    transcript = _Transcript.of(words)
    return [transcript.check(item) for item in items]


def says_any(phrases: Sequence[str], text: str) -> bool:
    """Whether `text` (one sentence, untimed) contains any of `phrases`, matched as above."""
    transcript = _Transcript.of([Word(f" {token}", 0.0, 0.0) for token in text.split()])
    return any(transcript.first_match(phrase) is not None for phrase in phrases)
