"""Every dependency of every endpoint is a coroutine function. FastAPI runs a plain `def`
dependency in its thread pool: a thread hop on every request that, under load, queues behind
the work the pool is there for (password hashing, file writes), which made list reads wait
(bench/load.py)."""

import inspect
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant

from tests.test_authorization_matrix import api_routes


def _calls(dependant: Dependant) -> Iterator[Any]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _calls(dependency)


def _runs_on_the_event_loop(call: Any) -> bool:
    return any(
        inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function)
        for function in (call, getattr(call, "__call__", None))  # noqa: B004 - a callable object: its method
    )


def test_no_endpoint_dependency_runs_in_the_thread_pool(app: FastAPI) -> None:
    blocking = {
        f"{call.__module__}.{getattr(call, '__qualname__', type(call).__name__)}"
        for route in api_routes(app).values()
        for call in _calls(route.dependant)
        if not _runs_on_the_event_loop(call)
    }
    assert not blocking, f"Make these `async def` (they block nothing): {sorted(blocking)}"
