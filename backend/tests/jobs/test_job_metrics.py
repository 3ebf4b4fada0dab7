"""The jobs' Prometheus figures, from real runs: the app's queue, an in-process worker and the
Echo processor (tests/jobs/conftest.py)."""

from datetime import timedelta

import httpx
from fastapi import FastAPI
from prometheus_client import REGISTRY
from sqlalchemy import update

from carsales.kit.time import utcnow
from carsales.models import ProcessingJob, Role
from tests.conftest import TestDealership, wait_until_finished
from tests.jobs.conftest import EchoProcessor, png_bytes

KIND = "full_pipeline"  # the kind EchoProcessor stands in for


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def submit(client: httpx.AsyncClient, dealership: TestDealership, *photos: bytes) -> str:
    response = await client.post(
        "/api/v1/jobs",
        headers=dealership[Role.salesperson].headers,
        data={"settings": "{}"},
        files=[
            ("files", (f"{n}.png", photo, "application/octet-stream"))
            for n, photo in enumerate(photos)
        ],
    )
    assert response.status_code == 201, response.text
    job_id: str = response.json()["id"]
    return job_id


async def test_finished_jobs_are_counted_and_timed_by_kind_and_outcome(
    client: httpx.AsyncClient, dealership: TestDealership, echo: EchoProcessor, job_worker: object
) -> None:
    echo.delay = 0.2
    completed = {"kind": KIND, "outcome": "completed"}
    failed = {"kind": KIND, "outcome": "failed"}
    before = {
        "completed": value("carsales_jobs_finished_total", **completed),
        "failed": value("carsales_jobs_finished_total", **failed),
        "timed": value("carsales_job_duration_seconds_count", **completed),
        "slow": value("carsales_job_duration_seconds_bucket", **completed, le="0.1"),
        "waited": value("carsales_job_wait_seconds_count", kind=KIND),
    }
    headers = dealership[Role.salesperson].headers
    good = await submit(client, dealership, png_bytes(b"front"), png_bytes(b"side"))
    assert (await wait_until_finished(client, good, headers))["status"] == "completed"
    bad = await submit(client, dealership, png_bytes(b"corrupt"))
    assert (await wait_until_finished(client, bad, headers))["status"] == "failed"

    assert value("carsales_jobs_finished_total", **completed) == before["completed"] + 1
    assert value("carsales_jobs_finished_total", **failed) == before["failed"] + 1
    assert value("carsales_job_duration_seconds_count", **completed) == before["timed"] + 1
    # Two photos of 0.2 s each: the run took longer than the 0.1 s bucket holds.
    assert value("carsales_job_duration_seconds_bucket", **completed, le="0.1") == before["slow"]
    assert value("carsales_job_wait_seconds_count", kind=KIND) == before["waited"] + 2


async def test_the_queue_is_read_from_the_database_at_each_scrape(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership, echo: EchoProcessor
) -> None:
    # No worker runs here: the jobs stay pending.
    first = await submit(client, dealership, png_bytes(b"a"))
    await submit(client, dealership, png_bytes(b"b"))
    async with app.state.sessionmaker() as session:
        await session.execute(
            update(ProcessingJob)
            .where(ProcessingJob.id == first)
            .values(created_at=utcnow() - timedelta(minutes=20))
        )
        await session.commit()
    local = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
    async with httpx.AsyncClient(transport=local, base_url="http://testserver") as scraper:
        assert (await scraper.get("/metrics")).status_code == 200
    assert value("carsales_jobs_in_queue", kind=KIND, status="pending") == 2
    assert value("carsales_jobs_in_queue", kind=KIND, status="processing") == 0
    assert value("carsales_jobs_in_queue", kind="speech_analysis", status="pending") == 0
    oldest = value("carsales_job_oldest_pending_seconds", kind=KIND)
    assert 20 * 60 <= oldest < 21 * 60
    assert value("carsales_job_oldest_pending_seconds", kind="speech_analysis") == 0
