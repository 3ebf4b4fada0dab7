"""What the words say about how they were said: fillers, hedges, questions and syllables.

The filler heuristics lean on the recogniser's punctuation: with the disfluent prompt (see asr.py)
Whisper writes a filler "like" or "so" set off by commas ("So, um, it's, like, great") and a
verb or comparison without them ("I'd like a quote", "so much room"). The rules are documented
with examples in docs/training-measures.md."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from carsales.training.speech.words import Word


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


HESITATIONS = _words("um umm ummm uh uhh uhm uhhm er erm ah ahh hmm hm mm mmm eh")
# Words after which "like" is a verb or a comparison, not a filler ("I like", "looks like").
_LIKE_GOVERNORS = _words(
    "i you we they he she people would do does did don't doesn't didn't really look looks "
    "looked looking feel feels felt sound sounds seem seems something anything nothing more "
    "much exactly just"
)
# Before these, "kind of" and "sort of" name a kind ("what kind of car") instead of hedging.
_DETERMINERS = _words(
    "a an the this that these those what which some any every each one my your our their his "
    "her its same different other another all"
)
_HEDGES: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in (
        "i'm not sure",
        "if that makes sense",
        "i feel like",
        "a little bit",
        "more or less",
        "i would say",
        "i think",
        "i guess",
        "i suppose",
        "i believe",
        "not sure",
        "kind of",
        "sort of",
        "maybe",
        "perhaps",
        "probably",
        "possibly",
        "kinda",
        "sorta",
        "hopefully",
        "somewhat",
        "might",
    )
)
_KNOW_GOVERNORS = _words("do did don't didn't if would")
_CLAUSE_END = tuple(",.;:?!…-")
_NOT_TOKEN = re.compile(r"[^a-z0-9']+")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


class FillerKind(StrEnum):
    hesitation = "hesitation"  # um, uh: pure hesitation sounds
    discourse = "discourse"  # like, so, you know, I mean: real words used as fillers


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words `first`..`last` (inclusive indices into the word list)."""

    first: int
    last: int
    text: str


@dataclass(frozen=True, slots=True)
class Filler(Phrase):
    kind: FillerKind


@dataclass(frozen=True, slots=True)
class Tags:
    fillers: list[Filler]
    hedges: list[Phrase]
    questions: list[int]  # indices of words that end a question

    def filler_indices(self) -> set[int]:
        return {i for f in self.fillers for i in range(f.first, f.last + 1)}

    def filler_mask(self, count: int) -> list[bool]:
        """For each of `count` words, whether it is part of a filler."""
        inside = self.filler_indices()
        return [i in inside for i in range(count)]


def token(word: Word) -> str:
    return _NOT_TOKEN.sub("", word.text.lower()).strip("'")


def _ends_clause(word: Word) -> bool:
    return word.text.strip().endswith(_CLAUSE_END)


class _Tagger:
    def __init__(self, words: Sequence[Word]) -> None:
        self.words = words
        self.tokens = [token(w) for w in words]

    def _tok(self, i: int) -> str:
        return self.tokens[i] if 0 <= i < len(self.tokens) else ""

    def _break_before(self, i: int) -> bool:
        return i == 0 or _ends_clause(self.words[i - 1]) or self._tok(i - 1) in HESITATIONS

    def _break_after(self, i: int) -> bool:
        return (
            i == len(self.words) - 1
            or _ends_clause(self.words[i])
            or self._tok(i + 1) in HESITATIONS
        )

    def _like_is_filler(self, i: int) -> bool:
        previous = self._tok(i - 1)
        governed = (
            i > 0
            and not _ends_clause(self.words[i - 1])
            and (previous in _LIKE_GOVERNORS or previous.endswith("'d"))
        )
        return not governed and (self._break_before(i) or self._break_after(i))

    def _so_is_filler(self, i: int) -> bool:
        # "So, um, ..." opens a sentence with nothing to connect; "so much", "and so on" do not.
        return self._break_before(i) and self._break_after(i)

    def _discourse_pair(self, i: int) -> bool:
        pair = (self._tok(i), self._tok(i + 1))
        if pair == ("you", "know"):
            governed = (
                i > 0
                and not _ends_clause(self.words[i - 1])
                and self._tok(i - 1) in (_KNOW_GOVERNORS)
            )
            return not governed and self._break_after(i + 1)
        return pair == ("i", "mean") and self._break_after(i + 1)

    def fillers(self) -> list[Filler]:
        found: list[Filler] = []
        i = 0
        while i < len(self.words):
            tok = self.tokens[i]
            if tok in HESITATIONS:
                found.append(Filler(i, i, self.words[i].text.strip(), FillerKind.hesitation))
            elif (tok == "like" and self._like_is_filler(i)) or (
                tok == "so" and self._so_is_filler(i)
            ):
                found.append(Filler(i, i, self.words[i].text.strip(), FillerKind.discourse))
            elif self._discourse_pair(i):
                text = f"{self.words[i].text.strip()} {self.words[i + 1].text.strip()}"
                found.append(Filler(i, i + 1, text, FillerKind.discourse))
                i += 1
            i += 1
        return found

    def _names_a_kind(self, i: int, phrase: tuple[str, ...]) -> bool:
        return phrase[0] in ("kind", "sort") and self._tok(i - 1) in _DETERMINERS

    def hedges(self) -> list[Phrase]:
        found: list[Phrase] = []
        i = 0
        while i < len(self.words):
            for phrase in _HEDGES:
                end = i + len(phrase)
                if tuple(self.tokens[i:end]) == phrase and not self._names_a_kind(i, phrase):
                    text = " ".join(w.text.strip() for w in self.words[i:end])
                    found.append(Phrase(i, end - 1, text))
                    i = end - 1
                    break
            i += 1
        return found


def tag(words: Sequence[Word]) -> Tags:
    tagger = _Tagger(words)
    questions = [i for i, w in enumerate(words) if w.text.strip().endswith("?")]
    return Tags(fillers=tagger.fillers(), hedges=tagger.hedges(), questions=questions)


def syllables(word: str) -> int:
    """Vowel groups, less a silent final "e" or "-ed": right for about nine English words in
    ten, and the errors average out over a sentence."""
    groups = len(_VOWEL_GROUPS.findall(word))
    if groups > 1 and (
        (word.endswith("e") and not word.endswith(("le", "ee", "ye")))
        or (word.endswith("ed") and not word.endswith(("ted", "ded")))
    ):
        groups -= 1
    return max(1, groups)
