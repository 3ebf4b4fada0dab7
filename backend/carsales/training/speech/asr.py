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

import bisect
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
JOIN_GAP_S = 0.3  # silence between live segments transcribed together
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


def _within_speech(start: float, end: float, spans: Sequence[Span]) -> Span:
    """A segment's time cut back to the decoded speech. Without word alignment Whisper's last
    timestamp often runs past the audio (a segment of 8.1 s ending at 11.3 s), and words spread
    to there fell outside speech and were dropped: live lost the ends of sentences and read the
    pace low ("Pick up the pace: 98" where the report said 125)."""
    first = next((s for s in spans if s.end > start), spans[-1])
    last = next((s for s in reversed(spans) if s.start < end), spans[0])
    start = max(start, first.start)
    return Span(start, max(start, min(end, last.end)))


def _spread_words(segment: Segment, spans: Sequence[Span]) -> list[Word]:
    """A segment's words without alignment: its time shared out by the words' lengths."""
    texts = re.findall(r"\s*\S+", segment.text)
    letters = sum(len(text.strip()) for text in texts)
    probability = math.exp(segment.avg_logprob)
    span = _within_speech(float(segment.start), float(segment.end), spans)
    words, at = [], span.start
    for text in texts:
        length = span.duration * len(text.strip()) / letters
        words.append(Word(text, at, at + length, probability))
        at += length
    return words


@dataclass(frozen=True, slots=True)
class _Piece:
    """One padded speech span as laid in the decoded audio."""

    at: float  # its start in the decoded (concatenated) audio
    span: Span  # where it lies in the recording, padding included
    speech_start: float  # where its speech starts in the recording (the VAD onset)

    @property
    def speech_at(self) -> float:
        """Where its speech starts in the decoded audio."""
        return self.at + self.speech_start - self.span.start


def _pieces(spans: Sequence[Span], speech: Sequence[Span]) -> list[_Piece]:
    pieces, at = [], 0
    for span in spans:
        onset = min(
            (s.start for s in speech if span.start <= s.start < span.end), default=span.start
        )
        pieces.append(_Piece(at / SAMPLE_RATE, span, onset))
        # As the audio is cut (whole samples), so that the pieces' places add up exactly.
        at += int(span.end * SAMPLE_RATE) - int(span.start * SAMPLE_RATE)
    return pieces


def _restore(word: Word, pieces: Sequence[_Piece]) -> Word:
    """A word of the decoded audio in the recording's time. The pieces are laid end to end, so
    after a pause the next sentence follows the last with no silence between, and Whisper's
    alignment often starts its first word early, over the join: by its middle (faster-whisper's
    rule) that word belonged to the sentence before, was placed in the pause and then dropped
    as a word said in silence ("produced the block books" lost "produced"). A word that runs
    over a join into the next piece's speech is that piece's first word; it starts no earlier
    than that piece."""
    index = max(0, bisect.bisect_right([p.at for p in pieces], word.midpoint) - 1)
    if index + 1 < len(pieces) and word.end > pieces[index + 1].speech_at:
        index += 1
    piece = pieces[index]
    shift = piece.span.start - piece.at
    start = min(piece.span.end, max(piece.span.start, word.start + shift))
    end = min(piece.span.end, max(start, word.end + shift))
    return Word(word.text, start, end, word.probability)


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
        audio = np.concatenate(collect_chunks(samples, chunks)[0])
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
        kept = [s for s in segments if _plausible(s)]
        if self._live:
            restored = restore_speech_timestamps(kept, chunks, SAMPLE_RATE)
            words = [word for segment in restored for word in _spread_words(segment, spans)]
        else:
            pieces = _pieces(spans, speech)
            words = [
                _restore(Word(w.word, float(w.start), float(w.end), float(w.probability)), pieces)
                for segment in kept
                for w in segment.words or []
            ]
        words = words_in_speech(words, speech)
        return Transcript(words, "".join(w.text for w in words).strip())


def transcribe_segment(transcriber: WhisperTranscriber, segment: SpeechSegment) -> list[Word]:
    """The words of one live segment, in session time."""
    offset = segment.span.start
    local = transcriber.transcribe(segment.samples, [Span(0.0, segment.span.duration)])
    return [Word(w.text, w.start + offset, w.end + offset, w.probability) for w in local.words]


def transcribe_segments(
    transcriber: WhisperTranscriber, segments: Sequence[SpeechSegment]
) -> list[Word]:
    """The words of live segments, in their time, from one Whisper call over their audio laid end
    to end (with a short silence between, as spoken). Whisper encodes a 30 s window whatever the
    audio's length, so segments that queued up behind a busy transcriber cost together little
    more than one alone: under load, latency stays bounded instead of growing with the queue."""
    gap = np.zeros(round(JOIN_GAP_S * SAMPLE_RATE), np.float32)
    starts: list[float] = []  # of each segment in the joined audio
    pieces: list[Span] = []
    audio: list[np.ndarray] = []
    at = 0  # samples laid so far
    for segment in segments:
        if audio:
            audio.append(gap)
            at += len(gap)
        starts.append(at / SAMPLE_RATE)
        pieces.append(Span(at / SAMPLE_RATE, (at + len(segment.samples)) / SAMPLE_RATE))
        audio.append(segment.samples)
        at += len(segment.samples)
    joined = transcriber.transcribe(np.concatenate(audio), pieces)
    words = []
    for word in joined.words:
        index = max(0, bisect.bisect_right(starts, word.midpoint) - 1)
        offset = segments[index].span.start - starts[index]
        words.append(Word(word.text, word.start + offset, word.end + offset, word.probability))
    return words
