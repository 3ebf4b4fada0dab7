"""Jobs run for real: the app's own queue and an in-process Dramatiq worker, with a small
processor standing in for the image pipeline so the tests exercise delivery, not pixels."""

import asyncio
import time
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from typing import Any

import dramatiq
import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel

from carsales.jobs import processors
from carsales.jobs.processors import ItemOutput, ItemRejected, JobKind, Prepared
from carsales.models import JobType

PNG_HEAD = b"\x89PNG\r\n\x1a\n"


def png_bytes(payload: bytes = b"pixels") -> bytes:
    return PNG_HEAD + payload


class EchoSettings(BaseModel):
    suffix: str = "done"


class EchoProcessor:
    """Prepares by upper-casing, plans the set's size, finishes by appending the suffix and the
    plan; refuses inputs containing b"corrupt"; counts its calls."""

    def __init__(self) -> None:
        self.calls: list[bytes] = []
        self.delay = 0.0

    def prepare(self, data: bytes, settings: Mapping[str, Any]) -> Prepared:
        self.calls.append(data)
        if b"corrupt" in data:
            raise ItemRejected("The photo is damaged and cannot be read.")
        time.sleep(self.delay)
        return Prepared(data=data, facts={"length": len(data)}, timings={"prepare": self.delay})

    def plan(
        self, facts: Sequence[Mapping[str, Any]], settings: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        return [{"setSize": len(facts)} for _ in facts]

    def finish(
        self, prepared: bytes, plan: Mapping[str, Any], settings: Mapping[str, Any]
    ) -> ItemOutput:
        tail = f"{settings['suffix']}/{plan['setSize']}".encode()
        return ItemOutput(prepared + tail, "png", "image/png", timings={"finish": 0.0})


def identify(head: bytes) -> tuple[str, str] | None:
    return ("image/png", "png") if head.startswith(PNG_HEAD) else None


@pytest.fixture
def echo() -> Iterator[EchoProcessor]:
    processor = EchoProcessor()
    previous = processors._kinds.get(JobType.full_pipeline)
    processors._kinds[JobType.full_pipeline] = JobKind(
        processor, EchoSettings, identify, "Not a PNG (judged from its contents)."
    )
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
