"""The set-up commands, run as an operator runs them, against a fresh data folder."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Protocol

import pytest

CARSALES = str(Path(sys.executable).with_name("carsales"))


class Carsales(Protocol):
    def __call__(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]: ...


@pytest.fixture
def carsales(tmp_path: Path) -> Carsales:
    base = {**os.environ, "CARSALES_DATA_DIR": str(tmp_path), "CARSALES_LOG_JSON": "false"}
    base.pop("CARSALES_DATABASE_URL", None)

    def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [CARSALES, *args],
            env={**base, **env},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert run("migrate").returncode == 0
    return run


def test_create_dealership_persists_and_enforces_the_password_policy(carsales: Carsales) -> None:
    admin = ["--admin-email", "boss@acme.example", "--admin-password"]
    weak = carsales("create-dealership", "Acme Autos", *admin, "password123")
    assert weak.returncode == 1
    assert "too common" in weak.stderr

    made = carsales("create-dealership", "Acme Autos", *admin, "Tr1cky-Lot-Seller")
    assert made.returncode == 0, made.stderr
    again = carsales("create-dealership", "Acme Autos", *admin, "Tr1cky-Lot-Seller")
    assert again.returncode == 1
    assert "already exists" in again.stderr

    user = carsales(
        "create-user",
        "rep@acme.example",
        "--dealership",
        "Acme Autos",
        "--password",
        "Another-Strong-9",
    )
    assert user.returncode == 0, user.stderr


def test_seed_demo_is_idempotent_and_refused_in_production(
    carsales: Carsales, tmp_path: Path
) -> None:
    # No models here: the demo is made without its practice history, which says so (the
    # history itself, spoken and analysed: tests/dealerships/test_demo_history.py).
    no_models = str(tmp_path / "no-models")
    first = carsales("seed-demo", CARSALES_MODEL_DIR=no_models)
    assert first.returncode == 0, first.stderr
    assert "demo dealership created" in first.stdout
    assert "sales2@demo.example" in first.stdout
    assert "demo practice history skipped, nothing written" in first.stderr
    assert "make models" in first.stderr
    again = carsales("seed-demo", CARSALES_MODEL_DIR=no_models)
    assert "already present" in again.stdout
    assert "practice history skipped" in again.stderr  # still none: it is tried again

    # The e2e server's fast start: no history, nothing said about it.
    fast = carsales("seed-demo", "--without-history", CARSALES_MODEL_DIR=no_models)
    assert fast.returncode == 0, fast.stderr
    assert "already present" in fast.stdout
    assert "practice history" not in fast.stdout + fast.stderr
    assert "--without-history" in carsales("seed-demo", "--help").stdout

    production = carsales("seed-demo", CARSALES_ENV="production")
    assert production.returncode == 1
    assert "never created in production" in production.stderr


def test_production_refuses_the_default_secret_and_demo_users(carsales: Carsales) -> None:
    default_secret = carsales("serve", "--port", "1", CARSALES_ENV="production")
    assert default_secret.returncode == 1
    assert "CARSALES_SECRET_KEY must be set" in default_secret.stderr

    assert carsales("seed-demo").returncode == 0
    with_demo = carsales(
        "serve", "--port", "1", CARSALES_ENV="production", CARSALES_SECRET_KEY="k" * 48
    )
    assert with_demo.returncode == 1
    assert "demo users exist" in with_demo.stderr


@pytest.mark.parametrize(("setting", "lowered_by"), [(None, 10), ("3", 3), ("0", 0)])
def test_the_worker_lowers_its_cpu_priority_below_the_api(
    tmp_path: Path, setting: str | None, lowered_by: int
) -> None:
    """`carsales worker` runs photo batches at a lower CPU priority (CARSALES_WORKER_NICENESS,
    default 10), so that the API's requests come first on a shared machine. The job loop is
    replaced by a report of the priority it would run at."""
    env = {**os.environ, "CARSALES_DATA_DIR": str(tmp_path)}
    env.pop("CARSALES_WORKER_NICENESS", None)
    if setting is not None:
        env["CARSALES_WORKER_NICENESS"] = setting
    report = (
        "import os, carsales.worker as w\n"
        "w.run_worker_process = lambda *_: print(os.getpriority(os.PRIO_PROCESS, 0))\n"
        "from carsales.cli import app\n"
        "app(['worker'])\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", report], env=env, capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr
    started_at = os.getpriority(os.PRIO_PROCESS, 0)
    assert int(ran.stdout.split()[-1]) == min(19, started_at + lowered_by)
