"""Scale-out mode for real: the API enqueues through Redis, `carsales worker` processes run the
job, and one of them is killed with SIGKILL in the middle of it."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import BinaryIO

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from carsales.config import Settings
from carsales.main import create_fastapi
from carsales.models import ItemStatus, JobItem, JobStatus, Role
from tests.conftest import TestDealership, exclusive_redis, make_dealership
from tests.imaging.synthetic import car_scene, encode
from tests.test_events import _free_port

LEASE_SECONDS = 4


@pytest.fixture
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with exclusive_redis(tmp_path_factory) as url:
        yield url


@pytest.fixture
def scale_out_settings(settings: Settings, redis_url: str) -> Settings:
    # A fresh Redis namespace is not needed: the queue only ever holds this test's job ids.
    return settings.model_copy(
        update={
            "redis_url": redis_url,
            "job_lease_seconds": LEASE_SECONDS,
            "model_dir": Settings().model_dir,
        }
    )


@pytest.fixture
async def scale_out_app(scale_out_settings: Settings, app: FastAPI) -> AsyncIterator[FastAPI]:
    # `app` first: its session fixture migrated the database this instance shares.
    api = create_fastapi(scale_out_settings)
    yield api
    await api.state.engine.dispose()


class Workers:
    def __init__(self, settings: Settings, log: BinaryIO) -> None:
        self.settings = settings
        self.log = log  # shown when the test fails
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, *options: str) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "CARSALES_DATABASE_URL": self.settings.database_url,
            "CARSALES_REDIS_URL": self.settings.redis_url or "",
            "CARSALES_DATA_DIR": str(self.settings.data_dir),
            "CARSALES_MODEL_DIR": str(self.settings.model_dir),
            "CARSALES_JOB_LEASE_SECONDS": str(LEASE_SECONDS),
        }
        process = subprocess.Popen(
            [str(Path(sys.executable).with_name("carsales")), "worker", *options],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        self.processes.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def workers(scale_out_settings: Settings, tmp_path: Path) -> Iterator[Workers]:
    log_path = tmp_path / "workers.log"
    with log_path.open("wb") as log:
        pool = Workers(scale_out_settings, log)
        yield pool
        pool.stop_all()
    sys.stderr.write(log_path.read_text()[-4000:])


async def _items(api: FastAPI, job_id: str) -> list[JobItem]:
    async with api.state.sessionmaker() as session:
        rows = await session.scalars(
            select(JobItem).where(JobItem.job_id == job_id).order_by(JobItem.position)
        )
        return list(rows)


async def test_a_killed_worker_loses_nothing(
    scale_out_app: FastAPI, workers: Workers, redis_url: str
) -> None:
    transport = httpx.ASGITransport(app=scale_out_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        dealership: TestDealership = await make_dealership(scale_out_app, client, "Kill Motors")
        headers = dealership[Role.salesperson].headers
        photo = encode(car_scene(640, 480)[0], "JPEG")
        photos = [("files", (f"car-{i}.jpg", photo, "image/jpeg")) for i in range(4)]
        created = await client.post(
            "/api/v1/jobs",
            headers=headers,
            files=photos,
            data={"settings": '{"size": "4:3-800", "quality": "low"}'},
        )
        assert created.status_code == 201, created.text
        job_id = created.json()["id"]

        doomed = workers.start()
        deadline = time.monotonic() + 120
        while not any(
            item.status is ItemStatus.prepared for item in await _items(scale_out_app, job_id)
        ):
            assert time.monotonic() < deadline, "the first worker never got going"
            await asyncio.sleep(0.2)
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(10)

        metrics_port = _free_port()
        workers.start("--metrics-port", str(metrics_port))
        deadline = time.monotonic() + 180
        while True:
            job = (await client.get(f"/api/v1/jobs/{job_id}", headers=headers)).json()
            if job["status"] in ("completed", "failed", "canceled"):
                break
            assert time.monotonic() < deadline, f"the job never finished: {job}"
            await asyncio.sleep(0.5)

    assert job["status"] == JobStatus.completed.value
    assert [item["status"] for item in job["items"]] == ["completed"] * 4
    assert job["attempts"] >= 2
    outputs = Path(
        scale_out_app.state.settings.storage_dir, dealership.id, "jobs", job_id, "outputs"
    )
    stored = await asyncio.to_thread(lambda: list(outputs.iterdir()))
    assert len(stored) == 4, "a re-run must overwrite, never add outputs"

    # The worker that finished the job counted and timed it, on its own metrics listener.
    async with httpx.AsyncClient() as http:
        scraped = (await http.get(f"http://127.0.0.1:{metrics_port}/metrics")).text
    labels = 'kind="full_pipeline",outcome="completed"'
    assert f"carsales_jobs_finished_total{{{labels}}} 1.0" in scraped
    assert f"carsales_job_duration_seconds_count{{{labels}}} 1.0" in scraped
