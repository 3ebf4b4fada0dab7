import pytest

from carsales.training.speech.lexicon import tag
from carsales.training.speech.metrics import (
    compute_measures,
    monologues,
    pace_windows,
    speaking_rate,
    talk_time,
)
from carsales.training.speech.prosody import Acoustics
from carsales.training.speech.targets import Targets
from carsales.training.speech.words import Span, Word
from tests.training.conftest import MakeWords

SILENT_ACOUSTICS = Acoustics(None, None, None, None, None, None, 0.0, [])


def test_talk_time_caps_each_silence_at_the_turn_pause(make_words: MakeWords) -> None:
    words = make_words("one two") + make_words("three four", start=10.0)
    # 0.0-0.7 talk, a 9.3 s silence counted as 2 s, then 10.0-10.7.
    assert talk_time(words, turn_pause_s=2.0) == pytest.approx(0.7 + 2.0 + 0.7)


def test_speaking_rate_counts_spoken_words_without_fillers(make_words: MakeWords) -> None:
    words = make_words("the price is um 1455 dollars", step=0.5, length=0.5)  # 3 s of talk
    fillers = [False, False, False, True, False, False]
    # the price is fourteen fifty five dollars = 7 words in 3 s = 140 wpm
    assert speaking_rate(words, fillers, Targets()) == pytest.approx(140)


def test_speaking_rate_needs_enough_talk(make_words: MakeWords) -> None:
    assert speaking_rate(make_words("hi there"), [False, False], Targets()) is None
    words = make_words("a b c d", step=0.1, length=0.1)
    assert speaking_rate(words, [False] * 4, Targets()) is None  # 0.4 s of talk
    assert speaking_rate(words, [False] * 4, Targets(), min_talk_s=0.2) == pytest.approx(600)


def test_monologues_end_at_a_long_silence_or_a_question(make_words: MakeWords) -> None:
    words = (
        make_words("what is your budget?")
        + make_words("we have three trims", start=2.0)
        + make_words("the top one", start=6.0)
    )
    spans = monologues(words, tag(words).questions, Targets())
    ends = [0.0, 1.5, 2.0, 3.5, 6.0, 6.0 + 2 * 0.4 + 0.3]
    assert [t for s in spans for t in (s.start, s.end)] == pytest.approx(ends)


def test_pace_windows_slide_over_the_talk(make_words: MakeWords) -> None:
    words = make_words(" ".join(["word"] * 150), step=0.4, length=0.3)  # 150 wpm for 60 s
    windows = pace_windows(words, [False] * len(words), Targets())
    # The windows the live coach sees, every 5 s, each judged on 10 s of talk or more.
    assert [w[0].start for w in windows] == [0, 5, 10, 15, 20, 25, 30]
    assert all(rate == pytest.approx(150, rel=0.03) for _, rate in windows[:6])


def test_measures_on_a_hand_made_pitch(make_words: MakeWords) -> None:
    text = "So, um, this car is, like, great. I think you'll love it. Any questions?"
    words = [*make_words(text, step=0.5), Word(" Great.", 10.0, 10.4, 0.5)]
    speech = [Span(0.0, 6.8), Span(10.0, 10.4)]
    m = compute_measures(words, tag(words), speech, 12.0, SILENT_ACOUSTICS, Targets())
    assert m.word_count == 12  # 15 words less So, um, like
    assert (m.filler_count, m.hesitation_count, m.hedge_count, m.question_count) == (3, 1, 1, 1)
    assert m.fillers_per_100_words == pytest.approx(25.0)
    assert m.weighted_fillers_per_100_words == pytest.approx(100 * (1 + 0.5 + 0.5) / 12)
    assert m.talk_time_s == pytest.approx(6.8 + 2.0 + 0.4)  # the 3.2 s gap counts as 2 s
    assert m.words_per_minute == pytest.approx(12 / m.talk_time_s * 60)
    assert m.pause_count == 1
    assert m.longest_pause_s == pytest.approx(3.2)
    assert m.longest_monologue_s == pytest.approx(6.8)  # up to the question
    assert m.speech_s == pytest.approx(7.2)
    assert m.mean_word_probability == pytest.approx((14 * 0.95 + 0.5) / 15)
    # 14 syllables over the talk time less the pause (counted up to the 2 s turn pause)
    assert m.articulation_rate == pytest.approx(14 / (9.2 - 2.0))
    assert m.monotone is None


def test_measures_of_silence() -> None:
    m = compute_measures([], tag([]), [], 5.0, SILENT_ACOUSTICS, Targets())
    assert (m.word_count, m.words_per_minute, m.fillers_per_100_words) == (0, None, None)
    assert (m.longest_pause_s, m.longest_monologue_s) == (0.0, 0.0)
