"""Filler recall and precision on synthesised speech with known fillers.

    nice -n 10 .venv/bin/python -m bench.fillers [--gaps] [--real ../shared/data/speech]

How the recordings are made (and how far to trust them): espeak-ng reads car-sales sentences
into which fillers were inserted at random word boundaries, with a fixed seed:
- hesitations "um" and "uh", set off by commas as a speaker's pause would be;
- discourse fillers: "like," inside a clause and "So," opening a sentence;
- control sentences that use "like" and "so" as ordinary words ("Would you like a test drive?",
  "It has so much room"), which must not be counted.
Each utterance is rendered three ways: `plain` (espeak reads "um" like any word, at the
sentence's rate), `drawn` (the hesitation slowed to x-slow through SSML, nearer a real "uuum")
and `run-in` (drawn and softer, without the commas, so no pause sets it off: the hesitation runs
into its neighbours, as it often does in fluent speech, and Whisper tends to fold it into the
next word: "very um popular" -> "very unpopular"). None is a person hesitating: real fillers are
quieter, longer, often nasal, and come with restarts, so these figures are an upper bound on
what to expect from real speakers.

Methods: Whisper without and with the disfluent prompt (asr.py), and with the prompt plus the
filler pass (carsales/training/speech/fillers.py: a second transcription by tiny.en whose
hesitations missing from the main transcript are added); `tiny.en-s` is the same without the
hesitations whose middle lies inside a word of the main transcript (only those in silences);
with `--gaps`, `tiny.en-g` decodes only the stretches of speech of 0.25 s or more between the
main transcript's words, where a dropped "um" would hide, and merges by the same rules.
The filler passes are compared on the same main transcripts, and their cost is printed as
extra seconds per minute of audio. With `--real DIR` (`../shared/data/speech`: read speech with
no fillers), the hesitations each pass adds there are counted: every one is a false filler.

Scoring: reference and transcript are aligned word by word (difflib; every hesitation spelling
counts as one token), and a filler is found when the aligned transcript word is tagged with the
same kind by carsales.training.speech.lexicon. A hesitation transcribed as the other spelling
("uh" for "um") counts as found.
"""

import argparse
import csv
import difflib
import hashlib
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.speech_common import Clock, add_model_options, percent, quiet_logs, transcriber
from carsales.ai.whisper import get_whisper
from carsales.config import get_settings
from carsales.training.speech.analysis import Transcriber, analyze
from carsales.training.speech.asr import Transcript, WhisperTranscriber
from carsales.training.speech.audio import decode, duration
from carsales.training.speech.fillers import (
    FILLER_DECODER_BEAM,
    FILLER_DECODER_MODEL,
    is_hesitation,
)
from carsales.training.speech.lexicon import HESITATIONS, FillerKind
from carsales.training.speech.tts import synthesize
from carsales.training.speech.words import Span, Word

SENTENCES = (
    "this model comes with heated seats and a panoramic roof",
    "the hybrid engine saves you money at every fill up",
    "we can arrange the financing today if you are ready",
    "your trade in is worth more than you might expect",
    "the warranty covers the battery for eight years",
    "it has the best safety rating in its class",
    "the infotainment screen connects to your phone in seconds",
    "most families choose the third row for the extra space",
    "we offer a free service plan for the first two years",
    "the adaptive cruise control makes long drives much easier",
    "this color is very popular and we only have one left",
    "the monthly payment fits the budget you mentioned",
)
CONTROLS = (
    "Would you like a test drive?",
    "It has so much room for the kids.",
    "I'd like to show you the engine.",
    "It looks like new inside.",
    "The seats feel like leather.",
    "We priced it low so that it sells this week.",
)
HESITATION_WORDS = ("um", "uh")
SEED = 4
RENDERS = ("plain", "drawn", "run-in")


@dataclass(frozen=True)
class Token:
    text: str
    kind: FillerKind | None


def _utterance(rng: random.Random) -> list[Token]:
    tokens: list[Token] = []
    for sentence in rng.sample(SENTENCES, 2):
        words = [Token(w, None) for w in sentence.split()]
        for _ in range(rng.choice((1, 1, 2))):
            position = rng.randrange(1, len(words))
            words.insert(position, Token(rng.choice(HESITATION_WORDS), FillerKind.hesitation))
        if rng.random() < 0.5:
            words.insert(rng.randrange(2, len(words)), Token("like", FillerKind.discourse))
        if rng.random() < 0.4:
            words.insert(0, Token("so", FillerKind.discourse))
        tokens += words
        tokens.append(Token(".", None))
    if rng.random() < 0.5:
        tokens += [*(Token(w, None) for w in rng.choice(CONTROLS).split()), Token(".", None)]
    return tokens


