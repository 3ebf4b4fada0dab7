"""Rolling measures while the salesperson speaks, and the live coaching built on them.

Pure and incremental: the real-time layer feeds audio chunks (with the VAD's speaking flag from
`vad.StreamingSegmenter`) and the words of each transcribed segment as they arrive, and asks for
`metrics()` and `LiveCoach.check()` whenever it wants to push an update. Time is audio time
(seconds of audio received), so the results do not depend on network jitter or machine load.
The measures reuse the final report's definitions (metrics.py) over recent windows."""

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from carsales.training.speech.audio import SAMPLE_RATE
from carsales.training.speech.feedback import (
    FeedbackItem,
    FeedbackType,
    Severity,
    pace_message,
)
from carsales.training.speech.lexicon import tag
from carsales.training.speech.metrics import window_rate
from carsales.training.speech.prosody import FRAME_S, clipping, frame_powers, speech_level
from carsales.training.speech.scores import LevelVerdict, level_verdict
from carsales.training.speech.targets import Targets
from carsales.training.speech.words import Word

LEVEL_WINDOW_S = 0.3  # the level meter
SPEECH_LEVEL_WINDOW_S = 10.0  # "too quiet" judges the voice over this long
CLIP_WINDOW_S = 10.0
FILLER_WINDOW_S = 60.0
# Words kept as context for the filler rules ("like" after "I'd" is no filler).
CONTEXT_WORDS = 3


@dataclass(frozen=True, slots=True)
class LiveMetrics:
    time_s: float
    speaking: bool
    # Over the last `pace_window_s` (metrics.window_rate, as the report's timeline), from
    # `pace_reading_min_talk_s` of talk in it.
    words_per_minute: float | None
    fillers_last_minute: int
    monologue_s: float  # length of the monologue in progress, 0 when the turn was handed over
    level_dbfs: float | None  # the last 0.3 s, for the level meter
    speech_dbfs: float | None  # voice-active audio in the last 10 s
    clipping_events: int  # in the last 10 s
    pace_talk_s: float = 0.0  # talk time behind `words_per_minute`: judged from 10 s


@dataclass(frozen=True, slots=True)
class _LiveWord:
    word: Word
    filler: bool  # part of a filler
    filler_start: bool  # first word of a filler ("you" of "you know")


def _db(power: float) -> float | None:
    return 10 * float(np.log10(power)) if power > 0 else None


class LiveAnalyzer:
    def __init__(self, targets: Targets | None = None) -> None:
        self.targets = targets or Targets()
        self._frame = int(FRAME_S * SAMPLE_RATE)
        self._carry = np.zeros(0, dtype=np.float32)
        self._samples = 0
        # (end time, power, speaking) per 50 ms frame, for the last SPEECH_LEVEL_WINDOW_S.
        self._frames: deque[tuple[float, float, bool]] = deque()
        self._clips: deque[float] = deque()
        self._words: deque[_LiveWord] = deque()
        self._talk_start: float | None = None
        self._last_speech = float("-inf")
        self._speaking = False

    @property
    def time_s(self) -> float:
        return self._samples / SAMPLE_RATE

    def add_audio(self, samples: np.ndarray, speaking: bool) -> None:
        start = self.time_s
        self._samples += len(samples)
        end = self.time_s
        _, clip_times = clipping(samples)
        self._clips.extend(start + t for t in clip_times)
        data = np.concatenate([self._carry, samples.astype(np.float32)])
        whole = len(data) - len(data) % self._frame
        self._carry = data[whole:]
        powers = frame_powers(data[:whole])
        first_end = end - len(self._carry) / SAMPLE_RATE - (len(powers) - 1) * FRAME_S
        self._frames.extend(
            (first_end + i * FRAME_S, float(p), speaking) for i, p in enumerate(powers)
        )
        if speaking:
            if self._talk_start is None or start - self._last_speech >= self.targets.turn_pause_s:
                self._talk_start = start
            self._last_speech = end
        self._speaking = speaking
        self._forget()

    def add_words(self, words: Sequence[Word]) -> None:
        """The words of one finished segment, in order, with session timestamps."""
        context = [w.word for w in list(self._words)[-CONTEXT_WORDS:]]
        tagged = [*context, *words]
        tags = tag(tagged)
        offset = len(context)
        fillers = tags.filler_mask(len(tagged))
        starts = {f.first for f in tags.fillers}
        self._words.extend(
            _LiveWord(w, fillers[offset + i], offset + i in starts) for i, w in enumerate(words)
        )
        for i in tags.questions:
            asked_at = tagged[i].end
            # A question hands the turn over: talk after it is a new monologue.
            if i >= offset and self._talk_start is not None and asked_at > self._talk_start:
                self._talk_start = asked_at if self._last_speech > asked_at else None
        self._forget()

    def _forget(self) -> None:
        now = self.time_s
        while self._frames and self._frames[0][0] < now - SPEECH_LEVEL_WINDOW_S:
            self._frames.popleft()
        while self._clips and self._clips[0] < now - CLIP_WINDOW_S:
            self._clips.popleft()
        keep = max(FILLER_WINDOW_S, self.targets.pace_window_s)
        while self._words and self._words[0].word.end < now - keep:
            self._words.popleft()

    def metrics(self) -> LiveMetrics:
        now, t = self.time_s, self.targets
        rate, pace_talk = window_rate(
            [w.word for w in self._words], [w.filler for w in self._words], now, t
        )
        level = [p for end, p, _ in self._frames if end > now - LEVEL_WINDOW_S]
        voiced = [p for _, p, speaking in self._frames if speaking]
        monologue = 0.0
        if self._talk_start is not None and now - self._last_speech < t.turn_pause_s:
            monologue = self._last_speech - self._talk_start
        return LiveMetrics(
            time_s=now,
            speaking=self._speaking,
            words_per_minute=rate,
            fillers_last_minute=sum(
                1 for w in self._words if w.filler_start and w.word.start >= now - FILLER_WINDOW_S
            ),
            monologue_s=monologue,
            level_dbfs=_db(float(np.mean(level))) if level else None,
            speech_dbfs=speech_level(np.array(voiced)),
            clipping_events=len(self._clips),
            pace_talk_s=pace_talk,
        )


