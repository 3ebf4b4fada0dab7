"""Word error rate and real-time factor of each Whisper model on recorded speech.

    nice -n 10 .venv/bin/python -m bench.speech_wer ../shared/data/speech

Text is normalised before comparison (case, punctuation, numbers and titles written out: see
carsales/training/speech/textnorm.py). The transcription runs as in the final report: our VAD,
then Whisper on the voice-active audio with the disfluent prompt (`--no-prompt` to compare).
The real-time factor is the time spent on VAD and transcription over the audio's duration.
"""

import argparse
import csv
from collections import defaultdict
from pathlib import Path

from bench.speech_common import (
    Clock,
    add_model_options,
    edit_distance,
    percent,
    quiet_logs,
    transcriber,
)
from carsales.training.speech.audio import decode, duration
from carsales.training.speech.textnorm import spoken_words
from carsales.training.speech.vad import VoiceActivityDetector, detect_speech


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, nargs="?", default=Path("../shared/data/speech"))
    parser.add_argument("--no-prompt", action="store_true", help="Also run without the prompt")
    parser.add_argument("--show", action="store_true", help="Print each hypothesis")
    add_model_options(parser, ["base", "tiny.en"])
    args = parser.parse_args()
    quiet_logs()

    with (args.data / "transcripts.tsv").open() as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    audio = {row["file"]: decode(args.data / row["file"]) for row in rows}
    seconds = sum(duration(a) for a in audio.values())
    print(f"{len(rows)} recordings, {seconds:.1f} s of audio, {args.threads} threads\n")
    print(
        f"{'model':<8} {'prompt':<6} {'subset':<9} {'words':>5} {'WER':>8} {'RTF':>6} {'CPU/s':>6}"
    )
    detector = VoiceActivityDetector()
    for model in args.models:
        for prompt in [True, False] if args.no_prompt else [True]:
            asr = transcriber(model, args.threads, prompt)
            errors: dict[str, int] = defaultdict(int)
            words: dict[str, int] = defaultdict(int)
            clock = Clock()
            for row in rows:
                samples = audio[row["file"]]
                with clock.measure():
                    text = asr.transcribe(samples, detect_speech(samples, detector)).text
                reference, hypothesis = spoken_words(row["reference_text"]), spoken_words(text)
                subset = row["file"].split("/")[0]
                for key in (subset, "all"):
                    errors[key] += edit_distance(reference, hypothesis)
                    words[key] += len(reference)
                if args.show:
                    print(f"  {row['file']}: {text}")
            for key in sorted(words, key=lambda k: (k == "all", k)):
                rtf = f"{clock.wall / seconds:6.3f}" if key == "all" else ""
                cpu = f"{clock.cpu / seconds:6.3f}" if key == "all" else ""
                print(
                    f"{model:<8} {'yes' if prompt else 'no':<6} {key:<9} {words[key]:>5} "
                    f"{percent(errors[key] / words[key]):>8} {rtf:>6} {cpu:>6}"
                )


if __name__ == "__main__":
    main()
