"""The units every stage exchanges: transcribed words and time spans, in seconds."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Word:
    """One transcribed word as the recogniser wrote it, punctuation included (" Like,"): the
    punctuation is evidence for the filler and question heuristics."""

    text: str
    start: float
    end: float
    probability: float = 1.0

    @property
    def midpoint(self) -> float:
        return (self.start + self.end) / 2
