"""`python -m carsales.ai install|list`: manage the model cache (run by `make models`)."""

import time
from pathlib import Path
from typing import Annotated

import typer

from carsales.ai.install import ModelInstallError, install_models
from carsales.ai.registry import DEV_MODELS, MODELS, is_valid
from carsales.ai.sessions import REWRITES, model_bytes
from carsales.ai.whisper import WHISPER_MODELS, install_whisper, whisper_installed
from carsales.config import get_settings

models_app = typer.Typer(
    help="AI models: install and verify the model cache.", no_args_is_help=True
)

DirOption = Annotated[
    Path | None, typer.Option("--dir", help="Model cache. Default: CARSALES_MODEL_DIR")
]


def _directory(directory: Path | None) -> Path:
    chosen = directory or get_settings().model_dir
    assert chosen is not None  # filled in by Settings
    return chosen


@models_app.command()
def install(
    names: Annotated[
        list[str] | None,
        typer.Argument(help="Models to install; default all but the test-only ones"),
    ] = None,
    directory: DirOption = None,
) -> None:
    """Fetch, assemble and verify the models (a no-op for those already valid)."""
    target = _directory(directory)
    known = [*MODELS, *WHISPER_MODELS, *DEV_MODELS]
    unknown = sorted(set(names or ()) - set(known))
    if unknown:
        typer.echo(
            f"error: unknown model(s) {', '.join(unknown)}; known: {', '.join(known)}", err=True
        )
        raise typer.Exit(2)
    chosen = names or [*MODELS, *WHISPER_MODELS]
    started = time.monotonic()
    try:
        # Each installer reads an empty list as "all": only call it for names of its own.
        images = [name for name in chosen if name in MODELS or name in DEV_MODELS]
        speech = [name for name in chosen if name in WHISPER_MODELS]
        fetched = (install_models(target, images) if images else []) + (
            install_whisper(target, speech) if speech else []
        )
    except ModelInstallError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    # Rewritten now, once, so that no process's first photo waits for it (a no-op once kept).
    for name in chosen:
        if name in REWRITES:
            model_bytes(MODELS[name], target)
    took = time.monotonic() - started
    typer.echo(f"models in {target}: {len(fetched)} installed, all verified ({took:.1f} s)")


@models_app.command("list")
def list_models(directory: DirOption = None) -> None:
    """Show each model, its source and whether the cache holds the pinned file."""
    target = _directory(directory)
    for spec in (*MODELS.values(), *DEV_MODELS.values()):
        state = "ok" if is_valid(spec, target) else "missing"
        source = f"{spec.source.package}@{spec.source.version}"
        typer.echo(f"{spec.name:<12} {state:<8} {source:<40} {spec.licence}")
    for whisper in WHISPER_MODELS.values():
        state = "ok" if whisper_installed(whisper, target) else "missing"
        typer.echo(f"{whisper.name:<12} {state:<8} {'PyPI wheels (Whisper)':<40} {whisper.licence}")