class LiveCoach:
    """Turns rolling measures into at most one feedback item at a time: each rule waits
    `live_rule_cooldown_s` before it speaks again, and any two items are `live_min_gap_s` apart,
    so the speaker is nudged, not buried. Rules are tried in order of urgency."""

    def __init__(self, targets: Targets | None = None) -> None:
        self.targets = targets or Targets()
        self._last_by_rule: dict[str, float] = {}
        self._last_any = float("-inf")

    def _candidates(self, m: LiveMetrics) -> list[tuple[str, FeedbackType, Severity, str]]:
        t = self.targets
        found = []
        if m.clipping_events:
            found.append(
                (
                    "clipping",
                    FeedbackType.correction,
                    Severity.medium,
                    "Too loud: the microphone is distorting. Move back a little.",
                )
            )
        quiet = (
            m.speech_dbfs is not None and level_verdict(m.speech_dbfs, t) is LevelVerdict.too_quiet
        )
        if m.speaking and quiet:
            found.append(
                (
                    "volume",
                    FeedbackType.correction,
                    Severity.high,
                    "Speak up: you are hard to hear.",
                )
            )
        # Judged only on as much talk as the report's local pace items (pace_windows) need.
        judged = m.words_per_minute is not None and m.pace_talk_s >= t.pace_judge_min_talk_s
        if judged and m.words_per_minute is not None and t.pace.flagged(m.words_per_minute):
            message = pace_message(m.words_per_minute, t)
            if message:
                kind, severity, text = message
                found.append(("pace", kind, severity, text))
        if m.fillers_last_minute >= t.live_filler_limit:
            found.append(
                (
                    "fillers",
                    FeedbackType.suggestion,
                    Severity.medium,
                    f"{m.fillers_last_minute} fillers in the last minute: pause instead of um.",
                )
            )
        if m.monologue_s >= t.monologue_limit_s:
            found.append(
                (
                    "monologue",
                    FeedbackType.suggestion,
                    Severity.medium,
                    f"You have been talking for {m.monologue_s:.0f} s: ask a question.",
                )
            )
        return found

    def check(self, m: LiveMetrics) -> list[FeedbackItem]:
        t = self.targets
        if m.time_s - self._last_any < t.live_min_gap_s:
            return []
        for rule, kind, severity, message in self._candidates(m):
            if m.time_s - self._last_by_rule.get(rule, float("-inf")) >= t.live_rule_cooldown_s:
                self._last_by_rule[rule] = self._last_any = m.time_s
                return [FeedbackItem(m.time_s, kind, message, severity, rule)]
        return []
