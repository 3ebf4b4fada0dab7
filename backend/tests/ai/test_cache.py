"""The model cache: one load per key under concurrency, errors not kept, idle unload."""

import threading
import time
import weakref
from collections.abc import Callable

import pytest
from fastapi import FastAPI

from carsales.ai.cache import ModelCache, model_cache
from carsales.ai.registry import ModelMissingError
from carsales.config import Settings
from carsales.main import create_fastapi


class Model:
    """Stands in for an ONNX session or Whisper: any object, so that a test can watch it go."""

    def __init__(self, name: str) -> None:
        self.name = name


class Loader:
    """Counts its calls; optionally slow, so that other threads arrive while it loads."""

    def __init__(self, name: str = "model", delay_s: float = 0.0) -> None:
        self.name = name
        self.delay_s = delay_s
        self.calls = 0

    def __call__(self) -> Model:
        self.calls += 1
        time.sleep(self.delay_s)
        return Model(self.name)


def in_threads(count: int, work: Callable[[], object]) -> list[object]:
    """Run `work` on `count` threads released at the same moment; their results."""
    start = threading.Barrier(count)
    results: list[object] = []

    def run() -> None:
        start.wait()
        results.append(work())

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    return results


def test_concurrent_gets_load_once_and_share_the_model() -> None:
    cache = ModelCache()
    loader = Loader(delay_s=0.2)
    results = in_threads(8, lambda: cache.get("isnet", loader))
    assert loader.calls == 1
    assert len(results) == 8 and all(result is results[0] for result in results)
    assert cache.get("isnet", loader) is results[0] and loader.calls == 1


def test_each_key_loads_its_own_model_without_waiting_for_another() -> None:
    cache = ModelCache()
    release = threading.Event()

    def slow() -> Model:
        release.wait(10)
        return Model("whisper")

    loading = threading.Thread(target=lambda: cache.get(("whisper", "base"), slow))
    loading.start()
    try:
        # Another key is served while the first is still loading.
        first = cache.get(("onnx", "u2netp", 1), Loader("u2netp"))
        second = cache.get(("onnx", "u2netp", 2), Loader("u2netp"))
        assert first is not second
        assert not cache.loaded(("whisper", "base"))
    finally:
        release.set()
        loading.join(timeout=10)
    assert cache.loaded(("whisper", "base"))
    assert isinstance(cache.get(("whisper", "base"), Loader()), Model)


def test_a_failed_load_is_raised_and_not_kept() -> None:
    cache = ModelCache()
    attempts = 0

    def missing() -> Model:
        nonlocal attempts
        attempts += 1
        raise ModelMissingError("isnet is not installed: run `make models`")

    for _ in range(2):  # each get tries again: the model may have been installed meanwhile
        with pytest.raises(ModelMissingError, match="make models"):
            cache.get("isnet", missing)
    assert attempts == 2 and not cache.loaded("isnet")
    loader = Loader()
    assert cache.get("isnet", loader).name == "model" and loader.calls == 1


def test_threads_waiting_on_a_failed_load_try_again_themselves() -> None:
    cache = ModelCache()
    calls = 0

    def fails_once() -> Model:
        nonlocal calls
        calls += 1
        time.sleep(0.1)
        if calls == 1:
            raise OSError("disk hiccup")
        return Model("second try")

    def get() -> object:
        try:
            return cache.get("key", fails_once)
        except OSError as exc:
            return exc

    results = in_threads(4, get)
    errors = [r for r in results if isinstance(r, OSError)]
    models = [r for r in results if isinstance(r, Model)]
    assert len(errors) == 1 and len(models) == 3
    assert calls == 2 and all(model is models[0] for model in models)


def test_a_model_unused_for_the_idle_time_is_freed_and_loaded_again() -> None:
    now = [100.0]
    cache = ModelCache(idle_unload_s=60, clock=lambda: now[0])
    try:
        loader = Loader()
        model = cache.get("whisper", loader)
        watch = weakref.ref(model)
        now[0] += 50
        assert cache.get("whisper", loader) is model  # a use restarts the idle time
        now[0] += 50
        assert cache.unload_idle() == []
        del model
        now[0] += 10
        assert cache.unload_idle() == ["whisper"]
        assert watch() is None  # the cache held the last reference
        assert not cache.loaded("whisper")
        assert cache.get("whisper", loader) is not None and loader.calls == 2
    finally:
        cache.close()


def test_without_an_idle_time_models_stay() -> None:
    now = [0.0]
    cache = ModelCache(clock=lambda: now[0])
    cache.get("isnet", Loader())
    now[0] += 1e9
    assert cache.unload_idle() == [] and cache.loaded("isnet")


def test_the_sweeper_unloads_idle_models_by_itself() -> None:
    cache = ModelCache(idle_unload_s=0.05)
    try:
        loader = Loader()
        watch = weakref.ref(cache.get("u2netp", loader))
        deadline = time.monotonic() + 5
        while watch() is not None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert watch() is None and not cache.loaded("u2netp")
        assert cache.get("u2netp", loader) is not None and loader.calls == 2
    finally:
        cache.close()


def test_a_negative_idle_time_is_refused() -> None:
    with pytest.raises(ValueError, match="idle"):
        ModelCache(idle_unload_s=-1)


@pytest.mark.usefixtures("_migrated")
async def test_the_app_applies_the_idle_setting_to_the_process_cache(settings: Settings) -> None:
    app: FastAPI = create_fastapi(settings.model_copy(update={"model_idle_unload_s": 3600}))
    try:
        async with app.router.lifespan_context(app):
            assert model_cache.idle_unload_s == 3600
    finally:
        model_cache.set_idle_unload(0)  # the other tests share the process's cache
        await app.state.engine.dispose()
