import dataclasses

import numpy as np
import pytest

from carsales.training.speech.analysis import analyze
from carsales.training.speech.asr import WhisperTranscriber
from carsales.training.speech.audio import SAMPLE_RATE
from carsales.training.speech.feedback import FeedbackType
from carsales.training.speech.live import LiveAnalyzer, LiveCoach, LiveMetrics
from carsales.training.speech.replay import replay_live
from carsales.training.speech.scores import LevelVerdict, level_verdict
from carsales.training.speech.targets import Targets
from carsales.training.speech.tts import synthesize
from carsales.training.speech.words import Word
from tests.training.conftest import MakeWords, tone


def feed(live: LiveAnalyzer, seconds: float, speaking: bool, level: float = 0.0) -> None:
    """`seconds` of audio in 0.1 s chunks: silence, or a tone at `level`."""
    for _ in range(round(seconds * 10)):
        chunk = tone(200, 0.1, level) if level else np.zeros(SAMPLE_RATE // 10, np.float32)
        live.add_audio(chunk, speaking)


def test_level_meter_and_clipping_window() -> None:
    live = LiveAnalyzer()
    feed(live, 1.0, True, level=0.1)
    m = live.metrics()
    assert m.level_dbfs == pytest.approx(20 * np.log10(0.1 / np.sqrt(2)), abs=0.2)
    assert m.speech_dbfs == pytest.approx(m.level_dbfs, abs=0.2) and m.speaking
    live.add_audio(np.clip(tone(200, 0.1, 4.0), -1, 1), True)
    assert live.metrics().clipping_events == 1
    feed(live, 11.0, False)
    m = live.metrics()
    assert (m.clipping_events, m.level_dbfs, m.speaking) == (0, None, False)


def test_rolling_pace_counts_the_last_30_seconds(make_words: MakeWords) -> None:
    live = LiveAnalyzer()
    feed(live, 20.0, True)
    live.add_words(make_words(" ".join(["car"] * 40), step=0.5, length=0.5))  # 0-20 s: 120 wpm
    feed(live, 20.0, True)
    live.add_words(make_words(" ".join(["car"] * 60), start=20.0, step=1 / 3, length=1 / 3))
    # the last 30 s: 20 words at 120 wpm and 60 at 180 wpm = 80 words in 30 s
    assert live.metrics().words_per_minute == pytest.approx(160, rel=0.02)


def test_fillers_in_the_last_minute(make_words: MakeWords) -> None:
    live = LiveAnalyzer()
    feed(live, 10.0, True)
    live.add_words(make_words("So, um, the car is uh great um right", step=1.0))
    feed(live, 20.0, True)
    assert live.metrics().fillers_last_minute == 4  # "So," opening with a hesitation counts
    feed(live, 60.0, False)
    assert live.metrics().fillers_last_minute == 0


def test_like_keeps_its_context_across_segments(make_words: MakeWords) -> None:
    live = LiveAnalyzer()
    feed(live, 5.0, True)
    live.add_words(make_words("I'd"))
    live.add_words(make_words("like, a quote", start=0.4))
    assert live.metrics().fillers_last_minute == 0


def test_monologue_grows_while_talking_and_ends_at_a_question_or_silence(
    make_words: MakeWords,
) -> None:
    live = LiveAnalyzer()
    feed(live, 1.0, False)
    feed(live, 95.0, True)
    assert live.metrics().monologue_s == pytest.approx(95.0)
    live.add_words(make_words("does that sound good?", start=92.0))  # asked by 93.5 s
    assert live.metrics().monologue_s == pytest.approx(96.0 - 93.5)
    feed(live, 2.0, False)
    assert live.metrics().monologue_s == 0.0
    feed(live, 1.0, True)
    assert live.metrics().monologue_s == pytest.approx(1.0)


def metrics(**changes: object) -> LiveMetrics:
    quiet = LiveMetrics(0.0, True, 150.0, 0, 10.0, -20.0, -20.0, 0, pace_talk_s=20.0)
    return dataclasses.replace(quiet, **changes)  # type: ignore[arg-type]


def test_coach_rate_limits_each_rule_and_all_items() -> None:
    coach = LiveCoach()
    assert coach.check(metrics(time_s=5.0)) == []
    (fast,) = coach.check(metrics(time_s=10.0, words_per_minute=190.0))
    assert fast.type is FeedbackType.correction and "190" in fast.message and fast.timestamp == 10.0
    # still too fast, and now 3 fillers too: nothing within 8 s of the last item ...
    assert coach.check(metrics(time_s=15.0, words_per_minute=190.0, fillers_last_minute=3)) == []
    # ... then the filler rule, since pace is cooling down for 30 s
    (fillers,) = coach.check(metrics(time_s=18.0, words_per_minute=190.0, fillers_last_minute=3))
    assert fillers.rule == "fillers" and fillers.message.startswith("3 fillers")
    assert coach.check(metrics(time_s=30.0, words_per_minute=190.0, fillers_last_minute=3)) == []
    (again,) = coach.check(metrics(time_s=40.0, words_per_minute=190.0, fillers_last_minute=3))
    assert again.rule == "pace"


def test_coach_monologue_and_volume_rules() -> None:
    (item,) = LiveCoach().check(metrics(time_s=100.0, monologue_s=91.0))
    assert item.message == "You have been talking for 91 s: ask a question."
    (loud,) = LiveCoach().check(metrics(time_s=100.0, clipping_events=2, monologue_s=91.0))
    assert loud.rule == "clipping"  # the most urgent rule first
    (quiet,) = LiveCoach().check(metrics(speech_dbfs=-48.0))
    assert quiet.rule == "volume"


def test_pace_is_read_from_3_s_of_talk_and_judged_from_10() -> None:
    coach = LiveCoach()
    early = metrics(time_s=10.0, words_per_minute=90.0, pace_talk_s=4.0)
    assert coach.check(early) == []  # shown on the gauge, not yet worth a nudge
    (slow,) = coach.check(metrics(time_s=12.0, words_per_minute=90.0, pace_talk_s=10.0))
    assert slow.rule == "pace" and "90" in slow.message
    live = LiveAnalyzer()
    feed(live, 3.5, True)
    live.add_words(make_words_at(" ".join(["car"] * 8), step=0.4))  # 3.2 s of talk
    m = live.metrics()
    assert m.words_per_minute == pytest.approx(8 / 3.1 * 60, rel=0.01) and m.pace_talk_s < 10


def make_words_at(text: str, step: float) -> list[Word]:
    return [Word(f" {w}", i * step, i * step + step - 0.1, 0.9) for i, w in enumerate(text.split())]


SENTENCES = [
    "This sedan gives you a quiet cabin and excellent fuel economy.",
    "The safety package includes lane keeping as standard.",
    "Most of our customers choose the premium trim.",
    "Would you like to take it for a drive today?",
]


def test_live_and_final_agree_on_pace_and_level(
    espeak: None, whisper_base: WhisperTranscriber, whisper_tiny_live: WhisperTranscriber
) -> None:
    """The live pipeline over a recording (replay.py) ends where the report starts: its last
    window holds the whole talk, so its pace and level verdict must be the report's."""
    pause = np.zeros(round(1.2 * SAMPLE_RATE), np.float32)
    audio = np.concatenate([part for s in SENTENCES for part in (synthesize(s, 165), pause)])
    audio *= 0.3  # a quieter microphone: about -31 dBFS, "a little quiet"
    report = analyze(audio, whisper_base)
    replay = replay_live(audio, whisper_tiny_live)
    last, targets = replay.metrics[-1], Targets()
    assert report.measures.words_per_minute is not None and last.words_per_minute is not None
    assert last.words_per_minute == pytest.approx(report.measures.words_per_minute, rel=0.08)
    assert report.measures.speech_dbfs is not None and last.speech_dbfs is not None
    verdict = level_verdict(report.measures.speech_dbfs, targets)
    assert verdict is level_verdict(last.speech_dbfs, targets) is LevelVerdict.a_little_quiet
    assert report.captions is not None and str(verdict) in report.captions.volume
    # A pace reading within the first seconds of speech, not after 10 s of talk.
    first = next(m.time_s for m in replay.metrics if m.words_per_minute is not None)
    assert first < 6.5
    # No nudge contradicts the report: a live pace item only if the report's pace is off too.
    if any(item.rule == "pace" for item in replay.feedback):
        assert report.scores.pace is not None and report.scores.pace < 100
