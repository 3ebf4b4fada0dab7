"""The photos quota (docs/operations.md "Quotas"): a dealership's photos waiting or being
processed are counted when a job is created or retried; past the quota the request is refused
with 429, Retry-After and the counts, and nothing is stored."""

import asyncio

import httpx
import pytest
from fastapi import FastAPI

from carsales.models import Role
from tests.conftest import Member, TestDealership
from tests.jobs.conftest import EchoProcessor, png_bytes

JOBS = "/api/v1/jobs"


async def _submit(client: httpx.AsyncClient, member: Member, photos: int) -> httpx.Response:
    files = [("files", (f"p{i}.png", png_bytes(), "image/png")) for i in range(photos)]
    return await client.post(
        JOBS, headers=member.headers, data={"jobType": "full_pipeline"}, files=files
    )


async def test_photos_past_the_quota_are_refused_per_dealership_until_some_finish(
    app: FastAPI,
    client: httpx.AsyncClient,
    dealership: TestDealership,
    other_dealership: TestDealership,
    echo: EchoProcessor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(app.state.settings, "quota_photos_in_flight", 5)
    seller, manager = dealership[Role.salesperson], dealership[Role.manager]
    first = await _submit(client, seller, 3)  # no worker runs: the job stays queued
    assert first.status_code == 201, first.text

    refused = await _submit(client, manager, 3)  # the dealership's photos, whoever sent them
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "60"
    problem = refused.json()
    assert (problem["code"], problem["retry_after"]) == ("quota_exceeded", 60)
    assert (problem["in_flight"], problem["limit"]) == (3, 5)
    assert "3 photos waiting or being processed" in problem["detail"]
    assert "at most 5 at a time; this adds 3" in problem["detail"]
    listed = await client.get(JOBS, headers=manager.headers)
    assert listed.json()["total"] == 1  # the refused job was not kept
    # Its photos were stored before the quota was counted, and deleted again.
    stored = await app.state.storage.list_keys(f"{seller.user.dealership_id}/jobs")
    assert {key.split("/")[2] for key in stored} == {first.json()["id"]}

    # Another dealership's queue is its own.
    assert (await _submit(client, other_dealership[Role.salesperson], 3)).status_code == 201
    # Up to the quota exactly is allowed.
    assert (await _submit(client, manager, 2)).status_code == 201
    assert (await _submit(client, seller, 1)).status_code == 429

    # A canceled job's photos no longer count.
    canceled = await client.post(f"{JOBS}/{first.json()['id']}/cancel", headers=seller.headers)
    assert canceled.status_code == 200
    assert (await _submit(client, seller, 3)).status_code == 201


async def test_submissions_racing_each_other_cannot_pass_the_quota_together(
    app: FastAPI,
    client: httpx.AsyncClient,
    dealership: TestDealership,
    echo: EchoProcessor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(app.state.settings, "quota_photos_in_flight", 5)
    seller, manager = dealership[Role.salesperson], dealership[Role.manager]
    racing = await asyncio.gather(*(_submit(client, m, 3) for m in (seller, manager) * 2))
    statuses = sorted(response.status_code for response in racing)
    assert statuses == [201, 429, 429, 429]  # counted one after the other, only one fits
    listed = await client.get(JOBS, headers=manager.headers)
    assert listed.json()["total"] == 1
    stored = await app.state.storage.list_keys(f"{seller.user.dealership_id}/jobs")
    assert len(stored) == 3  # the accepted job's photos only


async def test_retrying_counts_the_photos_it_queues_again(
    app: FastAPI,
    client: httpx.AsyncClient,
    dealership: TestDealership,
    echo: EchoProcessor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seller = dealership[Role.salesperson]
    monkeypatch.setattr(app.state.settings, "quota_photos_in_flight", 4)
    first = await _submit(client, seller, 3)
    await client.post(f"{JOBS}/{first.json()['id']}/cancel", headers=seller.headers)
    assert (await _submit(client, seller, 2)).status_code == 201

    # Its three skipped photos would make five in flight.
    retried = await client.post(f"{JOBS}/{first.json()['id']}/retry", headers=seller.headers)
    assert retried.status_code == 429
    assert retried.json()["code"] == "quota_exceeded"

    monkeypatch.setattr(app.state.settings, "quota_photos_in_flight", 0)  # 0: no quota
    assert (await _submit(client, seller, 10)).status_code == 201
