import json

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
