"""`carsales training ...`: speech analysis from the command line, for scripts and evaluation."""

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from carsales.ai.openai_compat import configured_client
from carsales.ai.registry import ModelMissingError
from carsales.config import get_settings
from carsales.logging import configure_logging

if TYPE_CHECKING:
    from carsales.training.speech.analysis import Report

app = typer.Typer(help="Voice training: analyse practice recordings.", no_args_is_help=True)


class ModelChoice(StrEnum):
    base = "base"
    tiny_en = "tiny.en"


def _print_summary(report: "Report", feedback: list[dict[str, Any]]) -> None:
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
    for item in feedback:
        typer.echo(
            f"  {item['timestamp']:6.1f} s  {item['type']:<10} {item['severity']:<6} "
            f"{item['message']}"
        )


def _print_judgement(result: dict[str, Any]) -> None:
    verdict = "passed" if result["passed"] else "not passed"
    judgement = result["judgement"]
    typer.echo(
        f"\nOverall {result['overall']} ({verdict}, pass mark {judgement['pass_mark']}): "
        f"content {judgement['content']}, delivery {judgement['delivery']}"
    )
    for item in result["rubric"]:
        mark = "pass" if item["passed"] else "FAIL"
        quoted = f' "{item["evidence"]}"' if item["evidence"] else ""
        by = " [language model]" if item["judge"] == "llm" else ""
        typer.echo(f"  {mark}  {item['label']}:{quoted}  ({item['reason']}){by}")
        if item["model_answer"]:
            typer.echo(f"        try: {item['model_answer']}")
    for reason in judgement["reasons"]:
        typer.echo(f"  - {reason}")


@app.command("analyze")
def analyze_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON")] = False,
    model: Annotated[ModelChoice, typer.Option(help="Whisper model")] = ModelChoice.base,
    scenario: Annotated[
        str | None,
        typer.Option(
            help="A built-in scenario's key (objection-price...): judge the recording as the "
            "salesperson's answer in it, with an overall score, pass and the rubric's evidence"
        ),
    ] = None,
) -> None:
    """Transcribe and score a recording (wav, mp3, m4a, webm/opus, ogg) as a session report
    does: the same filler pass and the configured targets (CARSALES_TRAINING_*). With
    --scenario, the content is judged too, as a session of that scenario is."""
    # Imported here: FFmpeg takes seconds to load, and every other `carsales` command would pay.
    from carsales.training.scenarios.library import BUILTIN_SCENARIOS
    from carsales.training.speech.audio import AudioDecodeError, decode
    from carsales.training.targets import targets_from_settings
    from carsales.training.tasks import analyse_speech, judged_report

    known = BUILTIN_SCENARIOS.get(scenario) if scenario is not None else None
    if scenario is not None and known is None:
        typer.echo(
            f"error: unknown scenario {scenario!r}; built-in: {', '.join(BUILTIN_SCENARIOS)}",
            err=True,
        )
        raise typer.Exit(2)
    settings = get_settings()
    # Logs go to stderr, so that stdout carries nothing but the report.
    configure_logging(settings.log_level, settings.log_json)
    try:
        samples = decode(file)
        model_dir = settings.model_dir or Path()
        report = analyse_speech(samples, model.value, model_dir, targets_from_settings(settings))
        # With CARSALES_LLM_* set, the model judges each item too, as in a session's analysis.
        llm = configured_client(settings)
        result = (
            judged_report(report, model_dir, known.snapshot(), llm=llm)
            if known
            else report.to_dict()
        )
    except (AudioDecodeError, ModelMissingError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    # The judge's feedback when there is a scenario (it withholds praise from an off-topic answer).
    _print_summary(report, result["feedback"])
    if known:
        _print_judgement(result)
