"""`python -m carsales.ai install|list`: manage the model cache (run by `make models`)."""

import time
from pathlib import Path
from typing import Annotated

import typer

from carsales.ai.install import ModelInstallError, install_models
from carsales.ai.registry import MODELS, is_valid
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
        list[str] | None, typer.Argument(help="Models to install; default all")
    ] = None,
    directory: DirOption = None,
) -> None:
    """Fetch, assemble and verify the models (a no-op for those already valid)."""
    target = _directory(directory)
    unknown = sorted(set(names or ()) - MODELS.keys())
    if unknown:
        typer.echo(
            f"error: unknown model(s) {', '.join(unknown)}; known: {', '.join(MODELS)}", err=True
        )
        raise typer.Exit(2)
    started = time.monotonic()
    try:
        fetched = install_models(target, names)
    except ModelInstallError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    took = time.monotonic() - started
    typer.echo(f"models in {target}: {len(fetched)} installed, all verified ({took:.1f} s)")


@models_app.command("list")
def list_models(directory: DirOption = None) -> None:
    """Show each model, its source and whether the cache holds the pinned file."""
    target = _directory(directory)
    for spec in MODELS.values():
        state = "ok" if is_valid(spec, target) else "missing"
        source = f"{spec.source.package}@{spec.source.version}"
        typer.echo(f"{spec.name:<8} {state:<8} {source:<40} {spec.licence}")
