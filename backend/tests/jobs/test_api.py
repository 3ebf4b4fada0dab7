import io
import zipfile
from collections.abc import Mapping
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from carsales.jobs.processors import (
    ItemRejected,
    JobKind,
    JobKinds,
    Prepared,
    ReportProgress,
    Uploads,
)
from carsales.models import JobType, ProcessingJob, Role
from tests.conftest import TestDealership, wait_until_finished
from tests.jobs.conftest import EchoProcessor, EchoSettings, identify, png_bytes


def _files(*contents: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "application/octet-stream")) for name, data in contents]


async def test_upload_processes_every_photo_of_the_set(
    client: httpx.AsyncClient, dealership: TestDealership, echo: EchoProcessor, job_worker: object
) -> None:
    seller = dealership[Role.salesperson]
    response = await client.post(
        "/api/v1/jobs",
        headers=seller.headers,
        data={"settings": '{"suffix": "-ok"}', "vehicleRef": "1hgcm82633a004352"},
        files=_files(("front.png", png_bytes(b"front")), ("../../side.png", png_bytes(b"side"))),
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["vehicleRef"] == "1HGCM82633A004352"
    assert [item["originalName"] for item in created["items"]] == ["front.png", "side.png"]

    job = await wait_until_finished(client, created["id"], seller.headers)
    assert job["status"] == "completed"
    assert job["progress"] == 100
    assert (job["completedItems"], job["failedItems"]) == (2, 0)

    output = await client.get(job["items"][0]["outputUrl"])
    assert output.status_code == 200
    assert output.content == png_bytes(b"front") + b"-ok/2"
    assert "attachment" in output.headers["content-disposition"]

    archive = await client.get(job["archiveUrl"])
    assert archive.status_code == 200
    with zipfile.ZipFile(io.BytesIO(archive.content)) as bundle:
        assert sorted(bundle.namelist()) == ["front.png", "side.png"]
        assert bundle.read("side.png") == png_bytes(b"side") + b"-ok/2"


async def test_a_corrupt_photo_fails_its_item_with_the_reason(
    client: httpx.AsyncClient, dealership: TestDealership, echo: EchoProcessor, job_worker: object
) -> None:
    seller = dealership[Role.salesperson]
    response = await client.post(
        "/api/v1/jobs",
        headers=seller.headers,
        files=_files(("a.png", png_bytes(b"corrupt")), ("b.png", png_bytes(b"fine"))),
    )
    job = await wait_until_finished(client, response.json()["id"], seller.headers)
    assert [item["status"] for item in job["items"]] == ["failed", "completed"]
    assert job["items"][0]["error"] == "The photo is damaged and cannot be read."


async def test_a_file_of_another_type_refuses_the_upload_and_is_named(
    client: httpx.AsyncClient, dealership: TestDealership, echo: EchoProcessor
) -> None:
    headers = dealership[Role.salesperson].headers
    response = await client.post(
        "/api/v1/jobs",
        headers=headers,
        files=_files(
            ("front.png", png_bytes()),
            ("notes.jpg", b"this is a text file, not a photo"),
            ("x.jpg", b"GIF89a not supported"),
        ),
    )
    assert response.status_code == 400, response.text
    problem = response.json()
    assert problem["code"] == "unsupported_file"
    assert problem["detail"] == "notes.jpg, x.jpg: Not a PNG (judged from its contents)."
    assert problem["files"] == ["notes.jpg", "x.jpg"]
    # Nothing of the refused request is kept: no job, and so no failed job to clear away.
    assert (await client.get("/api/v1/jobs", headers=headers)).json()["total"] == 0


async def test_invalid_settings_and_limits_are_clear_errors(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership, echo: EchoProcessor
) -> None:
    headers = dealership[Role.salesperson].headers
    bad = await client.post(
        "/api/v1/jobs",
        headers=headers,
        data={"settings": '{"suffix": 5}'},
        files=_files(("a.png", png_bytes())),
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid_settings"

    limit = app.state.settings.upload_max_files
    many = _files(*[(f"{i}.png", png_bytes()) for i in range(limit + 1)])
    too_many = await client.post("/api/v1/jobs", headers=headers, files=many)
    assert too_many.status_code == 400
    assert str(limit) in too_many.json()["detail"]


async def test_oversized_photo_fails_only_that_photo(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership, echo: EchoProcessor
) -> None:
    limit = app.state.settings.upload_max_file_bytes
    response = await client.post(
        "/api/v1/jobs",
        headers=dealership[Role.salesperson].headers,
        files=_files(("big.png", png_bytes(b"x" * limit)), ("ok.png", png_bytes())),
    )
    assert response.status_code == 201
    big, ok = response.json()["items"]
    assert big["status"] == "failed" and "MB allowed" in big["error"]
    assert ok["status"] == "pending"


async def test_jobs_are_private_to_owner_team_and_dealership(
    client: httpx.AsyncClient,
    dealership: TestDealership,
    other_dealership: TestDealership,
    echo: EchoProcessor,
) -> None:
    seller = dealership[Role.salesperson]
    created = await client.post(
        "/api/v1/jobs", headers=seller.headers, files=_files(("a.png", png_bytes()))
    )
    job_id = created.json()["id"]
    for viewer, expected in [
        (dealership[Role.manager], 200),
        (dealership[Role.admin], 200),
        (other_dealership[Role.admin], 404),
        (other_dealership[Role.salesperson], 404),
    ]:
        response = await client.get(f"/api/v1/jobs/{job_id}", headers=viewer.headers)
        assert response.status_code == expected
    listed = await client.get("/api/v1/jobs", headers=other_dealership[Role.admin].headers)
    assert listed.json()["total"] == 0


async def test_cancel_retry_and_delete(
    client: httpx.AsyncClient, dealership: TestDealership, echo: EchoProcessor
) -> None:
    headers = dealership[Role.salesperson].headers
    created = await client.post(
        "/api/v1/jobs",
        headers=headers,
        files=_files(("a.png", png_bytes()), ("b.png", png_bytes())),
    )
    job_id = created.json()["id"]

    canceled = await client.post(f"/api/v1/jobs/{job_id}/cancel", headers=headers)
    assert canceled.json()["status"] == "canceled"
    assert {item["status"] for item in canceled.json()["items"]} == {"skipped"}
    again = await client.post(f"/api/v1/jobs/{job_id}/cancel", headers=headers)
    assert again.status_code == 409

    retried = await client.post(f"/api/v1/jobs/{job_id}/retry", headers=headers)
    assert retried.json()["status"] == "pending"
    assert {item["status"] for item in retried.json()["items"]} == {"pending"}

    link = retried.json()["items"][0]["inputUrl"]
    assert (await client.get(link)).status_code == 200
    assert (await client.delete(f"/api/v1/jobs/{job_id}", headers=headers)).status_code == 204
    assert (await client.get(f"/api/v1/jobs/{job_id}", headers=headers)).status_code == 404
    assert (await client.get(link)).status_code == 404


async def test_forged_download_link_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/downloads/not-a-real-token")
    assert response.status_code == 404


async def test_a_training_analysis_cannot_be_created_nor_listed_as_an_image_job(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership, echo: EchoProcessor
) -> None:
    seller = dealership[Role.salesperson]
    refused = await client.post(
        "/api/v1/jobs",
        headers=seller.headers,
        data={"jobType": "speech_analysis"},
        files=_files(("a.wav", b"RIFF....WAVE")),
    )
    assert refused.status_code == 400
    assert "own module" in refused.json()["detail"]
    async with app.state.sessionmaker() as session:
        session.add(
            ProcessingJob(
                dealership_id=dealership.id,
                owner_id=seller.user.id,
                job_type=JobType.speech_analysis,
            )
        )
        await session.commit()
    listed = await client.get("/api/v1/jobs", headers=seller.headers)
    assert listed.json()["total"] == 0
    asked = await client.get("/api/v1/jobs?jobType=speech_analysis", headers=seller.headers)
    assert [job["jobType"] for job in asked.json()["items"]] == ["speech_analysis"]


class FailsOnce(EchoProcessor):
    """Refuses the second photo the first time it sees it (a full disk, say)."""

    def __init__(self) -> None:
        super().__init__()
        self.failed = False

    def prepare(
        self, data: bytes, settings: Mapping[str, Any], progress: ReportProgress, position: int
    ) -> Prepared:
        if position == 1 and not self.failed:
            self.failed = True
            raise ItemRejected("The disk was full.")
        return super().prepare(data, settings, progress, position)


async def test_a_retried_photo_is_framed_with_its_set_where_the_prepared_data_is_kept(
    app: FastAPI,
    client: httpx.AsyncClient,
    dealership: TestDealership,
    job_worker: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    processor = FailsOnce()
    kinds: JobKinds = app.state.job_kinds
    previous = kinds.of(JobType.full_pipeline)
    uploads = Uploads(identify, "Not a PNG (judged from its contents).")
    kinds.register(
        JobType.full_pipeline, JobKind(processor, EchoSettings, uploads, keeps_prepared=True)
    )
    try:
        headers = dealership[Role.salesperson].headers
        files = _files(("a.png", png_bytes(b"a")), ("b.png", png_bytes(b"b")))
        created = await client.post("/api/v1/jobs", headers=headers, files=files)
        job = await wait_until_finished(client, created.json()["id"], headers)
        assert [item["status"] for item in job["items"]] == ["completed", "failed"]
        first = await client.get(job["items"][0]["outputUrl"])
        assert first.content.endswith(b"done/1")  # planned as a set of one

        # Both photos are queued again, so both count towards the photos quota.
        monkeypatch.setattr(app.state.settings, "quota_photos_in_flight", 1)
        refused = await client.post(f"/api/v1/jobs/{job['id']}/retry", headers=headers)
        assert refused.status_code == 429
        monkeypatch.setattr(app.state.settings, "quota_photos_in_flight", 2)
        retried = await client.post(f"/api/v1/jobs/{job['id']}/retry", headers=headers)
        assert retried.status_code == 200
        job = await wait_until_finished(client, job["id"], headers)
        assert [item["status"] for item in job["items"]] == ["completed", "completed"]
        # Planned again as a set of two; the first photo finished again, not prepared again.
        for item in job["items"]:
            assert (await client.get(item["outputUrl"])).content.endswith(b"done/2")
        assert processor.calls == [png_bytes(b"a"), png_bytes(b"b")]
    finally:
        kinds.register(JobType.full_pipeline, previous)
