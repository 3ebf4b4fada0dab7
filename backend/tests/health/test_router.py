import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr


async def test_health_is_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-request-id"]


async def test_ready_checks_database_and_storage(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/ready")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "storage": "ok"}


async def test_unknown_api_route_is_a_problem_document(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


async def test_oversized_body_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/auth/login", content=b"x" * 2_000_000)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


async def test_metrics_are_exposed_to_this_host_only_without_a_token(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await client.get("/api/v1/health")
    local = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=("127.0.0.1", 40000)), base_url="http://x"
    )
    async with local:
        response = await local.get("/metrics")
        assert response.status_code == 200
        assert "carsales_http_requests_total" in response.text
        # Through a proxy on this host, it is someone else asking.
        proxied = await local.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
        assert proxied.status_code == 403
    assert (await client.get("/metrics")).status_code == 403


@pytest.fixture
def metrics_token(app: FastAPI) -> Iterator[str]:
    original = app.state.settings
    token = "s3cret-token"
    app.state.settings = original.model_copy(update={"metrics_token": SecretStr(token)})
    yield token
    app.state.settings = original


async def test_metrics_with_a_token_need_it(client: httpx.AsyncClient, metrics_token: str) -> None:
    assert (await client.get("/metrics")).status_code == 403
    wrong = await client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    right = await client.get("/metrics", headers={"Authorization": f"Bearer {metrics_token}"})
    assert right.status_code == 200


async def test_the_api_docs_load_swagger_ui_from_this_app(client: httpx.AsyncClient) -> None:
    page = await client.get("/api/docs")
    assert page.status_code == 200
    scripts = re.findall(r'<script src="([^"]+)"', page.text)
    styles = re.findall(r'<link type="text/css" rel="stylesheet" href="([^"]+)"', page.text)
    assert scripts and styles
    # Everything the page loads is the app's own, which the Content-Security-Policy allows.
    for url in scripts + styles:
        assert url.startswith("/api/docs/assets/"), url
        asset = await client.get(url)
        assert asset.status_code == 200
        assert len(asset.content) > 100_000
    assert "script-src 'self'" in page.headers["content-security-policy"]
