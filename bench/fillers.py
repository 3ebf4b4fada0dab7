"""Filler recall and precision on synthesised speech with known fillers.

    nice -n 10 .venv/bin/python -m bench.fillers

How the recordings are made (and how far to trust them): espeak-ng reads car-sales sentences
into which fillers were inserted at random word boundaries, with a fixed seed:
- hesitations "um" and "uh", set off by commas as a speaker's pause would be;
- discourse fillers: "like," inside a clause and "So," opening a sentence;
- control sentences that use "like" and "so" as ordinary words ("Would you like a test drive?",
  "It has so much room"), which must not be counted.
Each utterance is rendered twice: `plain` (espeak reads "um" like any word, at the sentence's
rate) and `drawn` (the hesitation slowed to x-slow through SSML, nearer a real "uuum"). Neither
is a person hesitating: real fillers are quieter, longer, often nasal, and come with restarts,
so these figures are an upper bound on what to expect from real speakers.

Scoring: reference and transcript are aligned word by word (difflib; every hesitation spelling
counts as one token), and a filler is found when the aligned transcript word is tagged with the
same kind by carsales.training.speech.lexicon. A hesitation transcribed as the other spelling
("uh" for "um") counts as found.
"""

import argparse
import difflib
import random
from collections import Counter
from dataclasses import dataclass

from bench.speech_common import add_model_options, percent, quiet_logs, transcriber
from carsales.training.speech.analysis import analyze
from carsales.training.speech.lexicon import HESITATIONS, FillerKind
from carsales.training.speech.tts import synthesize

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


def _render(tokens: list[Token], drawn: bool) -> str:
    """Text (or SSML) with commas around fillers, as a writer would mark the pauses."""
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
        elif token.kind is FillerKind.hesitation and drawn:
            current.append(f', <prosody rate="x-slow">{token.text}</prosody>,')
        else:
            current.append(f", {token.text},")
    text = " ".join(sentences)
    return f"<speak>{text}</speak>" if drawn else text


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20, help="Utterances")
    parser.add_argument("--show", action="store_true", help="Print each transcript")
    add_model_options(parser, ["base"])
    args = parser.parse_args()
    quiet_logs()
    rng = random.Random(SEED)  # noqa: S311 - reproducible test material, not secrets
    utterances = [_utterance(rng) for _ in range(args.count)]
    print(
        f"{'model':<8} {'prompt':<6} {'render':<6} {'kind':<11} {'fillers':>7} {'in text':>8} "
        f"{'recall':>8} {'precision':>9}"
    )
    for model in args.models:
        for prompt in (True, False):
            asr = transcriber(model, args.threads, prompt)
            for drawn in (False, True):
                tally = Tally(Counter(), Counter(), Counter(), Counter())
                for tokens in utterances:
                    audio = synthesize(_render(tokens, drawn), 150, ssml=drawn)
                    report = analyze(audio, asr)
                    score(tokens, [(w.word, w.filler) for w in report.words], tally)
                    if args.show:
                        print("   ", report.transcript)
                for kind in FillerKind:
                    total = tally.found[kind] + tally.missed[kind]
                    flagged = tally.found[kind] + tally.false[kind]
                    print(
                        f"{model:<8} {'yes' if prompt else 'no':<6} "
                        f"{'drawn' if drawn else 'plain':<6} {kind.value:<11} {total:>7} "
                        f"{percent(tally.transcribed[kind] / total):>8} "
                        f"{percent(tally.found[kind] / total):>8} "
                        f"{percent(tally.found[kind] / flagged) if flagged else '-':>9}"
                    )


if __name__ == "__main__":
    main()
