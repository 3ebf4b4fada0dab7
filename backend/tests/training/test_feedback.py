import dataclasses

import pytest

from carsales.training.speech.feedback import (
    FeedbackItem,
    FeedbackType,
    Severity,
    final_feedback,
    severity_of,
)
from carsales.training.speech.lexicon import tag
from carsales.training.speech.metrics import compute_measures
from carsales.training.speech.prosody import Acoustics
from carsales.training.speech.targets import Targets
from carsales.training.speech.words import Span, Word
from tests.training.conftest import MakeWords

CLEAN = Acoustics(150.0, 4.0, -20.0, -3.0, -20.0, 40.0, 0.0, [])


def feedback(words: list[Word], acoustics: Acoustics = CLEAN) -> list[FeedbackItem]:
    tags = tag(words)
    speech = [Span(words[0].start, words[-1].end)] if words else []
    m = compute_measures(words, tags, speech, 100.0, acoustics, Targets())
    return final_feedback(words, tags, m, acoustics.clip_times, Targets())


def by_rule(items: list[FeedbackItem], rule: str) -> list[FeedbackItem]:
    return [i for i in items if i.rule == rule]


def test_severity_follows_the_penalty_ramp() -> None:
    assert [severity_of(f) for f in (0.0, 0.4, 0.9)] == [
        Severity.low,
        Severity.medium,
        Severity.high,
    ]


def test_good_pace_is_praised(make_words: MakeWords) -> None:
    words = make_words(" ".join(["car"] * 75), step=0.4, length=0.4)  # 150 wpm over 30 s
    (item,) = by_rule(feedback(words), "pace")
    assert item.type is FeedbackType.praise and "150" in item.message


@pytest.mark.parametrize(
    ("step", "severity", "says"),
    [(0.32, Severity.medium, "Slow down"), (0.8, Severity.high, "Pick up")],
)
def test_pace_past_a_flag_is_a_correction(
    make_words: MakeWords, step: float, severity: Severity, says: str
) -> None:
    words = make_words(" ".join(["car"] * 60), step=step, length=step * 0.8)
    item = by_rule(feedback(words), "pace")[0]
    assert (item.type, item.severity, item.timestamp) == (FeedbackType.correction, severity, 0.0)
    assert item.message.startswith(says)


def test_a_local_rush_gets_its_own_timestamp(make_words: MakeWords) -> None:
    calm = make_words(" ".join(["car"] * 150), step=0.4)  # 0-60 s at 150 wpm
    rushed = make_words(" ".join(["car"] * 60), start=60.0, step=0.3)  # then 200 wpm for 18 s
    overall, *local = by_rule(feedback(calm + rushed), "pace")
    assert overall.type is not FeedbackType.correction  # 161 wpm overall: not past a flag
    assert len(local) == 1 and 40.0 <= local[0].timestamp <= 60.0
    assert local[0].type is FeedbackType.suggestion and "Slow down" in local[0].message


def test_fillers_are_corrected_at_the_first_and_clusters_flagged(make_words: MakeWords) -> None:
    words = make_words(
        "The price is um fair and uh the um trim is uh nice " + "car " * 30, start=5.0
    )
    items = by_rule(feedback(words), "fillers")
    assert items[0].type is FeedbackType.correction
    assert items[0].timestamp == pytest.approx(5.0 + 3 * 0.4)
    assert '"um" x2' in items[0].message and '"uh" x2' in items[0].message
    clusters = [i for i in items if i.type is FeedbackType.suggestion]
    assert len(clusters) == 1 and clusters[0].timestamp == items[0].timestamp


def test_no_fillers_in_a_long_pitch_is_praised(make_words: MakeWords) -> None:
    (item,) = by_rule(feedback(make_words("car " * 60)), "fillers")
    assert item.type is FeedbackType.praise


def test_monologue_long_pause_and_no_questions(make_words: MakeWords) -> None:
    talk = make_words("car " * 250, step=0.4)  # 0-100 s without a question
    later = make_words("so what do you think", start=talk[-1].end + 4.0)
    items = feedback(talk + later)
    (monologue,) = by_rule(items, "monologue")
    assert monologue.timestamp == pytest.approx(90.0)
    (pause,) = by_rule(items, "pause")
    assert pause.timestamp == pytest.approx(talk[-1].end) and "4.0 s" in pause.message
    (questions,) = by_rule(items, "questions")
    assert questions.type is FeedbackType.suggestion and "no questions" in questions.message


def test_voice_problems(make_words: MakeWords) -> None:
    words = make_words("car " * 20)
    noisy = dataclasses.replace(
        CLEAN,
        pitch_sd_semitones=1.2,
        speech_dbfs=-45.0,
        snr_db=9.0,
        clipped_percent=0.3,
        clip_times=[3.5, 7.0],
    )
    items = feedback(words, noisy)
    assert {i.rule for i in items} >= {"pitch", "volume", "noise", "clipping"}
    (clip,) = by_rule(items, "clipping")
    assert clip.timestamp == 3.5 and clip.type is FeedbackType.correction
    assert by_rule(items, "volume")[0].severity is Severity.high
    assert items == sorted(items, key=lambda i: i.timestamp)
