"""One cache for every heavy model of a process (ONNX sessions, Whisper), as immich's machine
learning service keeps its models: each loads lazily on first use, once per process per key,
and is shared by every request, job and thread; optionally it is dropped after a while unused.

Loads take seconds and are CPU-bound, so callers call `get` on worker threads, never on the event
loop. Each key has its own lock: a thread loading Whisper does not hold up one that wants an ONNX
session already loaded or loading under another key. A loader that raises leaves nothing behind,
so the next `get` tries again (a model installed meanwhile is then found).

Idle unload (`CARSALES_MODEL_IDLE_UNLOAD_S`) suits a machine that runs models rarely: a daemon
thread drops entries unused for that long, and the next `get` loads them again. Callers therefore
hold a model only for the work at hand and ask the cache again next time (a hit is a dictionary
look-up), or the dropped model would stay alive through their reference.
"""

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import structlog

log = structlog.get_logger(__name__)

T = TypeVar("T")

MAX_SWEEP_INTERVAL_S = 60.0


@dataclass
class _Entry:
    # Never removed from the cache once made: a thread waiting on `lock` must find the model
    # there when the loading thread is done, not an orphan entry (unloading clears `value`).
    lock: threading.Lock = field(default_factory=threading.Lock)
    loaded: bool = False
    value: Any = None
    last_used: float = 0.0


class ModelCache:
    """`get(key, loader)`: the model under `key`, loaded by `loader()` the first time.

    `idle_unload_s` = 0 keeps models for the life of the process; otherwise a model unused for
    that many seconds is dropped (see `unload_idle`). `clock` is for tests.
    """

    def __init__(
        self, idle_unload_s: float = 0.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._clock = clock
        self._lock = threading.Lock()  # guards the entries' fields and the sweeper
        self._entries: dict[Hashable, _Entry] = {}
        self._idle_unload_s = 0.0
        self._sweeper: threading.Thread | None = None
        self._wake = threading.Event()  # a new setting or close() ends the sweeper's wait
        self.set_idle_unload(idle_unload_s)

    @property
    def idle_unload_s(self) -> float:
        return self._idle_unload_s

    def set_idle_unload(self, seconds: float) -> None:
        """Drop models unused for `seconds` (0: never); applies to models already loaded."""
        if seconds < 0:
            raise ValueError("idle unload seconds must be 0 (never) or more")
        with self._lock:
            self._idle_unload_s = seconds
            self._wake.set()
            self._start_sweeper()

    def get(self, key: Hashable, loader: Callable[[], T]) -> T:
        """The model under `key`; the first call (per key, or after an unload) runs `loader`
        while other callers of that key wait. `loader` must not ask for the same key."""
        with self._lock:
            entry = self._entries.setdefault(key, _Entry())
            if entry.loaded:
                entry.last_used = self._clock()
                return cast(T, entry.value)
        with entry.lock:
            with self._lock:
                if entry.loaded:  # loaded by the thread this one waited for
                    entry.last_used = self._clock()
                    return cast(T, entry.value)
            value = loader()  # outside self._lock: other keys stay available meanwhile
            with self._lock:
                entry.value, entry.loaded, entry.last_used = value, True, self._clock()
                self._start_sweeper()
        return value

    def loaded(self, key: Hashable) -> bool:
        with self._lock:
            entry = self._entries.get(key)
            return entry is not None and entry.loaded

    def unload_idle(self) -> list[Hashable]:
        """Drop the models unused for `idle_unload_s` (none when it is 0); their keys."""
        with self._lock:
            if self._idle_unload_s <= 0:
                return []
            cutoff = self._clock() - self._idle_unload_s
            keys = [k for k, e in self._entries.items() if e.loaded and e.last_used <= cutoff]
            for key in keys:
                self._drop(key)
        return keys

    def clear(self) -> None:
        """Drop every model (a caller that holds one keeps it until it lets go)."""
        with self._lock:
            for key, entry in self._entries.items():
                if entry.loaded:
                    self._drop(key)

    def close(self) -> None:
        """Stop the idle sweeper; models stay until `clear`."""
        self.set_idle_unload(0)

    def _drop(self, key: Hashable) -> None:
        entry = self._entries[key]
        entry.value, entry.loaded = None, False
        log.info("model_unloaded", key=repr(key))

    def _start_sweeper(self) -> None:
        # Called with self._lock held. The sweeper runs only while it has something to do.
        alive = self._sweeper is not None and self._sweeper.is_alive()
        if alive or self._idle_unload_s <= 0 or not self._any_loaded():
            return
        self._wake.clear()
        self._sweeper = threading.Thread(target=self._sweep, name="model-cache-sweeper")
        self._sweeper.daemon = True  # never keeps the process alive
        self._sweeper.start()

    def _any_loaded(self) -> bool:
        return any(entry.loaded for entry in self._entries.values())

    def _sweep(self) -> None:
        while True:
            with self._lock:
                idle = self._idle_unload_s
                if idle <= 0 or not self._any_loaded():
                    self._sweeper = None
                    return
                self._wake.clear()
            # Half the idle time between looks: a model goes within 1.5 times the setting.
            self._wake.wait(min(idle / 2, MAX_SWEEP_INTERVAL_S))
            self.unload_idle()


# The process's cache: models are shared by all requests and jobs of a process. main.py and
# worker.py apply CARSALES_MODEL_IDLE_UNLOAD_S to it; tests of the cache make their own.
model_cache = ModelCache()
