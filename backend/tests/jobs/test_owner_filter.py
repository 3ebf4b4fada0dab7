"""The jobs list names each job's owner and filters by person, within what the caller sees."""

import httpx
from fastapi import FastAPI

from carsales.models import JobType, ProcessingJob, Role
from tests.conftest import TestDealership


async def _job_of(app: FastAPI, dealership: TestDealership, role: Role, ref: str) -> str:
    async with app.state.sessionmaker() as session:
        job = ProcessingJob(
            dealership_id=dealership.id,
            owner_id=dealership[role].user.id,
            job_type=JobType.full_pipeline,
            vehicle_ref=ref,
        )
        session.add(job)
        await session.commit()
        return job.id


async def test_jobs_list_names_owners_and_filters_by_person(
    app: FastAPI,
    client: httpx.AsyncClient,
    dealership: TestDealership,
    other_dealership: TestDealership,
) -> None:
    seller_job = await _job_of(app, dealership, Role.salesperson, "SELLER")
    admin_job = await _job_of(app, dealership, Role.admin, "ADMIN")
    await _job_of(app, other_dealership, Role.salesperson, "FOREIGN")
    admin = dealership[Role.admin]
    seller_id = dealership[Role.salesperson].user.id

    everything = (await client.get("/api/v1/jobs", headers=admin.headers)).json()
    owners = {job["id"]: job["ownerName"] for job in everything["items"]}
    assert owners == {seller_job: "Sal Person", admin_job: "Ada Admin"}

    filtered = await client.get(f"/api/v1/jobs?userId={seller_id}", headers=admin.headers)
    assert [job["id"] for job in filtered.json()["items"]] == [seller_job]
    assert filtered.json()["total"] == 1

    # The manager sees their salesperson's jobs, not the admin's, even when asking for them.
    manager = dealership[Role.manager]
    admin_id = admin.user.id
    team = await client.get(f"/api/v1/jobs?userId={seller_id}", headers=manager.headers)
    assert [job["id"] for job in team.json()["items"]] == [seller_job]
    hidden = await client.get(f"/api/v1/jobs?userId={admin_id}", headers=manager.headers)
    assert hidden.json()["total"] == 0
    foreign_id = other_dealership[Role.salesperson].user.id
    foreign = await client.get(f"/api/v1/jobs?userId={foreign_id}", headers=admin.headers)
    assert foreign.json()["total"] == 0

    malformed = await client.get("/api/v1/jobs?userId=not-an-id", headers=admin.headers)
    assert malformed.status_code == 422
