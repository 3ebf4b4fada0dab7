"""Coaching for the final report: time-stamped suggestions, corrections and praise.

A correction is something to fix (a measure past its flag limit), a suggestion something to try
(off target, or a local lapse), praise a measure on target. Severity grows with the distance
past the target. Repeated local items are capped so the report stays readable."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from carsales.training.speech.lexicon import Tags
from carsales.training.speech.metrics import Measures, monologues, pace_windows, pauses
from carsales.training.speech.scores import LevelVerdict, level_verdict
from carsales.training.speech.targets import Ramp, Targets
from carsales.training.speech.words import Span, Word

MAX_LOCAL_ITEMS = 3  # per rule
FILLER_CLUSTER = (3, 15.0)  # this many fillers within this many seconds
MIN_WORDS_FOR_PRAISE = 50
MIN_TALK_FOR_QUESTIONS_S = 60.0


class FeedbackType(StrEnum):
    suggestion = "suggestion"
    correction = "correction"
    praise = "praise"


class Severity(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


@dataclass(frozen=True, slots=True)
class FeedbackItem:
    timestamp: float
    type: FeedbackType
    message: str
    severity: Severity
    rule: str  # which rule produced it: lets the UI group items and the live limiter rate them


def severity_of(fraction: float) -> Severity:
    """How far along its penalty ramp (0 to 1) a measure is."""
    if fraction < 1 / 3:
        return Severity.low
    return Severity.medium if fraction < 2 / 3 else Severity.high


def minutes_seconds(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60} s" if whole >= 60 else f"{whole} s"


def pace_message(rate: float, t: Targets) -> tuple[FeedbackType, Severity, str] | None:
    band = f"{t.pace.low:.0f}-{t.pace.high:.0f}"
    if rate > t.pace.flag_high:
        beyond = Ramp(t.pace.flag_high, t.pace.flag_high + t.pace.zero_margin).fraction(rate)
        return (
            FeedbackType.correction,
            Severity.high if beyond > 0.5 else Severity.medium,
            f"Slow down: {rate:.0f} words per minute; aim for {band} so the customer keeps up.",
        )
    if rate < t.pace.flag_low:
        beyond = Ramp(t.pace.flag_low, t.pace.flag_low - t.pace.zero_margin).fraction(rate)
        return (
            FeedbackType.correction,
            Severity.high if beyond > 0.5 else Severity.medium,
            f"Pick up the pace: {rate:.0f} words per minute; aim for {band} to sound sure.",
        )
    if not t.pace.low <= rate <= t.pace.high:
        return (
            FeedbackType.suggestion,
            Severity.low,
            (f"{rate:.0f} words per minute is close; {band} is the sweet spot."),
        )
    return None


def _pace(words: Sequence[Word], tags: Tags, m: Measures, t: Targets) -> list[FeedbackItem]:
    if m.words_per_minute is None:
        return []
    overall = pace_message(m.words_per_minute, t)
    if overall:
        kind, severity, message = overall
        items = [FeedbackItem(words[0].start, kind, message, severity, "pace")]
    else:
        message = f"Good pace: {m.words_per_minute:.0f} words per minute."
        items = [FeedbackItem(words[0].start, FeedbackType.praise, message, Severity.low, "pace")]
    # Local lapses: where a 30 s window crosses a flag the overall rate does not, once per stretch.
    overall_flagged = t.pace.flagged(m.words_per_minute)
    previous = None
    for span, rate in pace_windows(words, tags.filler_mask(len(words)), t):
        crossed = rate is not None and t.pace.flagged(rate) and not overall_flagged
        local = pace_message(rate, t) if crossed and rate is not None else None
        if local and not previous:
            _, severity, message = local
            items.append(
                FeedbackItem(span.start, FeedbackType.suggestion, message, severity, "pace")
            )
        previous = local
    return items[: 1 + MAX_LOCAL_ITEMS]


def _fillers(words: Sequence[Word], tags: Tags, m: Measures, t: Targets) -> list[FeedbackItem]:
    rate = m.weighted_fillers_per_100_words
    if rate is None or not tags.fillers:
        if m.word_count >= MIN_WORDS_FOR_PRAISE:
            return [
                FeedbackItem(0.0, FeedbackType.praise, "No filler words.", Severity.low, "fillers")
            ]
        return []
    if rate <= t.clarity_fillers.good:
        if m.word_count < MIN_WORDS_FOR_PRAISE:
            return []
        return [
            FeedbackItem(
                0.0, FeedbackType.praise, "Hardly any filler words.", Severity.low, "fillers"
            )
        ]
    common = Counter(f.text.strip(",.?!").lower() for f in tags.fillers).most_common(3)
    listed = ", ".join(f'"{text}" x{n}' for text, n in common)
    items = [
        FeedbackItem(
            words[tags.fillers[0].first].start,
            FeedbackType.correction,
            f"{m.filler_count} filler words ({listed}): {m.fillers_per_100_words:.1f} per 100 "
            "words. A silent pause sounds more confident than um.",
            severity_of(t.clarity_fillers.fraction(rate)),
            "fillers",
        )
    ]
    size, within = FILLER_CLUSTER
    starts = [words[f.first].start for f in tags.fillers]
    last_cluster_end = -1.0
    for i in range(len(starts) - size + 1):
        if starts[i + size - 1] - starts[i] <= within and starts[i] > last_cluster_end:
            items.append(
                FeedbackItem(
                    starts[i],
                    FeedbackType.suggestion,
                    f"{size} fillers in {starts[i + size - 1] - starts[i]:.0f} s here: slow "
                    "down and pause instead.",
                    Severity.medium,
                    "fillers",
                )
            )
            last_cluster_end = starts[i + size - 1]
    return items[: 1 + MAX_LOCAL_ITEMS]


def _hedges(words: Sequence[Word], tags: Tags, m: Measures, t: Targets) -> list[FeedbackItem]:
    rate = m.hedges_per_100_words
    if rate is None or rate <= t.confidence_hedges.good or not tags.hedges:
        return []
    common = Counter(h.text.strip(",.?!").lower() for h in tags.hedges).most_common(3)
    listed = ", ".join(f'"{text}" x{n}' for text, n in common)
    return [
        FeedbackItem(
            words[tags.hedges[0].first].start,
            FeedbackType.suggestion,
            f"Hedging ({listed}) makes claims sound unsure: state them plainly.",
            severity_of(t.confidence_hedges.fraction(rate)),
            "hedges",
        )
    ]


def _pauses_and_monologues(
    words: Sequence[Word], tags: Tags, m: Measures, t: Targets
) -> list[FeedbackItem]:
    long_pauses = [p for p in pauses(words, t) if p.duration >= t.long_pause_s]
    items = [
        FeedbackItem(
            p.start,
            FeedbackType.suggestion,
            f"{p.duration:.1f} s of silence: if you lost the thread, a short bridge "
            '("What matters most to you is...") keeps the customer with you.',
            Severity.low,
            "pause",
        )
        for p in long_pauses[:MAX_LOCAL_ITEMS]
    ]
    long_talks: list[Span] = [
        s for s in monologues(words, tags.questions, t) if s.duration > t.monologue_limit_s
    ]
    items += [
        FeedbackItem(
            s.start + t.monologue_limit_s,
            FeedbackType.suggestion,
            f"You talked for {minutes_seconds(s.duration)} without a pause or a question: "
            "check in with the customer.",
            Severity.medium,
            "monologue",
        )
        for s in long_talks[:MAX_LOCAL_ITEMS]
    ]
    if m.question_count == 0 and m.talk_time_s >= MIN_TALK_FOR_QUESTIONS_S:
        items.append(
            FeedbackItem(
                words[-1].end,
                FeedbackType.suggestion,
                "You asked no questions: ask what the customer needs before you pitch.",
                Severity.medium,
                "questions",
            )
        )
    elif m.question_count >= 2:
        items.append(
            FeedbackItem(
                words[tags.questions[0]].end,
                FeedbackType.praise,
                f"You asked {m.question_count} questions: good, keep the customer talking.",
                Severity.low,
                "questions",
            )
        )
    return items


def _voice(m: Measures, clip_times: Sequence[float], t: Targets) -> list[FeedbackItem]:
    items = []
    if m.monotone:
        items.append(
            FeedbackItem(
                0.0,
                FeedbackType.suggestion,
                f"Your pitch hardly varied ({m.pitch_sd_semitones:.1f} semitones): lift your "
                "voice on the benefits that matter.",
                severity_of(t.confidence_monotone.fraction(m.pitch_sd_semitones or 0.0)),
                "pitch",
            )
        )
    elif m.pitch_sd_semitones is not None and m.pitch_sd_semitones >= t.confidence_monotone.good:
        items.append(
            FeedbackItem(
                0.0, FeedbackType.praise, "Lively, varied intonation.", Severity.low, "pitch"
            )
        )
    verdict = None if m.speech_dbfs is None else level_verdict(m.speech_dbfs, t)
    if verdict is LevelVerdict.too_quiet:
        items.append(
            FeedbackItem(
                0.0,
                FeedbackType.correction,
                "You were hard to hear: speak up or move closer to the microphone.",
                Severity.high,
                "volume",
            )
        )
    elif verdict is LevelVerdict.too_loud:
        items.append(
            FeedbackItem(
                0.0,
                FeedbackType.correction,
                "Very loud: move back from the microphone.",
                Severity.medium,
                "volume",
            )
        )
    if m.clipped_percent > t.clipping_percent and clip_times:
        items.append(
            FeedbackItem(
                clip_times[0],
                FeedbackType.correction,
                f"The recording distorted {len(clip_times)} times: move back from the "
                "microphone or lower its gain.",
                severity_of(t.volume_clipping.fraction(m.clipped_percent)),
                "clipping",
            )
        )
    if m.snr_db is not None and m.snr_db < t.low_snr_db:
        items.append(
            FeedbackItem(
                0.0,
                FeedbackType.suggestion,
                f"Background noise is close to your voice ({m.snr_db:.0f} dB apart): find a "
                "quieter spot.",
                Severity.medium,
                "noise",
            )
        )
    return items


def final_feedback(
    words: Sequence[Word],
    tags: Tags,
    measures: Measures,
    clip_times: Sequence[float],
    targets: Targets,
) -> list[FeedbackItem]:
    items = _voice(measures, clip_times, targets)
    if words:
        items += _pace(words, tags, measures, targets)
        items += _fillers(words, tags, measures, targets)
        items += _hedges(words, tags, measures, targets)
        items += _pauses_and_monologues(words, tags, measures, targets)
    return sorted(items, key=lambda item: item.timestamp)
