"""`carsales training ...`: speech analysis from the command line, for scripts and evaluation."""

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from carsales.ai.registry import ModelMissingError
from carsales.config import get_settings
from carsales.logging import configure_logging

if TYPE_CHECKING:
    from carsales.training.speech.analysis import Report

app = typer.Typer(help="Voice training: analyse practice recordings.", no_args_is_help=True)


class ModelChoice(StrEnum):
    base = "base"
    tiny_en = "tiny.en"


def _print_summary(report: "Report") -> None:
    m, s = report.measures, report.scores
    typer.echo(f"Transcript ({report.model}, {report.duration_s:.1f} s):\n  {report.transcript}\n")
    typer.echo(
        f"Scores: confidence {s.confidence}  clarity {s.clarity}  pace {s.pace}  volume {s.volume}"
    )
    rate = f"{m.words_per_minute:.0f}" if m.words_per_minute is not None else "-"
    typer.echo(
        f"Pace {rate} wpm, {m.word_count} words, {m.filler_count} fillers, {m.hedge_count} hedges, "
        f"{m.question_count} questions, {m.pause_count} pauses (longest {m.longest_pause_s:.1f} s)"
    )
    typer.echo("Feedback:")
    for item in report.feedback:
        typer.echo(f"  {item.timestamp:6.1f} s  {item.type:<10} {item.severity:<6} {item.message}")


@app.command("analyze")
def analyze_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON")] = False,
    model: Annotated[ModelChoice, typer.Option(help="Whisper model")] = ModelChoice.base,
) -> None:
    """Transcribe and score a recording (wav, mp3, m4a, webm/opus, ogg) as a session report
    does: the same filler pass and the configured targets (CARSALES_TRAINING_*)."""
    # Imported here: FFmpeg takes seconds to load, and every other `carsales` command would pay.
    from carsales.training.speech.audio import AudioDecodeError, decode
    from carsales.training.targets import targets_from_settings
    from carsales.training.tasks import analyse_speech

    settings = get_settings()
    # Logs go to stderr, so that stdout carries nothing but the report.
    configure_logging(settings.log_level, settings.log_json)
    try:
        samples = decode(file)
        report = analyse_speech(
            samples, model.value, settings.model_dir or Path(), targets_from_settings(settings)
        )
    except (AudioDecodeError, ModelMissingError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        _print_summary(report)
