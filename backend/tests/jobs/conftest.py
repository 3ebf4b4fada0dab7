"""Jobs run for real: the app's own queue and an in-process Dramatiq worker, with a small
processor standing in for the image pipeline so the tests exercise delivery, not pixels."""

import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pytest
from fastapi import FastAPI
from pydantic import BaseModel

from carsales.jobs.processors import (
    ItemOutput,
    ItemRejected,
    JobKind,
    JobKinds,
    Prepared,
    ReportProgress,
    Uploads,
)
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
        self.progress_steps: list[float] = []  # reported while preparing each item

    def prepare(
        self,
        data: bytes,
        settings: Mapping[str, Any],
        progress: ReportProgress,
        position: int,
    ) -> Prepared:
        self.calls.append(data)
        if b"corrupt" in data:
            raise ItemRejected("The photo is damaged and cannot be read.")
        time.sleep(self.delay)
        for fraction in self.progress_steps:
            progress(fraction)
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
def echo(app: FastAPI) -> Iterator[EchoProcessor]:
    """The app's full-pipeline kind, processed by EchoProcessor for the test."""
    kinds: JobKinds = app.state.job_kinds
    processor = EchoProcessor()
    previous = kinds.of(JobType.full_pipeline)
    kinds.register(
        JobType.full_pipeline,
        JobKind(
            processor, EchoSettings, Uploads(identify, "Not a PNG (judged from its contents).")
        ),
    )
    yield processor
    kinds.register(JobType.full_pipeline, previous)