def _render(tokens: list[Token], render: str) -> str:
    """Text (or SSML) with commas around fillers, as a writer would mark the pauses; `run-in`
    leaves them out around hesitations."""
    sentences: list[str] = []
    current: list[str] = []
    for token in [*tokens, Token(".", None)]:
        if token.text == ".":
            text = " ".join(current).replace(" ,", ",").replace(",,", ",").strip(", ")
            if text:
                sentences.append(text[0].upper() + text[1:] + ("" if text[-1] in ".?" else "."))
            current = []
        elif token.kind is None:
            current.append(token.text)
        elif token.kind is FillerKind.hesitation and render == "drawn":
            current.append(f', <prosody rate="x-slow">{token.text}</prosody>,')
        elif token.kind is FillerKind.hesitation and render == "run-in":
            current.append(f'<prosody rate="x-slow" volume="soft">{token.text}</prosody>')
        else:
            current.append(f", {token.text},")
    text = " ".join(sentences)
    return text if render == "plain" else f"<speak>{text}</speak>"


def _norm(word: str) -> str:
    word = word.strip(" ,.?!").lower()
    return "<hesitation>" if word in HESITATIONS else word


@dataclass
class Tally:
    found: Counter[FillerKind]
    missed: Counter[FillerKind]
    false: Counter[FillerKind]
    transcribed: Counter[FillerKind]  # reference fillers whose word made it into the transcript


def score(tokens: list[Token], said: list[tuple[str, FillerKind | None]], tally: Tally) -> None:
    reference = [t for t in tokens if t.text != "."]
    ref_norm = [_norm(t.text) for t in reference]
    hyp_norm = [_norm(w) for w, _ in said]
    aligned: dict[int, int] = {}
    for block in difflib.SequenceMatcher(
        a=ref_norm, b=hyp_norm, autojunk=False
    ).get_matching_blocks():
        for k in range(block.size):
            aligned[block.a + k] = block.b + k
    matched_hyp = set()
    for i, token in enumerate(reference):
        if token.kind is None:
            continue
        j = aligned.get(i)
        if j is not None:
            tally.transcribed[token.kind] += 1
        if j is not None and said[j][1] is token.kind:
            tally.found[token.kind] += 1
            matched_hyp.add(j)
        else:
            tally.missed[token.kind] += 1
    for j, (_, kind) in enumerate(said):
        if kind is not None and j not in matched_hyp:
            tally.false[kind] += 1


class Remembering:
    """A transcriber that transcribes each recording once (so the methods are compared on the
    same main transcripts) and times itself."""

    def __init__(self, inner: Transcriber) -> None:
        self.inner = inner
        self.name = inner.name
        self.clock = Clock()
        self._seen: dict[str, Transcript] = {}

    def transcribe(
        self,
        samples: np.ndarray,
        speech: Sequence[Span],
        progress: Callable[[float], None] | None = None,
    ) -> Transcript:
        key = hashlib.sha256(samples.tobytes()).hexdigest()
        if key not in self._seen:
            with self.clock.measure():
                self._seen[key] = self.inner.transcribe(samples, speech, progress)
        return self._seen[key]


class InSilenceOnly:
    """The filler pass without the hesitations whose middle lies inside a main word: what
    recovering those (a hesitation Whisper base swallowed or read as "a") buys."""

    def __init__(self, filler_pass: Remembering, main: Remembering) -> None:
        self.filler_pass = filler_pass
        self.main = main
        self.name = f"{filler_pass.name}-s"

    def transcribe(
        self,
        samples: np.ndarray,
        speech: Sequence[Span],
        progress: Callable[[float], None] | None = None,
    ) -> Transcript:
        main = self.main.transcribe(samples, speech)
        second = self.filler_pass.transcribe(samples, speech, progress)
        kept = [
            w
            for w in second.words
            if not is_hesitation(w) or not any(m.start <= w.midpoint <= m.end for m in main.words)
        ]
        return Transcript(kept, second.text)


def speech_gaps(words: Sequence[Word], speech: Sequence[Span], min_gap_s: float) -> list[Span]:
    """The stretches of VAD speech at least `min_gap_s` long that no word covers."""
    found = []
    for span in speech:
        edges = [span.start]
        for word in words:
            if word.end > span.start and word.start < span.end:
                edges += [word.start, word.end]
        edges.append(span.end)
        for start, end in zip(edges[0::2], edges[1::2], strict=True):
            start, end = max(start, span.start), min(end, span.end)
            if end - start >= min_gap_s:
                found.append(Span(start, end))
    return found


class GapDecoder:
    """The filler pass run only on the speech between the main transcript's words (a dropped
    "um" leaves such a gap): the alternative to a second transcription of everything."""

    def __init__(self, inner: Transcriber, main: Remembering, min_gap_s: float = 0.25) -> None:
        self.inner = inner
        self.main = main
        self.min_gap_s = min_gap_s
        self.name = f"{inner.name}-g"

    def transcribe(
        self,
        samples: np.ndarray,
        speech: Sequence[Span],
        progress: Callable[[float], None] | None = None,
    ) -> Transcript:
        gaps = speech_gaps(self.main.transcribe(samples, speech).words, speech, self.min_gap_s)
        return self.inner.transcribe(samples, gaps, progress) if gaps else Transcript([], "")


