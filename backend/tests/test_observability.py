"""What /metrics exports: request figures by route template, the job queue read at scrape time
(and left out when the database is unreachable), the workers' own listener, and every metric
and label that the Grafana dashboard and the alert rules in deploy/ read."""

import secrets
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import create_async_engine

from carsales.db import create_sessionmaker
from carsales.jobs.metrics import refresh_queue_metrics, serve_metrics
from carsales.models import Role
from tests.conftest import TestDealership
from tests.test_deploy import queries_in_deploy, selectors

# Added by Prometheus itself, to every series and as the `up` series.
PROMETHEUS_LABELS = frozenset({"job", "instance"})
PROMETHEUS_SERIES = frozenset({"up"})


@pytest.fixture
async def scraper(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client on this host, which /metrics serves without a token."""
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def scrape(scraper: httpx.AsyncClient) -> str:
    response = await scraper.get("/metrics")
    assert response.status_code == 200
    return response.text


def exported(text: str) -> dict[str, list[dict[str, str]]]:
    """The samples of a scrape by series name (histograms' _bucket, _count and _sum apart),
    each as its labels."""
    series: dict[str, list[dict[str, str]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            series.setdefault(sample.name, []).append(sample.labels)
    return series


def label_names(samples: list[dict[str, str]]) -> set[str]:
    return {name for labels in samples for name in labels}


def count(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_latency_is_recorded_per_route_template_not_per_path(
    client: httpx.AsyncClient, dealership: TestDealership, scraper: httpx.AsyncClient
) -> None:
    job_id = secrets.token_hex(16)
    route = {"method": "GET", "route": "/api/v1/jobs/{job_id}"}
    before = count("carsales_http_request_seconds_count", **route)
    seller = dealership[Role.salesperson]
    response = await client.get(f"/api/v1/jobs/{job_id}", headers=seller.headers)
    assert response.status_code == 404
    assert count("carsales_http_request_seconds_count", **route) == before + 1
    assert count("carsales_http_requests_total", **route, status="404") >= 1
    text = await scrape(scraper)
    assert job_id not in text
    # Addresses no API route serves (the web app's pages, typos, probes) add one series at
    # most, whatever their number.
    routes_before = len(exported(text)["carsales_http_request_seconds_count"])
    for _ in range(3):
        await client.get(f"/api/v1/nothing/{secrets.token_hex(8)}")
        await client.get(f"/{secrets.token_hex(8)}/page")
    text = await scrape(scraper)
    assert len(exported(text)["carsales_http_request_seconds_count"]) <= routes_before + 2
    assert "/api/v1/nothing" not in text


async def test_every_metric_the_dashboard_and_alerts_read_is_exported(
    client: httpx.AsyncClient, scraper: httpx.AsyncClient
) -> None:
    await client.get("/api/v1/health")  # so that the request series have a sample
    series = exported(await scrape(scraper))
    read = [selector for query in queries_in_deploy() for selector in selectors(query)]
    assert {name for name, _ in read} >= {
        "carsales_http_requests_total",
        "carsales_http_request_seconds_bucket",
        "carsales_job_duration_seconds_bucket",
        "carsales_jobs_finished_total",
        "carsales_jobs_in_queue",
        "carsales_job_oldest_pending_seconds",
        "carsales_training_live_sessions",
    }
    for name, labels in read:
        if name in PROMETHEUS_SERIES:
            continue
        assert name in series, f"{name} is read by deploy/ but not exported"
        unknown = labels - label_names(series[name]) - PROMETHEUS_LABELS
        assert not unknown, f"{name} has no label {unknown}"


async def test_the_metrics_hold_no_personal_data(
    client: httpx.AsyncClient, dealership: TestDealership, scraper: httpx.AsyncClient
) -> None:
    admin = dealership[Role.admin]
    await client.get("/api/v1/users", headers=admin.headers)
    text = await scrape(scraper)
    for member in (admin, dealership[Role.salesperson]):
        assert member.user.id not in text
        assert member.user.email not in text
    assert dealership.id not in text


async def test_without_the_database_the_queue_figures_are_left_out(
    app: FastAPI, scraper: httpx.AsyncClient
) -> None:
    await refresh_queue_metrics(app.state.sessionmaker)
    pending = {"kind": "full_pipeline", "status": "pending"}
    assert REGISTRY.get_sample_value("carsales_jobs_in_queue", pending) is not None
    unreachable = create_async_engine("sqlite+aiosqlite:////nonexistent/folder/carsales.db")
    try:
        await refresh_queue_metrics(create_sessionmaker(unreachable))
    finally:
        await unreachable.dispose()
    assert REGISTRY.get_sample_value("carsales_jobs_in_queue", pending) is None
    oldest = {"kind": "full_pipeline"}
    assert REGISTRY.get_sample_value("carsales_job_oldest_pending_seconds", oldest) is None
    # The next scrape reads them again.
    series = exported(await scrape(scraper))
    assert "carsales_jobs_in_queue" in series


async def test_a_worker_serves_its_metrics_on_a_listener_of_its_own() -> None:
    server = serve_metrics("127.0.0.1", 0)
    try:
        async with httpx.AsyncClient() as http:
            response = await http.get(f"http://127.0.0.1:{server.server_port}/metrics")
        assert response.status_code == 200
        series = exported(response.text)
        duration = series["carsales_job_duration_seconds_bucket"]
        assert {"kind", "outcome", "le"} <= label_names(duration)
        assert "carsales_jobs_finished_total" in series
    finally:
        server.shutdown()
        server.server_close()
