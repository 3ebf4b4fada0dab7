"""The whole analysis on synthetic speech: needs espeak-ng and Whisper base (see conftest)."""

import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import structlog
from typer.testing import CliRunner

from carsales.cli import app
from carsales.config import get_settings
from carsales.training.speech.analysis import analyze
from carsales.training.speech.asr import WhisperTranscriber, transcribe_segment
from carsales.training.speech.audio import SAMPLE_RATE
from carsales.training.speech.tts import synthesize
from carsales.training.speech.vad import StreamingSegmenter, detect_speech
from tests.training.test_audio import write_wav

PITCH = (
    "This sedan gives you a quiet cabin, a smooth ride and excellent fuel economy. The safety "
    "package includes lane keeping and automatic braking as standard. Most of our customers "
    "choose the premium trim because the heated seats and the larger screen make every commute "
    "more pleasant. Would you like to take it for a drive today?"
)


def true_rate(text: str, audio: np.ndarray) -> float:
    """Words per minute from the first to the last audible sample: the same span the pace
    measure uses (first word start to last word end), so leading and trailing silence count
    in neither."""
    audible = np.flatnonzero(np.abs(audio) > 0.01)
    return 60 * len(text.split()) / float((audible[-1] - audible[0]) / SAMPLE_RATE)


@pytest.mark.parametrize("rate", [110, 150, 190])
def test_measured_pace_is_within_10_percent(
    espeak: None, whisper_base: WhisperTranscriber, rate: int
) -> None:
    audio = synthesize(PITCH, rate)
    report = analyze(audio, whisper_base)
    measured = report.measures.words_per_minute
    assert measured == pytest.approx(true_rate(PITCH, audio), rel=0.10)
    assert report.scores.pace is not None and report.measures.question_count == 1


def test_fillers_are_kept(espeak: None, whisper_base: WhisperTranscriber) -> None:
    audio = synthesize("So the price is, um, about twenty thousand. And, uh, we can finance it.")
    report = analyze(audio, whisper_base)
    assert report.measures.hesitation_count == 2
    assert [w.word.strip(",.").lower() for w in report.words if w.filler] == ["um", "uh"]


def test_no_words_are_invented_in_silence_or_noise(whisper_base: WhisperTranscriber) -> None:
    rng = np.random.default_rng(7)
    noise = (rng.standard_normal(5 * SAMPLE_RATE) * 0.02).astype(np.float32)
    for audio in (np.zeros(5 * SAMPLE_RATE, np.float32), noise):
        report = analyze(audio, whisper_base)
        assert (report.transcript, report.words) == ("", [])
        assert report.scores.pace is None


def test_pauses_keep_their_place_in_time(espeak: None, whisper_base: WhisperTranscriber) -> None:
    gap = np.zeros(3 * SAMPLE_RATE, np.float32)
    audio = np.concatenate([synthesize("The car is ready."), gap, synthesize("Shall we go?")])
    report = analyze(audio, whisper_base)
    assert report.measures.longest_pause_s == pytest.approx(3.0, abs=0.8)
    assert report.words[-1].end == pytest.approx(len(audio) / SAMPLE_RATE, abs=0.8)


# Sentences read with pauses between them, as a salesperson thinks before the next point; the
# British voice is one on which Whisper base starts "has" early, over the join of the pieces
# (asr._restore): it was dropped as a word said in the silence before it.
OPENINGS = [
    "Printing differs from most of the arts and crafts represented in the exhibition",
    "in being comparatively modern.",
    "For although the Chinese took impressions from wood blocks by a similar process",
    "produced the block books, which came before the printed book,",
    "and it is worth mention in passing that as an example of fine typography",
    "has never been surpassed.",
]


