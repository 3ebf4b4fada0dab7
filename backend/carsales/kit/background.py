"""Fire-and-forget work of a request: started without being awaited, kept referenced until it
ends (asyncio holds tasks only weakly), its failures logged."""

import asyncio
from collections.abc import Coroutine
from typing import Any

import structlog

log = structlog.get_logger(__name__)
_in_flight: set[asyncio.Task[None]] = set()


async def _logged(work: Coroutine[Any, Any, None], name: str) -> None:
    try:
        await work
    except Exception:
        log.exception("background_task_failed", task=name)


def spawn(work: Coroutine[Any, Any, None], name: str) -> None:
    task = asyncio.create_task(_logged(work, name), name=name)
    _in_flight.add(task)
    task.add_done_callback(_in_flight.discard)


async def drain() -> None:
    """Wait until no work started here is running (tests; an orderly shutdown)."""
    while pending := [task for task in _in_flight if not task.done()]:
        await asyncio.gather(*pending, return_exceptions=True)
