"""Pace accuracy: speech synthesised by espeak-ng at known rates, measured by the full analysis.

    nice -n 10 .venv/bin/python -m bench.pace

The truth is the number of words in the text over the *audible span* of the synthesised audio
(first to last sample above 1 % of full scale). That is what the pace measure estimates: talk
time runs from the first word's start to the last word's end, so silence before and after the
speech is in neither. espeak-ng's `-s` setting is shown too: its real rate runs a few percent
faster. Words over the whole file's duration (leading and trailing silence included) is shown
for comparison; it is not the truth the measure aims at.
"""

import argparse

import numpy as np

from bench.speech_common import add_model_options, percent, quiet_logs, transcriber
from carsales.training.speech.analysis import analyze
from carsales.training.speech.audio import SAMPLE_RATE
from carsales.training.speech.tts import synthesize

TEXTS = (
    "This sedan gives you a quiet cabin, a smooth ride and excellent fuel economy. The safety "
    "package includes lane keeping and automatic braking as standard. Most of our customers "
    "choose the premium trim because the heated seats and the larger screen make every commute "
    "more pleasant. Would you like to take it for a drive today?",
    "I understand that the monthly payment matters most to you. If we extend the term a little "
    "and apply your trade in, the payment drops to where you wanted it. You also keep the full "
    "warranty and the free service plan for the first two years. Does that work for your budget?",
    "Let me show you the cargo space. With the rear seats folded flat there is room for a "
    "bicycle, camping gear or a week of groceries for the whole family. The tailgate opens "
    "hands free when you carry bags, and it closes by itself when you walk away. Shall we load "
    "your stroller and see how it fits?",
)
RATES = (110, 150, 190)
VOICES = ("en-us", "en")
AUDIBLE = 0.01


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_model_options(parser, ["base", "tiny.en"])
    args = parser.parse_args()
    quiet_logs()
    print(
        f"{'model':<8} {'voice':<6} {'-s':>4} {'text':>4} {'truth':>6} {'whole':>6} "
        f"{'measured':>8} {'error':>8}"
    )
    for model in args.models:
        asr = transcriber(model, args.threads)
        errors = []
        for voice in VOICES:
            for rate in RATES:
                for number, text in enumerate(TEXTS, 1):
                    audio = synthesize(text, rate, voice)
                    audible = np.flatnonzero(np.abs(audio) > AUDIBLE)
                    words = len(text.split())
                    truth = 60 * words / ((audible[-1] - audible[0]) / SAMPLE_RATE)
                    whole = 60 * words / (len(audio) / SAMPLE_RATE)
                    measured = analyze(audio, asr).measures.words_per_minute or 0.0
                    errors.append(measured / truth - 1)
                    print(
                        f"{model:<8} {voice:<6} {rate:>4} {number:>4} {truth:6.1f} {whole:6.1f} "
                        f"{measured:8.1f} {percent(errors[-1]):>8}"
                    )
        worst = max(errors, key=abs)
        within = sum(abs(e) <= 0.10 for e in errors)
        mean, spread = float(np.mean(errors)), float(np.mean(np.abs(errors)))
        print(
            f"{model}: {within}/{len(errors)} within 10 %, mean error {percent(mean)}, "
            f"mean |error| {percent(spread)}, worst {percent(worst)}\n"
        )


if __name__ == "__main__":
    main()
