"""ONNX Runtime sessions, one per model and settings, shared by all threads.

Loading ISNet takes seconds (verify, convert, build the session), so it happens on first use,
once per process, through the model cache (carsales.ai.cache); `InferenceSession.run` itself is
thread-safe.
"""

from collections.abc import Callable
from pathlib import Path

import onnxruntime as ort
import structlog

from carsales.ai.cache import model_cache
from carsales.ai.onnx_graph import isnet_for_cpu
from carsales.ai.registry import ISNET, MODELS, verified_path

log = structlog.get_logger(__name__)

# Rewrites applied to a model's bytes before building its session.
_PREPARE: dict[str, Callable[[bytes], bytes]] = {ISNET.name: isnet_for_cpu}


def get_session(name: str, directory: Path, threads: int = 0) -> ort.InferenceSession:
    """The shared session for a model; `threads` = 0 lets ONNX Runtime use every core.

    Raises `ModelMissingError` (naming the install command) when the model is not installed.
    """
    key = ("onnx", name, directory.resolve(), threads)
    return model_cache.get(key, lambda: _load(name, directory, threads))


def _load(name: str, directory: Path, threads: int) -> ort.InferenceSession:
    path = verified_path(MODELS[name], directory)
    prepare = _PREPARE.get(name)
    model = prepare(path.read_bytes()) if prepare else path.read_bytes()
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Warnings about initialisers that graph optimisation folds away are noise here.
    options.log_severity_level = 3
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    log.info("model_loaded", model=name, path=str(path), threads=threads)
    return session
