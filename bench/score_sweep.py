"""How each score responds to what it should measure: filler rate, speaking level (and its
steadiness) and pace, swept one at a time over espeak-ng speech through the report's analysis
(Whisper base and the filler pass, as a session report).

    nice -n 10 .venv/bin/python -m bench.score_sweep

A calibrated score uses its range: it falls visibly as its measure leaves the target, and the
others stay put. Figures and what they mean: docs/training-measures.md, Scores.
"""

import argparse
from collections.abc import Iterator

import numpy as np

from bench.speech_common import quiet_logs
from carsales.config import get_settings
from carsales.training.speech.analysis import Report
from carsales.training.speech.audio import SAMPLE_RATE, span_mask
from carsales.training.speech.prosody import FRAME_S, frame_powers, speech_level
from carsales.training.speech.targets import Targets
from carsales.training.speech.tts import synthesize
from carsales.training.speech.vad import detect_speech
from carsales.training.tasks import analyse_speech

SENTENCES = (
    "This sedan gives you a quiet cabin, a smooth ride and excellent fuel economy.",
    "The safety package includes lane keeping and automatic braking as standard.",
    "Most of our customers choose the premium trim because the heated seats make every "
    "commute more pleasant.",
    "If we apply your trade in, the monthly payment drops to where you wanted it.",
    "You also keep the full warranty and the free service plan for two years.",
    "Would you like to take it for a drive today?",
)
FILLER_RATES = (0.0, 2.0, 4.0, 8.0, 12.0)  # hesitations per 100 words
LEVELS = (-40.0, -32.0, -28.0, -24.0, -20.0, -16.0, -12.0)  # speech dBFS
SWINGS = (0.0, 4.0, 8.0)  # dB up and down from one sentence to the next
RATES = (100, 125, 150, 175, 200)  # espeak-ng words per minute
PAUSE_S = 0.6


def with_fillers(rate: float) -> list[str]:
    """The sentences with an "um" every 100/rate words, spread evenly through the text."""
    if rate == 0:
        return list(SENTENCES)
    every, out, count = 100 / rate, [], 0.0
    for sentence in SENTENCES:
        words = []
        for word in sentence.split():
            count += 1
            if count >= every:
                words.append("um,")
                count -= every
            words.append(word)
        out.append(" ".join(words))
    return out


def speak(
    sentences: list[str], wpm: int = 150, gains_db: Iterator[float] | None = None
) -> np.ndarray:
    pause = np.zeros(round(PAUSE_S * SAMPLE_RATE), np.float32)
    parts: list[np.ndarray] = []
    for sentence in sentences:
        gain = 10 ** (next(gains_db) / 20) if gains_db is not None else 1.0
        parts += [synthesize(sentence, wpm) * gain, pause]
    return np.concatenate(parts).astype(np.float32)


def at_level(audio: np.ndarray, target_dbfs: float) -> np.ndarray:
    powers = frame_powers(audio)
    level = speech_level(powers[span_mask(detect_speech(audio), len(powers), FRAME_S)])
    assert level is not None
    return (audio * 10 ** ((target_dbfs - level) / 20)).astype(np.float32)


def alternating(swing: float) -> Iterator[float]:
    while True:
        yield swing
        yield -swing


def row(label: str, report: Report) -> str:
    m, s = report.measures, report.scores

    def fmt(value: float | None, spec: str) -> str:
        return "-" if value is None else format(value, spec)

    return (
        f"{label:<22} {fmt(m.fillers_per_100_words, '6.1f')} {fmt(m.speech_dbfs, '7.1f')} "
        f"{fmt(m.level_sd_db, '6.1f')} {fmt(m.words_per_minute, '5.0f')} "
        f"{fmt(m.unclear_word_percent, '6.1f')} | {fmt(s.confidence, '4')} {fmt(s.clarity, '4')} "
        f"{fmt(s.pace, '4')} {fmt(s.volume, '4')}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="base", choices=["base", "tiny.en"])
    args = parser.parse_args()
    quiet_logs()
    directory = get_settings().model_dir
    assert directory is not None
    targets = Targets()

    def report(audio: np.ndarray) -> Report:
        return analyse_speech(audio, args.model, directory, targets)

    print(
        f"{'sweep':<22} {'fill/100':>6} {'dBFS':>7} {'lvlSD':>6} {'wpm':>5} {'unclr%':>6} | "
        "conf clar pace vol"
    )
    plain = speak(list(SENTENCES))
    for rate in FILLER_RATES:
        print(row(f"fillers {rate:g}/100 words", report(at_level(speak(with_fillers(rate)), -20))))
    for level in LEVELS:
        print(row(f"level {level:g} dBFS", report(at_level(plain, level))))
    for swing in SWINGS:
        audio = at_level(speak(list(SENTENCES), gains_db=alternating(swing)), -20)
        print(row(f"level swings +-{swing:g} dB", report(audio)))
    for wpm in RATES:
        print(row(f"pace espeak {wpm} wpm", report(at_level(speak(list(SENTENCES), wpm), -20))))


if __name__ == "__main__":
    main()
