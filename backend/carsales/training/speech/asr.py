"""Speech to words with timings, through faster-whisper, keeping the speaker's fillers and never
writing words where nobody spoke.

- Fillers: Whisper was trained mostly on cleaned-up transcripts and tends to drop "um" and "uh".
  A prompt written in that style (hesitations, "like," set off by commas) makes it transcribe
  them, and conditioning on the previous text carries the style through the recording.
- Silence: only the voice-active audio (our VAD spans, padded) is decoded, concatenated as
  faster-whisper's own VAD filter does, and the timestamps mapped back. Segments that repeat
  themselves (a high compression ratio, the classic hallucination loop) or that fail Whisper's
  log-probability test even at its highest sampling temperature are dropped, and so is any word
  whose middle falls outside speech.
"""

import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from faster_whisper import WhisperModel
from faster_whisper.transcribe import Segment, restore_speech_timestamps
from faster_whisper.vad import collect_chunks

from carsales.training.speech.audio import SAMPLE_RATE
from carsales.training.speech.vad import SpeechSegment, pad_and_merge
from carsales.training.speech.words import Span, Word

DISFLUENT_PROMPT = "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking."
# Recogniser context around each speech span, and gaps under which neighbours are joined.
PAD_S = 0.2
MERGE_GAP_S = 0.5
# How far outside a VAD span a word's middle may fall: VAD onsets lag soft consonants.
SPEECH_TOLERANCE_S = 0.1
# Whisper's own tests of a decoded segment: that it repeats itself, that its tokens are unlikely.
# faster-whisper retries a failing segment at higher temperatures but keeps the last try even
# when it fails too; with the disfluent prompt, such tries are where invented sentences come
# from ("I'm not sure if I'm right or wrong." after the speaker stopped: avg log-prob -1.5).
MAX_COMPRESSION_RATIO = 2.4
MIN_AVG_LOGPROB = -1.0
# The retries stop at 0.4: hotter sampling rescues little real speech, invents fluent text, and
# each retry is another decode (six of them cost 5 s on the silent tail of a 5 s clip).
TEMPERATURES = (0.0, 0.2, 0.4)


@dataclass(frozen=True, slots=True)
class Transcript:
    words: list[Word]
    text: str


def words_in_speech(
    words: Sequence[Word], speech: Sequence[Span], tolerance: float = SPEECH_TOLERANCE_S
) -> list[Word]:
    """Only words whose middle lies in (or within `tolerance` of) a speech span: the guard
    against words invented in silence."""
    return [
        w
        for w in words
        if any(s.start - tolerance <= w.midpoint <= s.end + tolerance for s in speech)
    ]


def _reporting(
    segments: Iterable[Segment], total_s: float, progress: Callable[[float], None]
) -> Iterator[Segment]:
    """Passes faster-whisper's lazily decoded segments on, saying how far the decoding is."""
    for segment in segments:
        progress(min(1.0, segment.end / total_s))
        yield segment


def _plausible(segment: Segment) -> bool:
    return bool(
        segment.compression_ratio <= MAX_COMPRESSION_RATIO
        and segment.avg_logprob >= MIN_AVG_LOGPROB
    )


def _spread_words(segment: Segment) -> list[Word]:
    """A segment's words without alignment: its time shared out by the words' lengths."""
    texts = re.findall(r"\s*\S+", segment.text)
    letters = sum(len(text.strip()) for text in texts)
    probability = math.exp(segment.avg_logprob)
    words, at = [], float(segment.start)
    for text in texts:
        length = (segment.end - segment.start) * len(text.strip()) / letters
        words.append(Word(text, at, at + length, probability))
        at += length
    return words


class WhisperTranscriber:
    def __init__(
        self,
        model: WhisperModel,
        name: str,
        beam_size: int = 5,
        prompt: str | None = DISFLUENT_PROMPT,
        live: bool = False,
    ) -> None:
        """`live`: one decoding try and no word alignment (words are spread over their
        segment): about half the time, and no slow retries, for live coaching, where words'
        exact times matter less than their arriving quickly (docs/training-live.md)."""
        self._model = model
        self.name = name
        self._beam_size = beam_size
        self._prompt = prompt  # None only to measure what the prompt buys (bench/fillers.py)
        self._live = live

    def transcribe(
        self,
        samples: np.ndarray,
        speech: Sequence[Span],
        progress: Callable[[float], None] | None = None,
    ) -> Transcript:
        limit = len(samples) / SAMPLE_RATE
        spans = pad_and_merge(list(speech), PAD_S, MERGE_GAP_S, limit)
        if not spans:
            return Transcript([], "")
        chunks = [
            {"start": int(s.start * SAMPLE_RATE), "end": int(s.end * SAMPLE_RATE)} for s in spans
        ]
        pieces, _ = collect_chunks(samples, chunks)
        audio = np.concatenate(pieces)
        segments, _info = self._model.transcribe(
            audio,
            language="en",
            beam_size=self._beam_size,
            temperature=list(TEMPERATURES[:1] if self._live else TEMPERATURES),
            word_timestamps=not self._live,
            initial_prompt=self._prompt,
            condition_on_previous_text=True,
            vad_filter=False,
        )
        if progress is not None:
            segments = _reporting(segments, len(audio) / SAMPLE_RATE, progress)
        kept = [
            s for s in restore_speech_timestamps(segments, chunks, SAMPLE_RATE) if _plausible(s)
        ]
        words = [
            word
            for segment in kept
            for word in (
                _spread_words(segment)
                if self._live
                else [
                    Word(w.word, float(w.start), float(w.end), float(w.probability))
                    for w in segment.words or []
                ]
            )
        ]
        words = words_in_speech(words, speech)
        return Transcript(words, "".join(w.text for w in words).strip())


def transcribe_segment(transcriber: WhisperTranscriber, segment: SpeechSegment) -> list[Word]:
    """The words of one live segment, in session time."""
    offset = segment.span.start
    local = transcriber.transcribe(segment.samples, [Span(0.0, segment.span.duration)])
    return [Word(w.text, w.start + offset, w.end + offset, w.probability) for w in local.words]
