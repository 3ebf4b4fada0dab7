"""Jobs run for real: the app's own queue and an in-process Dramatiq worker, with a small
processor standing in for the image pipeline so the tests exercise delivery, not pixels."""

import asyncio
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

import dramatiq
import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel

from carsales.jobs import processors
from carsales.jobs.processors import ItemOutput, ItemRejected, JobKind
from carsales.models import JobType

PNG_HEAD = b"\x89PNG\r\n\x1a\n"


def png_bytes(payload: bytes = b"pixels") -> bytes:
    return PNG_HEAD + payload


class EchoSettings(BaseModel):
    suffix: str = "done"


class EchoProcessor:
    """Appends the suffix; refuses inputs containing b"corrupt"; counts its calls."""

    def __init__(self) -> None:
        self.calls: list[bytes] = []
        self.delay = 0.0

    def __call__(self, data: bytes, settings: Mapping[str, Any]) -> ItemOutput:
        self.calls.append(data)
        if b"corrupt" in data:
            raise ItemRejected("The photo is damaged and cannot be read.")
        time.sleep(self.delay)
        return ItemOutput(
            data=data + settings["suffix"].encode(),
            extension="png",
            content_type="image/png",
            timings={"total": self.delay},
        )


@pytest.fixture
def echo() -> Iterator[EchoProcessor]:
    processor = EchoProcessor()
    previous = processors._kinds.get(JobType.full_pipeline)
    processors._kinds[JobType.full_pipeline] = JobKind(processor, EchoSettings)
    yield processor
    if previous is None:
        processors._kinds.pop(JobType.full_pipeline, None)
    else:
        processors._kinds[JobType.full_pipeline] = previous


@pytest.fixture
async def job_worker(app: FastAPI) -> AsyncIterator[dramatiq.Worker]:
    app.state.loop = asyncio.get_running_loop()
    worker = dramatiq.Worker(app.state.job_queue.broker, worker_threads=1)
    worker.start()
    yield worker
    await asyncio.to_thread(worker.stop)
    app.state.job_queue.broker.flush_all()


async def wait_until_finished(
    client: httpx.AsyncClient, job_id: str, headers: dict[str, str], within: float = 20
) -> dict[str, Any]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        response = await client.get(f"/api/v1/jobs/{job_id}", headers=headers)
        body: dict[str, Any] = response.json()
        if body["status"] in ("completed", "failed", "canceled"):
            return body
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {body}")
