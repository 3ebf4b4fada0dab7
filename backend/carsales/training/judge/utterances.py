"""The salesperson's answer as utterances: the sentences of the timed transcript.

Each utterance is a span of the transcript's own characters, so the evidence a report quotes is
always a verbatim substring of the transcript. Sentences end at `.`, `!`, `?` or an ellipsis
(Whisper writes a trailing-off "..." between fragments); a very long sentence is cut at commas so
that one rambling sentence does not blur several moves into one vector. Fragments that are only
hesitations ("Um...") are left out: they say nothing about the content.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from carsales.training.speech.lexicon import HESITATIONS
from carsales.training.speech.words import Word

MAX_WORDS = 30  # a sentence longer than this is cut at its commas

_SENTENCE = re.compile(r"[^.!?\u2026]+(?:[.!?\u2026]+|$)")
_CLAUSE = re.compile(r"[^,;:]+(?:[,;:]+|$)")
_WORD = re.compile(r"[\w']+")


@dataclass(frozen=True, slots=True)
class Utterance:
    text: str  # transcript[start:end]
    start: int  # character offsets in the transcript
    end: int
    time: float | None  # seconds from the start of the recording, when words were given

    @property
    def word_count(self) -> int:
        return len(_WORD.findall(self.text))


def _trimmed(transcript: str, start: int, end: int) -> tuple[int, int]:
    while start < end and transcript[start].isspace():
        start += 1
    while end > start and (transcript[end - 1].isspace() or transcript[end - 1] in ".\u2026,;:"):
        end -= 1
    return start, end


def _pieces(transcript: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence from start to end, or its clauses grouped up to MAX_WORDS when longer."""
    if len(_WORD.findall(transcript[start:end])) <= MAX_WORDS:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    first, words = start, 0
    for clause in _CLAUSE.finditer(transcript, start, end):
        count = len(_WORD.findall(clause.group()))
        if words and words + count > MAX_WORDS:
            pieces.append((first, clause.start()))
            first, words = clause.start(), 0
        words += count
    pieces.append((first, end))
    return pieces


def _word_times(transcript: str, words: Sequence[Word]) -> list[tuple[int, float]]:
    """(character offset, start time) of each word found in the transcript, in order."""
    located: list[tuple[int, float]] = []
    cursor = 0
    for word in words:
        text = word.text.strip()
        at = transcript.find(text, cursor) if text else -1
        if at >= 0:
            located.append((at, word.start))
            cursor = at + len(text)
    return located


def split_utterances(transcript: str, words: Sequence[Word] = ()) -> list[Utterance]:
    """The utterances of `transcript`, timed from `words` (the transcript's words) when given."""
    times = _word_times(transcript, words)
    result: list[Utterance] = []
    for sentence in _SENTENCE.finditer(transcript):
        for piece_start, piece_end in _pieces(transcript, sentence.start(), sentence.end()):
            start, end = _trimmed(transcript, piece_start, piece_end)
            text = transcript[start:end]
            tokens = [t.lower() for t in _WORD.findall(text)]
            if not tokens or all(t in HESITATIONS for t in tokens):
                continue
            time = next((t for offset, t in times if offset >= start), None) if times else None
            result.append(Utterance(text, start, end, time))
    return result
