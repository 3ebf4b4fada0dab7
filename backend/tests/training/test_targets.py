import pytest
from pydantic import ValidationError

from carsales.config import Settings
from carsales.training.targets import targets_from_settings


def test_a_dealership_can_move_the_pace_band_and_the_coaching_limits() -> None:
    targets = targets_from_settings(
        Settings(
            training_pace_low_wpm=130,
            training_pace_high_wpm=150,
            training_pace_flag_low_wpm=100,
            training_pace_flag_high_wpm=170,
            training_monologue_limit_s=60,
            training_live_filler_limit=5,
        )
    )
    assert (targets.pace.low, targets.pace.high) == (130, 150)
    assert targets.pace.flagged(171) and not targets.pace.flagged(165)
    assert targets.pace.score(140) == 100
    assert targets.monologue_limit_s == 60
    assert targets.live_filler_limit == 5


def test_defaults_are_the_documented_band() -> None:
    pace = targets_from_settings(Settings()).pace
    assert (pace.flag_low, pace.low, pace.high, pace.flag_high) == (110, 140, 160, 175)


@pytest.mark.parametrize(
    "values",
    [
        {"training_pace_low_wpm": 170},  # above the high end
        {"training_pace_flag_high_wpm": 150},  # the flag inside the band
        {"training_pace_low_wpm": 160},  # an empty band
    ],
)
def test_a_pace_band_that_cannot_work_is_refused(values: dict[str, float]) -> None:
    with pytest.raises(ValidationError, match="flag_low <= low < high <= flag_high"):
        Settings.model_validate(values)


def test_at_least_one_live_transcription_runs() -> None:
    with pytest.raises(ValidationError, match="training_live_workers"):
        Settings(training_live_workers=0)