def filler_transcriber(model: str, beam: int, threads: int) -> WhisperTranscriber:
    directory = get_settings().model_dir
    assert directory is not None
    return WhisperTranscriber(get_whisper(model, directory, threads), model, beam_size=beam)


@dataclass(frozen=True)
class Method:
    main: Remembering
    prompt: bool
    filler_pass: Transcriber | None


def _print_rows(method: Method, render: str, tally: Tally) -> None:
    pass_name = method.filler_pass.name if method.filler_pass else "-"
    for kind in FillerKind:
        total = tally.found[kind] + tally.missed[kind]
        flagged = tally.found[kind] + tally.false[kind]
        print(
            f"{method.main.name:<8} {'yes' if method.prompt else 'no':<6} {pass_name:<9} "
            f"{render:<6} {kind.value:<11} {total:>7} "
            f"{percent(tally.transcribed[kind] / total):>8} "
            f"{percent(tally.found[kind] / total):>8} "
            f"{percent(tally.found[kind] / flagged) if flagged else '-':>9}",
            flush=True,
        )


def _real_speech(data: Path, name: str, main: Transcriber, filler_pass: Transcriber) -> None:
    """Hesitations the filler pass adds to read speech that has none."""
    with (data / "transcripts.tsv").open() as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    minutes, main_count, added = 0.0, 0, 0
    for row in rows:
        samples = decode(data / row["file"])
        minutes += duration(samples) / 60
        report = analyze(samples, main, filler_pass=filler_pass)
        main_count += sum(
            w.filler is FillerKind.hesitation and not w.recovered for w in report.words
        )
        added += sum(w.recovered for w in report.words)
    print(
        f"\nread speech without fillers ({len(rows)} recordings, {minutes:.1f} min), {name}: "
        f"hesitations in the main transcript {main_count}, added by the filler pass {added} "
        f"({added / minutes:.2f} per minute)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20, help="Utterances")
    parser.add_argument("--show", action="store_true", help="Print each transcript")
    parser.add_argument("--filler-model", default=FILLER_DECODER_MODEL, choices=["base", "tiny.en"])
    parser.add_argument("--filler-beam", type=int, default=FILLER_DECODER_BEAM)
    parser.add_argument("--real", type=Path, help="Speech without fillers (../shared/data/speech)")
    parser.add_argument(
        "--gaps", action="store_true", help="Also re-decode only the gaps between words"
    )
    add_model_options(parser, ["base"])
    args = parser.parse_args()
    quiet_logs()
    rng = random.Random(SEED)  # noqa: S311 - reproducible test material, not secrets
    utterances = [_utterance(rng) for _ in range(args.count)]
    audio = {
        render: [synthesize(_render(t, render), 150, ssml=render != "plain") for t in utterances]
        for render in RENDERS
    }
    minutes = sum(duration(a) for clips in audio.values() for a in clips) / 60
    filler_pass = Remembering(filler_transcriber(args.filler_model, args.filler_beam, args.threads))
    print(
        f"{'model':<8} {'prompt':<6} {'pass':<9} {'render':<6} {'kind':<11} {'fillers':>7} "
        f"{'in text':>8} {'recall':>8} {'precision':>9}"
    )
    costs: list[tuple[str, Remembering]] = []
    checks: list[tuple[str, Remembering, Transcriber]] = []  # for the read-speech check
    for model in args.models:
        prompted = Remembering(transcriber(model, args.threads, prompt=True))
        passes: list[Transcriber] = [filler_pass, InSilenceOnly(filler_pass, prompted)]
        costs.append((f"{model}, with the prompt", prompted))
        if args.gaps:
            gap_pass = Remembering(GapDecoder(filler_pass.inner, prompted))
            passes.append(gap_pass)
            costs.append((f"gaps only: {args.filler_model}, beam {args.filler_beam}", gap_pass))
        methods = [
            Method(Remembering(transcriber(model, args.threads, prompt=False)), False, None),
            Method(prompted, True, None),
            *(Method(prompted, True, p) for p in passes),
        ]
        for method in methods:
            for render in RENDERS:
                tally = Tally(Counter(), Counter(), Counter(), Counter())
                for tokens, samples in zip(utterances, audio[render], strict=True):
                    report = analyze(samples, method.main, filler_pass=method.filler_pass)
                    score(tokens, [(w.word, w.filler) for w in report.words], tally)
                    if args.show:
                        print("   ", report.transcript)
                _print_rows(method, render, tally)
        checks += [(f"{model} + {p.name}", prompted, p) for p in passes]
    costs.append((f"filler pass: {args.filler_model}, beam {args.filler_beam}", filler_pass))
    print(f"\ntranscription time per minute of synthesised audio ({minutes:.1f} min):")
    for name, timed in costs:
        print(
            f"  {name}: {timed.clock.wall / minutes:5.1f} s wall, "
            f"{timed.clock.cpu / minutes:5.1f} s CPU"
        )
    if args.real:
        for name, main_pass, second_pass in checks:
            _real_speech(args.real, name, main_pass, second_pass)


if __name__ == "__main__":
    main()
