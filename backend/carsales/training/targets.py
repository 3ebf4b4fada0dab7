"""The coaching targets a deployment configured (Settings), for the live and final analysis."""

from dataclasses import replace

from carsales.config import Settings
from carsales.training.speech.targets import Band, Targets


def targets_from_settings(settings: Settings) -> Targets:
    defaults = Targets()
    return replace(
        defaults,
        pace=Band(
            low=settings.training_pace_low_wpm,
            high=settings.training_pace_high_wpm,
            flag_low=settings.training_pace_flag_low_wpm,
            flag_high=settings.training_pace_flag_high_wpm,
            zero_margin=defaults.pace.zero_margin,
        ),
        monologue_limit_s=settings.training_monologue_limit_s,
        live_filler_limit=settings.training_live_filler_limit,
    )
