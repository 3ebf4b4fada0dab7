"""Every threshold the measures, scores and feedback use, in one place so that a dealership can
tune its coaching. The defaults and their meaning are documented in docs/training-measures.md."""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Ramp:
    """A penalty fraction: 0 at `good`, growing linearly to 1 at `bad` (in either direction)."""

    good: float
    bad: float

    def fraction(self, value: float) -> float:
        position = (value - self.good) / (self.bad - self.good)
        return min(1.0, max(0.0, position))


@dataclass(frozen=True, slots=True)
class Band:
    """A target band with flag limits outside it. Scored 100 inside the band, falling linearly to
    60 at a flag limit and to 0 at `zero_margin` beyond it."""

    low: float
    high: float
    flag_low: float
    flag_high: float
    zero_margin: float

    def score(self, value: float) -> float:
        if self.low <= value <= self.high:
            return 100.0
        if value < self.low:
            outside, to_flag = self.low - value, self.low - self.flag_low
        else:
            outside, to_flag = value - self.high, self.flag_high - self.high
        if outside <= to_flag:
            return 100.0 - 40.0 * outside / to_flag
        return max(0.0, 60.0 - 60.0 * (outside - to_flag) / self.zero_margin)

    def flagged(self, value: float) -> bool:
        return value < self.flag_low or value > self.flag_high


@dataclass(frozen=True, slots=True)
class Targets:
    # Pace, in spoken words per minute of talk time.
    pace: Band = field(default_factory=lambda: Band(140, 160, 110, 175, 30))
    # Local pace, one definition live and in the report: the words whose middle lies in a window
    # of `pace_window_s`. A reading needs `pace_reading_min_talk_s` of talk in it (the live
    # gauge from the first seconds); judging it (a nudge live, a local item in the report)
    # needs `pace_judge_min_talk_s`, so that three seconds of a slow start are not "too slow".
    pace_window_s: float = 30.0
    pace_reading_min_talk_s: float = 2.0
    pace_judge_min_talk_s: float = 10.0
    # Silences between words: from `pause_min_s` a gap is a pause; from `turn_pause_s` it hands
    # the turn over (ends a monologue) and counts only up to that length in talk time.
    pause_min_s: float = 0.5
    turn_pause_s: float = 2.0
    long_pause_s: float = 3.0
    monologue_limit_s: float = 90.0
    # Fewer words or less talk than this and no rate is given: a rate over two words is noise.
    min_rate_words: int = 3
    min_rate_talk_s: float = 1.0
    # Filler weights: hesitations ("um", "uh") cost more than discourse fillers ("like", "so").
    hesitation_weight: float = 1.0
    discourse_filler_weight: float = 0.5
    # Pitch variation (standard deviation in semitones) below which speech sounds monotone.
    monotone_semitones: float = 2.0
    # Speech level (RMS over voice-active audio, dBFS): see `volume_level` below, whose flags
    # are where "too quiet" and "too loud" begin, live and in the report.
    low_snr_db: float = 15.0
    clipping_percent: float = 0.1
    # Score components; see docs/training-measures.md for the formulas.
    confidence_hedges: Ramp = field(default_factory=lambda: Ramp(1.0, 5.0))
    confidence_hesitations: Ramp = field(default_factory=lambda: Ramp(1.0, 6.0))
    confidence_monotone: Ramp = field(default_factory=lambda: Ramp(3.0, 1.0))
    confidence_quiet: Ramp = field(default_factory=lambda: Ramp(-30.0, -42.0))
    clarity_fillers: Ramp = field(default_factory=lambda: Ramp(0.5, 4.0))
    # A word is unclear below this recognition probability; the ramp is on their percentage.
    unclear_word_probability: float = 0.5
    clarity_unclear: Ramp = field(default_factory=lambda: Ramp(2.0, 12.0))
    clarity_articulation: Ramp = field(default_factory=lambda: Ramp(5.5, 7.5))
    # The speaking level the volume score and the live meter judge alike: 100 inside the band,
    # 60 at its flags ("a little quiet" / "a little loud" in between, "too quiet" past).
    volume_level: Band = field(default_factory=lambda: Band(-24, -16, -34, -10, 8))
    # Steadiness: SD of the speech level per second (dB); a voice that trails off varies.
    volume_steadiness: Ramp = field(default_factory=lambda: Ramp(3.0, 9.0))
    volume_snr: Ramp = field(default_factory=lambda: Ramp(25.0, 8.0))
    volume_clipping: Ramp = field(default_factory=lambda: Ramp(0.01, 0.5))
    # Live coaching: how often the speaker may be interrupted.
    live_filler_limit: int = 3  # fillers in the last minute
    live_rule_cooldown_s: float = 30.0  # the same rule again
    live_min_gap_s: float = 8.0  # any two items
