"""The measures behind the scores, each defined in docs/training-measures.md.

Time measures come from word timings, not from raw voice activity: a breath or a cough is voice
activity but not talk. Rates are per minute of *talk time*: from the first word's start to the
last word's end, with every silence longer than `turn_pause_s` counted as `turn_pause_s` (longer
silences hand the turn over; they are not slow speech)."""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from carsales.training.speech.lexicon import FillerKind, Tags, syllables
from carsales.training.speech.prosody import Acoustics
from carsales.training.speech.targets import Targets
from carsales.training.speech.textnorm import spoken_words
from carsales.training.speech.words import Span, Word


@dataclass(frozen=True, slots=True)
class Measures:
    duration_s: float
    speech_s: float
    talk_time_s: float
    word_count: int
    words_per_minute: float | None
    articulation_rate: float | None  # syllables per second of articulation time
    filler_count: int
    hesitation_count: int
    fillers_per_100_words: float | None
    fillers_per_minute: float | None
    weighted_fillers_per_100_words: float | None
    hesitations_per_100_words: float | None
    hedge_count: int
    hedges_per_100_words: float | None
    pause_count: int
    longest_pause_s: float
    longest_monologue_s: float
    question_count: int
    mean_word_probability: float | None
    pitch_mean_hz: float | None
    pitch_sd_semitones: float | None
    monotone: bool | None
    speech_dbfs: float | None
    peak_dbfs: float | None
    loudness_lufs: float | None
    snr_db: float | None
    clipped_percent: float
    level_sd_db: float | None = None  # steadiness of the speech level (prosody.py)
    # Words Whisper was unsure of (probability under `unclear_word_probability`), in percent.
    unclear_word_percent: float | None = None


def gaps(words: Sequence[Word]) -> list[Span]:
    return [Span(a.end, b.start) for a, b in itertools.pairwise(words)]


def talk_time(words: Sequence[Word], turn_pause_s: float) -> float:
    if not words:
        return 0.0
    excess = sum(max(0.0, g.duration - turn_pause_s) for g in gaps(words))
    return max(0.0, words[-1].end - words[0].start - excess)


def lexical_word_count(words: Sequence[Word], fillers: Sequence[bool]) -> int:
    """Spoken words other than fillers; numbers count as said ("1455" is three words)."""
    return sum(len(spoken_words(w.text)) for w, f in zip(words, fillers, strict=True) if not f)


def speaking_rate(
    words: Sequence[Word],
    fillers: Sequence[bool],
    targets: Targets,
    min_talk_s: float | None = None,
) -> float | None:
    """Words per minute of talk time, or None when there is too little talk to say."""
    count = lexical_word_count(words, fillers)
    seconds = talk_time(words, targets.turn_pause_s)
    least = targets.min_rate_talk_s if min_talk_s is None else min_talk_s
    if count < targets.min_rate_words or seconds < least or seconds <= 0:
        return None
    return 60 * count / seconds


def window_rate(
    words: Sequence[Word],
    fillers: Sequence[bool],
    end: float,
    targets: Targets,
    min_talk_s: float | None = None,
) -> tuple[float | None, float]:
    """The local pace, one definition for the live gauge and coach (live.py) and the report's
    timeline and local feedback: words per minute of talk over the words whose middle lies in
    the `pace_window_s` before `end`, with the window's talk time (the caller decides whether
    that is enough to judge: `pace_judge_min_talk_s`)."""
    start = end - targets.pace_window_s
    inside = [i for i, w in enumerate(words) if start <= w.midpoint < end]
    chosen = [words[i] for i in inside]
    least = targets.pace_reading_min_talk_s if min_talk_s is None else min_talk_s
    rate = speaking_rate(chosen, [fillers[i] for i in inside], targets, least)
    return rate, talk_time(chosen, targets.turn_pause_s)


