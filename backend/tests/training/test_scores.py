import dataclasses

import pytest

from carsales.training.speech.metrics import Measures
from carsales.training.speech.scores import (
    LevelVerdict,
    compute_captions,
    compute_scores,
    level_verdict,
)
from carsales.training.speech.targets import Band, Ramp, Targets

# A clean, well-paced pitch: every component at its target.
GOOD = Measures(
    duration_s=60.0,
    speech_s=50.0,
    talk_time_s=55.0,
    word_count=137,
    words_per_minute=150.0,
    articulation_rate=4.5,
    filler_count=0,
    hesitation_count=0,
    fillers_per_100_words=0.0,
    fillers_per_minute=0.0,
    weighted_fillers_per_100_words=0.0,
    hesitations_per_100_words=0.0,
    hedge_count=0,
    hedges_per_100_words=0.0,
    pause_count=5,
    longest_pause_s=1.0,
    longest_monologue_s=40.0,
    question_count=2,
    mean_word_probability=0.95,
    pitch_mean_hz=180.0,
    pitch_sd_semitones=4.0,
    monotone=False,
    speech_dbfs=-20.0,
    peak_dbfs=-3.0,
    loudness_lufs=-20.0,
    snr_db=35.0,
    clipped_percent=0.0,
)


def test_ramp_is_linear_between_good_and_bad_in_either_direction() -> None:
    assert [Ramp(1, 5).fraction(x) for x in (0, 1, 3, 5, 9)] == [0, 0, 0.5, 1, 1]
    assert [Ramp(3, 1).fraction(x) for x in (4, 3, 2, 1, 0)] == [0, 0, 0.5, 1, 1]


def test_band_score_is_100_inside_60_at_the_flags_0_beyond_the_margin() -> None:
    band = Targets().pace  # 140-160, flags 110 and 175, margin 30
    assert [band.score(x) for x in (140, 150, 160)] == [100, 100, 100]
    assert band.score(110) == pytest.approx(60) and band.score(175) == pytest.approx(60)
    assert band.score(125) == pytest.approx(80) and band.score(167.5) == pytest.approx(80)
    assert band.score(95) == pytest.approx(30) and band.score(190) == pytest.approx(30)
    assert band.score(80) == 0 and band.score(205) == 0 and band.score(400) == 0
    assert Band(0, 1, -1, 2, 1).flagged(2.5) and not Band(0, 1, -1, 2, 1).flagged(1.5)


def test_a_good_pitch_scores_100_everywhere() -> None:
    scores = compute_scores(GOOD, Targets())
    assert (scores.confidence, scores.clarity, scores.pace, scores.volume) == (100, 100, 100, 100)


def test_confidence_formula() -> None:
    m = dataclasses.replace(
        GOOD,
        hedges_per_100_words=3.0,  # half-way 1 -> 5: 0.5 x 30
        hesitations_per_100_words=6.0,  # at bad: 1.0 x 30
        pitch_sd_semitones=1.5,  # 3 -> 1: 0.75 x 20
        speech_dbfs=-36.0,  # -30 -> -42: 0.5 x 20
    )
    assert compute_scores(m, Targets()).confidence == 100 - 15 - 30 - 15 - 10


def test_clarity_formula() -> None:
    m = dataclasses.replace(
        GOOD,
        weighted_fillers_per_100_words=2.25,  # half-way 0.5 -> 4: 0.5 x 50
        unclear_word_percent=7.0,  # half-way 2 -> 12: 0.5 x 30
        articulation_rate=8.0,  # past 7.5: 1.0 x 20
    )
    assert compute_scores(m, Targets()).clarity == 100 - 25 - 15 - 20


def test_clarity_falls_visibly_with_fillers() -> None:
    """Four times the filler rate (1.4 to 5.6 per 100 words, hesitations) cost 8 points before."""
    few, many = (
        compute_scores(dataclasses.replace(GOOD, weighted_fillers_per_100_words=r), Targets())
        for r in (1.4, 5.6)
    )
    assert few.clarity is not None and many.clarity is not None
    assert few.clarity - many.clarity >= 35


def test_pace_is_the_band_score_of_the_rate() -> None:
    assert compute_scores(dataclasses.replace(GOOD, words_per_minute=190), Targets()).pace == 30


def test_volume_formula() -> None:
    m = dataclasses.replace(
        GOOD,
        speech_dbfs=-29.0,  # half-way from -24 to the -34 flag: level score 80, penalty 0.2 x 50
        level_sd_db=6.0,  # half-way 3 -> 9: 0.5 x 20
        snr_db=16.5,  # half-way 25 -> 8: 0.5 x 15
        clipped_percent=1.0,  # past 0.5 %: 1.0 x 15
    )
    assert compute_scores(m, Targets()).volume == round(100 - 10 - 10 - 7.5 - 15)


def test_volume_uses_its_range_inside_the_old_band() -> None:
    """Every level from -28 to -14 dBFS scored 100 before; now only -24 to -16 does."""
    volume = {
        db: compute_scores(dataclasses.replace(GOOD, speech_dbfs=db), Targets()).volume
        for db in (-28, -24, -20, -16, -14)
    }
    assert volume == {-28: 92, -24: 100, -20: 100, -16: 100, -14: 93}
    shaky = dataclasses.replace(GOOD, level_sd_db=9.0)
    assert compute_scores(shaky, Targets()).volume == 80


def test_captions_say_what_cost_points_in_the_measures_numbers() -> None:
    m = dataclasses.replace(
        GOOD, fillers_per_100_words=5.6, weighted_fillers_per_100_words=5.6, speech_dbfs=-30.0
    )
    captions = compute_captions(m, Targets())
    assert captions.clarity == "Lost 50 to 5.6 fillers per 100 words."
    assert captions.volume.startswith("Lost 12 to a level of -30 dBFS, a little quiet")
    assert captions.pace == "150 words per minute: in the 140-160 band."
    assert compute_captions(GOOD, Targets()).confidence.startswith("Full marks")
    assert level_verdict(-36.0, Targets()) is LevelVerdict.too_quiet


def test_unknown_measures_cost_nothing_and_no_words_means_no_score() -> None:
    unknown_pitch = dataclasses.replace(GOOD, pitch_sd_semitones=None, snr_db=None)
    assert compute_scores(unknown_pitch, Targets()).confidence == 100
    assert compute_scores(unknown_pitch, Targets()).volume == 100
    silent = dataclasses.replace(GOOD, word_count=0, words_per_minute=None, speech_dbfs=None)
    scores = compute_scores(silent, Targets())
    assert (scores.confidence, scores.clarity, scores.pace, scores.volume) == (None,) * 4
