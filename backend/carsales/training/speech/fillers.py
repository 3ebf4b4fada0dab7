"""A second opinion on hesitations: "um" and "uh" that a second transcription heard and the main
transcript lacks are added to the main word list.

Whisper base, even with the disfluent prompt (asr.py), drops or swallows some hesitations: it
merges an "um" into the next word ("very um popular" -> "very unpopular"), reads "uh" as the
article "a", or leaves it out. A second decoder, Whisper tiny.en with the same prompt, makes
different mistakes, so some of those it keeps. The two transcripts are aligned word by word
(hesitations compared as one token, whatever their spelling) and a hesitation of the second
pass is recovered where:

- the alignment has no counterpart for it in the main transcript (inserted, or in place of
  words that hold no hesitation themselves: "unpopular" against "um popular"),
- its time agrees with its place in the alignment (its middle lies between the start of the
  main word before it and the end of the one after it),
- no hesitation of the main transcript, or one already recovered, lies within `NEAR_S` of it
  (the same "um" with different timestamps is not counted twice),
- its middle is in speech (asr.words_in_speech, the guard against words invented in silence).

Only hesitations are ever recovered: a discourse filler ("like", "so") depends on the
punctuation around it, and any other word of the second pass is ignored. A recovered word keeps
the second pass's text and probability; its times are kept inside the silence between its main
neighbours, or, when its middle falls inside a main word (the word that swallowed it, or one
whose timestamps run over it), it is put at that word's nearer edge with no duration: a
recovered hesitation never creates or lengthens a pause.
bench/fillers.py measures what it buys and what it costs; docs/training-measures.md has the
figures.
"""

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from carsales.training.speech.asr import words_in_speech
from carsales.training.speech.lexicon import HESITATIONS, token
from carsales.training.speech.words import Span, Word

# The second decoder: tiny.en, greedy (beam 1), with asr.py's disfluent prompt. Beam 5, in
# development runs of bench/fillers.py, recovered no more and took nearly twice as long.
FILLER_DECODER_MODEL = "tiny.en"
FILLER_DECODER_BEAM = 1
# Closer than this to a hesitation already in the word list, a recovered one is the same sound.
NEAR_S = 0.4
_HESITATION = "<hesitation>"


@dataclass(frozen=True, slots=True)
class MergedWords:
    words: list[Word]  # in time order
    recovered: list[bool]  # for each word, whether the filler pass supplied it


def is_hesitation(word: Word) -> bool:
    return token(word) in HESITATIONS


def _key(word: Word) -> str:
    return _HESITATION if is_hesitation(word) else token(word)


def _near(word: Word, others: Sequence[Word]) -> bool:
    return any(abs(o.midpoint - word.midpoint) < NEAR_S for o in others)


def _placed(candidate: Word, words: Sequence[Word]) -> Word:
    """The candidate with its times kept within the main transcript's silence around its middle
    or, if its middle lies inside a main word (the word that swallowed it), at that word's start
    or end, whichever is nearer, with no duration: the main transcript's timing stays as it was.
    """
    middle = candidate.midpoint
    for word in words:
        if word.start <= middle <= word.end:
            edge = word.start if middle - word.start < word.end - middle else word.end
            return Word(candidate.text, edge, edge, candidate.probability)
    low = max((w.end for w in words if w.end < middle), default=candidate.start)
    high = min((w.start for w in words if w.start > middle), default=candidate.end)
    return Word(
        candidate.text, max(candidate.start, low), min(candidate.end, high), candidate.probability
    )


def recovered_fillers(
    words: Sequence[Word], second: Sequence[Word], speech: Sequence[Span]
) -> list[Word]:
    """Hesitations of `second` (the filler pass) missing from `words` (the main transcript)."""
    main_keys = [_key(w) for w in words]
    matcher = difflib.SequenceMatcher(a=main_keys, b=[_key(w) for w in second], autojunk=False)
    main_hesitations = [w for w in words if is_hesitation(w)]
    taken: list[Word] = []  # as the second pass timed them
    for operation, first, last, other_first, other_last in matcher.get_opcodes():
        if operation in ("equal", "delete") or _HESITATION in main_keys[first:last]:
            continue
        # Main words `first - 1` and `last` enclose the block.
        low = words[first - 1].start if first > 0 else float("-inf")
        high = words[last].end if last < len(words) else float("inf")
        for candidate in second[other_first:other_last]:
            if (
                is_hesitation(candidate)
                and low <= candidate.midpoint <= high
                and not _near(candidate, main_hesitations)
                and not _near(candidate, taken)
                and words_in_speech([candidate], speech)
            ):
                taken.append(candidate)
    return [_placed(candidate, words) for candidate in taken]


def merge_fillers(words: Sequence[Word], recovered: Sequence[Word]) -> MergedWords:
    """The main words with the recovered hesitations slotted in by time (one placed at the start
    of a main word comes before it: it has no duration)."""
    tagged = sorted(
        [(w, False) for w in words] + [(w, True) for w in recovered],
        key=lambda pair: (pair[0].start, pair[0].end, pair[1]),
    )
    return MergedWords([w for w, _ in tagged], [r for _, r in tagged])