def test_every_sentence_keeps_its_first_word_after_a_pause(
    espeak: None, whisper_base: WhisperTranscriber
) -> None:
    parts, onsets, at = [], [], 0
    for i, sentence in enumerate(OPENINGS):
        speech = synthesize(sentence, 165, "en-gb")
        onsets.append((at + np.flatnonzero(np.abs(speech) > 0.01)[0]) / SAMPLE_RATE)
        pause = np.zeros(round((2 + (i % 3) * 0.5) * SAMPLE_RATE), np.float32)
        parts += [speech, pause]
        at += len(speech) + len(pause)
    report = analyze(np.concatenate(parts), whisper_base)
    for sentence, onset in zip(OPENINGS, onsets, strict=True):
        first = sentence.split()[0].lower()
        near = [w.word.strip(",.").lower() for w in report.words if abs(w.start - onset) < 0.5]
        assert first in near, (first, onset, report.transcript)


def test_live_segments_transcribe_in_session_time(
    espeak: None, whisper_base: WhisperTranscriber
) -> None:
    lead = np.zeros(4 * SAMPLE_RATE, np.float32)
    audio = np.concatenate([lead, synthesize("Let me show you the trunk."), lead])
    segmenter = StreamingSegmenter()
    segments = [s for i in range(0, len(audio), 3200) for s in segmenter.feed(audio[i : i + 3200])]
    words = [w for s in segments for w in transcribe_segment(whisper_base, s)]
    assert [w.text.strip(" .").lower() for w in words] == [
        "let",
        "me",
        "show",
        "you",
        "the",
        "trunk",
    ]
    assert words[0].start == pytest.approx(detect_speech(audio)[0].start, abs=0.3)


def test_live_mode_spreads_the_words_over_their_segment(
    espeak: None, whisper_tiny_live: WhisperTranscriber
) -> None:
    """Live decoding skips word alignment: the words are the same, their times shared out."""
    speech = synthesize("Let me show you the trunk and the spare wheel.")
    audio = np.concatenate([np.zeros(SAMPLE_RATE, np.float32), speech])
    spans = detect_speech(audio)
    words = whisper_tiny_live.transcribe(audio, spans).words
    assert [w.text.strip(" .").lower() for w in words][:4] == ["let", "me", "show", "you"]
    assert all(a.end <= b.start + 1e-6 for a, b in itertools.pairwise(words))
    assert words[0].start >= spans[0].start - 0.5 and words[-1].end <= spans[-1].end + 0.5
    # A longer word gets a longer share of the segment.
    lengths = {w.text.strip(" .").lower(): w.end - w.start for w in words}
    assert lengths["trunk"] > lengths["me"]


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """The command points the logs at the runner's stderr, which closes after the test."""
    saved = structlog.get_config()
    yield
    structlog.configure(**saved)


def test_cli_prints_the_report_as_json(
    restore_logging: None, espeak: None, whisper_base: WhisperTranscriber, tmp_path: Path
) -> None:
    path = tmp_path / "pitch.wav"
    write_wav(path, synthesize("Um, would you like a test drive?"), SAMPLE_RATE, channels=1)
    result = CliRunner().invoke(
        app, ["training", "analyze", str(path), "--json", "--model", "tiny.en"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) >= {"transcript", "words", "measures", "scores", "feedback"}
    assert report["model"] == "tiny.en" and "test drive" in report["transcript"]
    assert set(report["words"][0]) == {
        "word",
        "start",
        "end",
        "probability",
        "filler",
        "hedge",
        "recovered",
    }
    assert set(report["scores"]) == {"confidence", "clarity", "pace", "volume"}


def test_cli_scores_against_the_configured_targets(
    restore_logging: None, espeak: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "pitch.wav"
    write_wav(path, synthesize(PITCH, words_per_minute=200), SAMPLE_RATE, channels=1)
    command = ["training", "analyze", str(path), "--json", "--model", "tiny.en"]

    def pace_score() -> int:
        get_settings.cache_clear()
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 0, result.output
        return int(json.loads(result.stdout)["scores"]["pace"])

    try:
        assert pace_score() < 100  # 200 wpm is too fast for the default band, 140-160
        for name, wpm in (("FLAG_LOW", 150), ("LOW", 180), ("HIGH", 220), ("FLAG_HIGH", 240)):
            monkeypatch.setenv(f"CARSALES_TRAINING_PACE_{name}_WPM", str(wpm))
        assert pace_score() == 100
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
