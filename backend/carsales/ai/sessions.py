"""Lazily loaded ONNX Runtime sessions, one per model and settings, shared by all threads.

Loading ISNet takes seconds (verify, convert, build the session), so it happens on first use,
once per process, behind a lock; `InferenceSession.run` itself is thread-safe.
"""

import threading
from collections.abc import Callable
from pathlib import Path

import onnxruntime as ort
import structlog

from carsales.ai.onnx_graph import isnet_for_cpu
from carsales.ai.registry import ISNET, MODELS, verified_path

log = structlog.get_logger(__name__)

# Rewrites applied to a model's bytes before building its session.
_PREPARE: dict[str, Callable[[bytes], bytes]] = {ISNET.name: isnet_for_cpu}

_lock = threading.Lock()
_sessions: dict[tuple[str, Path, int], ort.InferenceSession] = {}


def get_session(name: str, directory: Path, threads: int = 0) -> ort.InferenceSession:
    """The shared session for a model; `threads` = 0 lets ONNX Runtime use every core.

    Raises `ModelMissingError` (naming the install command) when the model is not installed.
    """
    key = (name, directory.resolve(), threads)
    session = _sessions.get(key)
    if session is not None:
        return session
    with _lock:
        session = _sessions.get(key)
        if session is None:
            session = _load(name, directory, threads)
            _sessions[key] = session
    return session


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
