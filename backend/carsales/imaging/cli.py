"""`carsales images process`: the imaging pipeline on local files, for scripts and evaluation."""

import re
from pathlib import Path
from typing import Annotated

import typer

from carsales.config import get_settings
from carsales.imaging.pipeline.presets import OutputFormat, Quality, SizePreset

images_app = typer.Typer(help="Car photos: cut-outs, backdrops, enhancement.", no_args_is_help=True)

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@images_app.command()
def process(
    files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False, help="Photos")],
    out: Annotated[Path, typer.Option("--out", file_okay=False, help="Output folder")],
    background: Annotated[
        str, typer.Option(help="transparent, white, studio or #RRGGBB")
    ] = "transparent",
    backdrop: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="A backdrop photo (overrides --background)"),
    ] = None,
    quality: Annotated[Quality, typer.Option(help="Resolution and effort")] = Quality.medium,
    output_format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.png,
    size: Annotated[SizePreset, typer.Option(help="Output size")] = SizePreset.original,
    enhance: Annotated[bool, typer.Option(help="White balance, contrast, denoise, sharpen")] = True,
    threads: Annotated[int, typer.Option(help="Inference threads; 0: all cores")] = 0,
) -> None:
    """Write one image per photo into --out; the photos of one call are framed as one set."""
    # Imported here: numpy, OpenCV and ONNX Runtime would slow every other `carsales` command.
    from carsales.ai.registry import ModelMissingError
    from carsales.imaging.pipeline.compose import BackdropImage, Background, parse_background
    from carsales.imaging.pipeline.decode import decode
    from carsales.imaging.pipeline.enhance import Enhancements
    from carsales.imaging.pipeline.errors import ImageError
    from carsales.imaging.pipeline.process import Options, process_set
    from carsales.imaging.pipeline.segment import Segmenter

    try:
        chosen: Background = (
            BackdropImage(decode(backdrop.read_bytes()))
            if backdrop
            else parse_background(background)
        )
    except (ValueError, ImageError) as exc:
        raise typer.BadParameter(str(exc)) from exc
    options = Options(
        background=chosen,
        quality=quality,
        output=output_format,
        size=size,
        enhancements=Enhancements() if enhance else Enhancements.none(),
        max_pixels=get_settings().upload_max_pixels,
    )
    model_dir = get_settings().model_dir
    assert model_dir is not None  # filled in by Settings
    try:
        segmenter = Segmenter.load(model_dir, threads)
    except ModelMissingError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    out.mkdir(parents=True, exist_ok=True)
    results = process_set([path.read_bytes() for path in files], options, segmenter)
    failed = 0
    targets = _output_names(files, out, output_format)
    for source, target, result in zip(files, targets, results, strict=True):
        if isinstance(result, ImageError):
            failed += 1
            typer.echo(f"{source}: failed: {result}", err=True)
            continue
        target.write_bytes(result)
        typer.echo(str(target))
    if failed:
        raise typer.Exit(1)


def _output_names(files: list[Path], out: Path, output_format: OutputFormat) -> list[Path]:
    """One safe, distinct name per input: its stem, then -2, -3... on collisions."""
    taken: set[str] = set()
    names = []
    for path in files:
        stem = _UNSAFE.sub("_", path.stem).strip("._") or "image"
        name, counter = stem, 1
        while name in taken:
            counter += 1
            name = f"{stem}-{counter}"
        taken.add(name)
        names.append(out / f"{name}.{output_format.extension}")
    return names