def pace_windows(
    words: Sequence[Word],
    fillers: Sequence[bool],
    targets: Targets,
    step_s: float = 5.0,
) -> list[tuple[Span, float | None]]:
    """Speaking rate over sliding windows, for the pace timeline and for local feedback: the
    windows the live coach sees (`window_rate`), each judged only with
    `pace_judge_min_talk_s` of talk in it, every `step_s`."""
    if not words:
        return []
    found: list[tuple[Span, float | None]] = []
    window = targets.pace_window_s
    end = words[0].start + window
    while True:
        rate, _ = window_rate(words, fillers, end, targets, targets.pace_judge_min_talk_s)
        found.append((Span(end - window, end), rate))
        if end >= words[-1].end:
            return found
        end += step_s


def pauses(words: Sequence[Word], targets: Targets) -> list[Span]:
    return [g for g in gaps(words) if g.duration >= targets.pause_min_s]


def monologues(words: Sequence[Word], questions: Sequence[int], targets: Targets) -> list[Span]:
    """Stretches of talk without a hand-over: a silence of at least `turn_pause_s`, or the end
    of a question (in a role-play, the customer answers)."""
    found: list[Span] = []
    ends_turn = set(questions)
    start = 0
    for i, word in enumerate(words):
        last = i == len(words) - 1
        if last or i in ends_turn or words[i + 1].start - word.end >= targets.turn_pause_s:
            found.append(Span(words[start].start, word.end))
            start = i + 1
    return found


def _per_100(count: float, words: int) -> float | None:
    return 100 * count / words if words else None


def compute_measures(
    words: Sequence[Word],
    tags: Tags,
    speech: Sequence[Span],
    duration_s: float,
    acoustics: Acoustics,
    targets: Targets,
) -> Measures:
    fillers = tags.filler_mask(len(words))
    count = lexical_word_count(words, fillers)
    talk = talk_time(words, targets.turn_pause_s)
    pause_spans = pauses(words, targets)
    articulation_s = talk - sum(min(p.duration, targets.turn_pause_s) for p in pause_spans)
    syllable_count = sum(
        syllables(part)
        for w, f in zip(words, fillers, strict=True)
        if not f
        for part in spoken_words(w.text)
    )
    hesitations = sum(1 for f in tags.fillers if f.kind is FillerKind.hesitation)
    weighted = sum(
        targets.hesitation_weight
        if f.kind is FillerKind.hesitation
        else targets.discourse_filler_weight
        for f in tags.fillers
    )
    rate = speaking_rate(words, fillers, targets)
    pitch_sd = acoustics.pitch_sd_semitones
    return Measures(
        duration_s=duration_s,
        speech_s=sum(s.duration for s in speech),
        talk_time_s=talk,
        word_count=count,
        words_per_minute=rate,
        articulation_rate=syllable_count / articulation_s if rate and articulation_s > 0 else None,
        filler_count=len(tags.fillers),
        hesitation_count=hesitations,
        fillers_per_100_words=_per_100(len(tags.fillers), count),
        fillers_per_minute=len(tags.fillers) / (talk / 60) if talk > 0 else None,
        weighted_fillers_per_100_words=_per_100(weighted, count),
        hesitations_per_100_words=_per_100(hesitations, count),
        hedge_count=len(tags.hedges),
        hedges_per_100_words=_per_100(len(tags.hedges), count),
        pause_count=len(pause_spans),
        longest_pause_s=max((p.duration for p in pause_spans), default=0.0),
        longest_monologue_s=max(
            (m.duration for m in monologues(words, tags.questions, targets)), default=0.0
        ),
        question_count=len(tags.questions),
        mean_word_probability=sum(w.probability for w in words) / len(words) if words else None,
        pitch_mean_hz=acoustics.pitch_mean_hz,
        pitch_sd_semitones=pitch_sd,
        monotone=None if pitch_sd is None else pitch_sd < targets.monotone_semitones,
        speech_dbfs=acoustics.speech_dbfs,
        peak_dbfs=acoustics.peak_dbfs,
        loudness_lufs=acoustics.loudness_lufs,
        snr_db=acoustics.snr_db,
        clipped_percent=acoustics.clipped_percent,
        level_sd_db=acoustics.level_sd_db,
        unclear_word_percent=(
            100 * sum(w.probability < targets.unclear_word_probability for w in words) / len(words)
            if words
            else None
        ),
    )
