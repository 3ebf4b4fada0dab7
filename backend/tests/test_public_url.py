"""E-mailed links point where the app is served: `carsales serve` derives the public URL from the
port it really listens on, and warns at start-up about a public URL that looks wrong."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from carsales.config import Settings, local_url, public_url_warnings
from carsales.dealerships.provisioning import DEMO_PASSWORD
from tests.auth.conftest import _free_port

CARSALES = str(Path(sys.executable).with_name("carsales"))


def _settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(data_dir=tmp_path, **values)  # type: ignore[arg-type]


def test_local_url_reaches_a_wildcard_bind_at_localhost() -> None:
    assert local_url("0.0.0.0", 18800) == "http://localhost:18800"  # noqa: S104 - a name
    assert local_url("::1", 8000) == "http://[::1]:8000"
    assert local_url("cars.internal", 80) == "http://cars.internal:80"


@pytest.mark.parametrize(
    ("values", "port", "expected"),
    [
        ({}, 18800, []),
        ({"public_url": "http://localhost:18800"}, 18800, []),
        ({"public_url": "https://cars.example.com"}, 18800, []),
        ({"public_url": "http://localhost:8000"}, 18800, ["port 8000", "serves port 18800"]),
        ({"public_url": "http://0.0.0.0:18800"}, 18800, ["wildcard"]),
        ({"public_url": "cars.example.com"}, 18800, ["not an http(s) URL"]),
        ({"env": "production"}, 18800, ["CARSALES_PUBLIC_URL is not set"]),
        ({"env": "production", "public_url": "http://cars.example.com"}, 443, ["uses http"]),
        ({"env": "production", "public_url": "https://127.0.0.1"}, 443, ["local address"]),
    ],
)
def test_public_url_warnings(
    tmp_path: Path, values: dict[str, object], port: int, expected: list[str]
) -> None:
    if values.get("env") == "production":
        values = {"secret_key": "x" * 40, **values}
    warnings = public_url_warnings(_settings(tmp_path, **values), port)
    assert len(warnings) == (1 if expected else 0), warnings
    for fragment in expected:
        assert fragment in warnings[0]


@pytest.fixture
def environment(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {**os.environ, "CARSALES_DATA_DIR": str(tmp_path), "CARSALES_LOG_JSON": "false"}
    for name in ("CARSALES_DATABASE_URL", "CARSALES_PUBLIC_URL", "CARSALES_SMTP_HOST"):
        env.pop(name, None)
    for command in ("migrate", "seed-demo"):
        subprocess.run([CARSALES, command], env=env, check=True, capture_output=True, timeout=120)
    yield env


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[str]:
    # As `PORT=... make run` starts it: the port comes from PORT, CARSALES_PORT stays 8000.
    return subprocess.Popen(
        [CARSALES, "serve"],
        env={**env, "PORT": str(port), "CARSALES_EMBEDDED_WORKER_THREADS": "0"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_until_up(server: subprocess.Popen[str], base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            time.sleep(0.3)
    pytest.fail("the server did not start")


def _stop(server: subprocess.Popen[str]) -> str:
    server.terminate()
    _, stderr = server.communicate(timeout=30)
    return stderr


def test_invitation_links_use_the_port_served(environment: dict[str, str]) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(environment, port)
    try:
        _wait_until_up(server, base)
        signed_in = httpx.post(
            f"{base}/api/v1/auth/login",
            json={"email": "admin@demo.example", "password": DEMO_PASSWORD},
        )
        token = signed_in.json()["accessToken"]
        invited = httpx.post(
            f"{base}/api/v1/users/invitations",
            headers={"Authorization": f"Bearer {token}"},
            json={"email": "new.hire@demo.example", "role": "salesperson"},
        )
        assert invited.status_code == 201, invited.text
        assert invited.json()["inviteUrl"].startswith(f"http://127.0.0.1:{port}/accept-invitation")
    finally:
        stderr = _stop(server)
    assert "warning:" not in stderr


def test_a_wrong_public_url_is_warned_about_at_start_up(environment: dict[str, str]) -> None:
    port = _free_port()
    server = _serve({**environment, "CARSALES_PUBLIC_URL": "http://localhost:8000"}, port)
    try:
        _wait_until_up(server, f"http://127.0.0.1:{port}")
    finally:
        stderr = _stop(server)
    assert f"points at port 8000 of this machine, but the app serves port {port}" in stderr
