import json
from collections.abc import AsyncIterator

import httpx
import structlog


async def test_access_log_records_the_route_not_the_secret_in_the_path(
    client: httpx.AsyncClient,
) -> None:
    with structlog.testing.capture_logs() as logs:
        await client.get("/api/v1/auth/invitations/secret-invitation-token-123")
    requests = [entry for entry in logs if entry["event"] == "http_request"]
    assert requests[-1]["path"] == "/api/v1/auth/invitations/{token}"
    assert all(
        "secret-invitation-token-123" not in json.dumps(entry, default=str) for entry in logs
    )


async def test_request_id_is_echoed_when_well_formed(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/health", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"
    forged = await client.get("/api/v1/health", headers={"X-Request-ID": "bad id\nwith newline"})
    assert forged.headers["x-request-id"] != "bad id\nwith newline"


async def test_upload_routes_have_their_own_body_limit(client: httpx.AsyncClient) -> None:
    # 2 MB is over the general 1 MB limit but within the upload limit: the jobs route itself
    # answers (401 without a token), not the body-limit middleware (413).
    response = await client.post("/api/v1/jobs", content=b"x" * 2_000_000)
    assert response.status_code == 401


async def test_only_the_recording_upload_gets_the_recording_limit(
    client: httpx.AsyncClient,
) -> None:
    body = b"x" * 2_000_000  # over the general 1 MiB, well within the recording limit
    created = await client.post("/api/v1/sessions", content=body)
    assert created.status_code == 413
    recording = await client.post("/api/v1/sessions/abc/recording", content=body)
    assert recording.status_code == 401  # the route answers: no token


async def test_a_chunked_body_over_the_limit_answers_413(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(32):
            yield b"x" * 65536  # 2 MiB in all, with no Content-Length

    response = await client.post(
        "/api/v1/auth/login", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
