"""ONNX Runtime sessions, one per model and settings, shared by all threads.

Loading ISNet takes seconds (verify, convert, build the session), so it happens on first use,
once per process, through the model cache (carsales.ai.cache); `InferenceSession.run` itself is
thread-safe.

A model rewritten before use (ISNet: fp32 at any size, int8 convolutions; 2.4-3.7 s on 2 cores)
is rewritten once per machine, not once per process: the result is kept in the model
directory's `prepared/` folder, named by a key of everything the rewrite depends on, with its
SHA-256 beside it. `make models` makes it, so a worker's first photo does not wait for it.
"""

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import onnx
import onnxruntime as ort
import structlog

from carsales.ai import onnx_graph
from carsales.ai.cache import model_cache
from carsales.ai.registry import ISNET, MODELS, ModelSpec, verified_path

log = structlog.get_logger(__name__)

PREPARED = "prepared"  # the model directory's folder of rewritten models


@dataclass(frozen=True)
class Rewrite:
    """What a model's bytes go through before its session is built, and the files whose
    contents decide the result besides the model: the code that rewrites and its data."""

    apply: Callable[[bytes], bytes]
    depends_on: tuple[Path, ...]


REWRITES: dict[str, Rewrite] = {
    ISNET.name: Rewrite(
        onnx_graph.isnet_for_cpu, (Path(onnx_graph.__file__), onnx_graph.ISNET_RANGES)
    )
}


def get_session(name: str, directory: Path, threads: int = 0) -> ort.InferenceSession:
    """The shared session for a model; `threads` = 0 lets ONNX Runtime use every core.

    Raises `ModelMissingError` (naming the install command) when the model is not installed.
    """
    key = ("onnx", name, directory.resolve(), threads)
    return model_cache.get(key, lambda: _load(name, directory, threads))


def _load(name: str, directory: Path, threads: int) -> ort.InferenceSession:
    model = model_bytes(MODELS[name], directory)
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Warnings about initialisers that graph optimisation folds away are noise here.
    options.log_severity_level = 3
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    log.info("model_loaded", model=name, path=str(MODELS[name].path_in(directory)), threads=threads)
    return session


def model_bytes(spec: ModelSpec, directory: Path) -> bytes:
    """What the model's session is built from: its verified file, or that file rewritten,
    read from the copy an earlier process kept where there is a good one."""
    path = verified_path(spec, directory)
    rewrite = REWRITES.get(spec.name)
    if rewrite is None:
        return path.read_bytes()
    kept = prepared_path(spec, directory, rewrite)
    model = _read_kept(kept)
    if model is None:
        model = rewrite.apply(path.read_bytes())
        _keep(kept, model, spec.name)
    return model


def prepared_path(spec: ModelSpec, directory: Path, rewrite: Rewrite) -> Path:
    """Where the rewritten model is kept: named by the pinned model's SHA-256, the contents of
    the rewrite's code and data, and the versions of the libraries that write and read it, so
    that a change to any of them makes a new copy instead of using a stale one."""
    key = hashlib.sha256(spec.sha256.encode())
    for dependency in rewrite.depends_on:
        key.update(hashlib.sha256(dependency.read_bytes()).digest())
    key.update(f"onnx {onnx.__version__} onnxruntime {ort.__version__}".encode())
    return directory / PREPARED / f"{spec.name}-{key.hexdigest()[:16]}.onnx"


def _digest_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _read_kept(path: Path) -> bytes | None:
    """The kept copy, if whole: its bytes must match the SHA-256 written beside them."""
    try:
        model = path.read_bytes()
        expected = _digest_path(path).read_text().strip()
    except OSError:
        return None
    if hashlib.sha256(model).hexdigest() != expected:
        log.warning("prepared_model_damaged", path=str(path))
        return None
    return model


def _keep(path: Path, model: bytes, name: str) -> None:
    """Keeps the rewritten model for the next process, and drops this model's stale copies.
    Each file appears whole or not at all (written aside, then renamed). A folder that cannot
    be written (read-only, full) costs the next process the rewrite again, nothing more."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_whole(path, model)
        _write_whole(_digest_path(path), hashlib.sha256(model).hexdigest().encode())
        copy = re.compile(rf"{re.escape(name)}-[0-9a-f]{{16}}\.onnx(\.sha256)?")
        for stale in path.parent.iterdir():
            if copy.fullmatch(stale.name) and stale not in (path, _digest_path(path)):
                stale.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("prepared_model_not_kept", path=str(path), error=str(exc))


def _write_whole(path: Path, data: bytes) -> None:
    # Per process: two workers starting together each write their own, then rename.
    staged = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        staged.write_bytes(data)
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)
