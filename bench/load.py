"""Load: concurrent users signing in, reading lists, submitting photo jobs and streaming practice
audio, against the app started the way an operator starts it.

    nice -n 10 .venv/bin/python -m bench.load [--users 50] [--duration 30]

Two set-ups, each in a temporary data folder, migrated and seeded in-process (one dealership,
`--users` salespeople with production-cost password hashes, `--vehicles` vehicles):
- SQLite: one `carsales serve` (embedded job worker);
- PostgreSQL + Redis, when `CARSALES_TEST_DATABASE_URL` and `CARSALES_TEST_REDIS_URL` are set
  (as for the tests; `bash .ci/run .venv/bin/python -m bench.load` starts both): two `carsales
  serve` processes on their own ports and one `carsales worker`; users are split across the two
  APIs, as a round-robin proxy would split them. The tests' data is left alone: a new database
  on that server, dropped afterwards, and Redis database 14, emptied before and after.

Each user is an httpx client (keep-alive, like a browser tab) running for `--duration` seconds:
it signs in, then loops over the three lists (practice sessions, image jobs, vehicles) with a
random think time (mean `--think` s); every 6th pass it submits a one-photo enhancement job (a
480x360 JPEG), and every 12th it runs a practice session: create it, connect Socket.IO
(WebSocket, with its access token) and stream `--chunks` 250 ms PCM16 chunks of quiet noise in
real time as `training.audio`, each timed to its acknowledgement (a chunk refused with `retry` is
sent again, any other refusal ends the recording, as in the browser). Users start spread over the
first second. Per-IP limits are lifted (every user here shares 127.0.0.1): session creation's,
and sign-in throttling's, which counts an attempt as a failure until its password is verified, so
that more than `CARSALES_LOGIN_MAX_FAILURES_PER_IP` (20) sign-ins at once from one address get 429.
Per-user limits stay.

Prints per operation: count, req/s, p50/p95/p99 (ms), 4xx, 5xx and transport errors; the p95
of the reads made after the last sign-in was answered (the fifty sign-ins' password hashing,
at production cost, holds the cores for the first seconds); how late the bench's own event
loop woke up (part of every latency it measures); and the targets (zero 5xx at 50 concurrent
users; p95 of authenticated reads under 150 ms on PostgreSQL). Reported, not failed: the bench's
own clients share the machine's cores.
"""

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import cv2
import httpx
import numpy as np
import redis
import socketio
from argon2 import PasswordHasher
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from bench.throughput import CARSALES, REPO, _free_port, _synthetic_car, _wait_for
from carsales.auth import passwords
from carsales.config import Settings
from carsales.db import create_engine, create_sessionmaker
from carsales.dealerships import provisioning
from carsales.kit.ids import new_id
from carsales.logging import configure_logging
from carsales.migrate import upgrade
from carsales.models import Role, Vehicle
from carsales.training.speech.audio import SAMPLE_RATE, to_pcm16

PASSWORD = "Load-bench-passphrase-7"  # noqa: S105 - throwaway accounts in a temporary database
READS = {
    "list sessions": "/api/v1/sessions?limit=20",
    "list jobs": "/api/v1/jobs?limit=20",
    "list vehicles": "/api/v1/vehicles?limit=20",
}
CHUNK_S = 0.25
TARGET_READ_P95_MS = 150.0
TARGET_USERS = 50
JOB_EVERY, PRACTICE_EVERY = 6, 12  # passes over the lists
RESENDS = 3  # of an audio chunk refused with `retry`
REDIS_DB = 14


class OneHash(PasswordHasher):
    """Hashes the accounts' password once, at production cost: their logins verify at full cost,
    and seeding fifty accounts costs one hash instead of fifty."""

    def __init__(self) -> None:
        super().__init__()
        self._hashed = super().hash(PASSWORD)

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        return self._hashed


@dataclass
class Results:
    """Per operation: latencies (ms) of the answered requests and the failures by kind."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    client_errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    server_errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    transport_errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # Why audio chunks were refused (`AudioRefusal` codes).
    refusals: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # The reads' (start, latency in ms), and when the last sign-in was answered.
    reads: list[tuple[float, float]] = field(default_factory=list)
    last_login: float = 0.0
    client_lag_ms: list[float] = field(default_factory=list)

    def record(self, operation: str, started: float, status: int) -> None:
        now = time.perf_counter()
        self.latencies[operation].append((now - started) * 1000)
        if operation in READS:
            self.reads.append((started, (now - started) * 1000))
        elif operation == "login":
            self.last_login = max(self.last_login, now)
        if status >= 500:
            self.server_errors[operation] += 1
        elif status >= 400:
            self.client_errors[operation] += 1


@dataclass(frozen=True)
class Load:
    urls: Sequence[str]
    emails: Sequence[str]
    duration_s: float
    think_s: float
    chunks: int
    photo: bytes


class User:
    def __init__(self, load: Load, index: int, results: Results) -> None:
        self.load = load
        self.url = load.urls[index % len(load.urls)]
        self.email = load.emails[index]
        self.results = results
        self.rng = random.Random(index)  # noqa: S311 - think times, not secrets
        self.http = httpx.AsyncClient(base_url=self.url, timeout=30)

    async def call(
        self, operation: str, method: str, path: str, **options: object
    ) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = await self.http.request(method, path, **options)  # type: ignore[arg-type]
        except httpx.HTTPError:
            self.results.transport_errors[operation] += 1
            return None
        self.results.record(operation, started, response.status_code)
        return response

    async def run(self, deadline: float) -> None:
        await asyncio.sleep(self.rng.uniform(0, 1))
        try:
            login = await self.call(
                "login",
                "POST",
                "/api/v1/auth/login",
                json={"email": self.email, "password": PASSWORD},
            )
            if login is None or login.status_code != 200:
                return
            token = login.json()["accessToken"]
            self.http.headers["Authorization"] = f"Bearer {token}"
            passes = 0
            while time.monotonic() < deadline:
                for operation, path in READS.items():
                    await self.call(operation, "GET", path)
                if passes % JOB_EVERY == 2:
                    await self.submit_job()
                if passes % PRACTICE_EVERY == 5:
                    await self.practise(token)
                await asyncio.sleep(self.rng.uniform(0, 2 * self.load.think_s))
                passes += 1
        finally:
            await self.http.aclose()

    async def submit_job(self) -> None:
        await self.call(
            "submit job",
            "POST",
            "/api/v1/jobs",
            files=[("files", ("car.jpg", self.load.photo, "image/jpeg"))],
            data={"jobType": "image_enhancement", "settings": '{"quality": "low"}'},
        )

    async def practise(self, token: str) -> None:
        created = await self.call(
            "create session", "POST", "/api/v1/sessions", json={"sessionType": "pitch"}
        )
        if created is None or created.status_code != 201:
            return
        session_id = created.json()["id"]
        client = socketio.AsyncClient(reconnection=False)
        started = time.perf_counter()
        try:
            await client.connect(
                self.url, auth={"token": token}, transports=["websocket"], wait_timeout=30
            )
        except socketio.exceptions.ConnectionError:
            self.results.transport_errors["socket connect"] += 1
            return
        self.results.record("socket connect", started, 200)
        try:
            noise = np.random.default_rng(self.rng.randrange(2**32))
            began = time.monotonic()
            for seq in range(self.load.chunks):
                # A chunk leaves the browser once the microphone has captured all of it.
                await asyncio.sleep(max(0.0, began + (seq + 1) * CHUNK_S - time.monotonic()))
                audio = to_pcm16(
                    noise.normal(0, 0.002, round(CHUNK_S * SAMPLE_RATE)).astype(np.float32)
                )
                payload = {"sessionId": session_id, "seq": seq, "audio": audio}
                for _ in range(RESENDS + 1):
                    sent = time.perf_counter()
                    try:
                        ack = await client.call("training.audio", payload, timeout=30)
                    except socketio.exceptions.TimeoutError:
                        self.results.transport_errors["audio chunk"] += 1
                        break
                    self.results.record("audio chunk", sent, 200 if ack.get("ok") else 400)
                    if ack.get("ok"):
                        break
                    self.results.refusals[str(ack.get("error"))] += 1
                    # As the browser does (chunkQueue.ts): a chunk refused with `retry` is sent
                    # again; any other refusal ends the recording with an error.
                    if ack.get("error") != "retry":
                        return
        finally:
            await client.disconnect()


LAG_TICK_S = 0.01


async def _watch_own_loop(results: Results, deadline: float) -> None:
    """How late this client's own event loop wakes up: a latency measured here includes it (the
    clients share the cores with the servers, as browsers elsewhere would not)."""
    while time.monotonic() < deadline:
        asked = time.perf_counter()
        await asyncio.sleep(LAG_TICK_S)
        results.client_lag_ms.append((time.perf_counter() - asked - LAG_TICK_S) * 1000)


async def run_load(load: Load, users: int) -> tuple[Results, float]:
    results = Results()
    started = time.monotonic()
    deadline = started + load.duration_s
    await asyncio.gather(
        _watch_own_loop(results, deadline),
        *(User(load, index, results).run(deadline) for index in range(users)),
    )
    return results, time.monotonic() - started


# ---- the app ----------------------------------------------------------------------------------


async def _seed(settings: Settings, users: int, vehicles: int) -> list[str]:
    """One dealership with `users` salespeople and `vehicles` vehicles; returns the e-mails."""
    engine = create_engine(settings)
    try:
        session: AsyncSession
        async with create_sessionmaker(engine)() as session:
            dealership = await provisioning.create_dealership(session, f"Load {new_id()[:8]}")
            emails = [f"seller{n}@{dealership.slug}.example" for n in range(users)]
            for email in emails:
                await provisioning.create_user(
                    session, dealership, email, PASSWORD, Role.salesperson
                )
            session.add_all(
                Vehicle(
                    dealership_id=dealership.id,
                    stock_number=f"L{n:05d}",
                    year=2018 + n % 8,
                    make=("Toyota", "Ford", "Honda", "Kia")[n % 4],
                    model=("Corolla", "Focus", "Civic", "Sportage")[n % 4],
                    mileage=1000 * n,
                    price_cents=1_500_000 + 10_000 * n,
                )
                for n in range(vehicles)
            )
            await session.commit()
            return emails
    finally:
        await engine.dispose()


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server of `server_url`, dropped afterwards; yields its URL."""
    url = make_url(server_url)
    name = f"carsales_load_{secrets.token_hex(4)}"

    async def execute(statement: str) -> None:
        admin = create_async_engine(url, isolation_level="AUTOCOMMIT")
        try:
            async with admin.connect() as connection:
                await connection.execute(text(statement))
        finally:
            await admin.dispose()

    asyncio.run(execute(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def empty_redis(server_url: str) -> Iterator[str]:
    """Database `REDIS_DB` of the Redis server of `server_url`, emptied before and after."""
    url = urlunsplit(urlsplit(server_url)._replace(path=f"/{REDIS_DB}"))
    with redis.Redis.from_url(url) as connection:
        connection.flushdb()
        try:
            yield url
        finally:
            connection.flushdb()


@contextmanager
def serving(
    root: Path, apis: int, database_url: str | None, redis_url: str | None
) -> Iterator[list[str]]:
    """`apis` x `carsales serve` (and, with Redis, one `carsales worker`); yields their URLs."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CARSALES_")}
    env.update(
        CARSALES_ENV="development",
        CARSALES_DATA_DIR=str(root / "data"),
        CARSALES_MODEL_DIR=str(REPO / "data/models"),
        CARSALES_LOG_LEVEL="WARNING",
        # Every process signs and checks the same tokens.
        CARSALES_SECRET_KEY=secrets.token_urlsafe(48),
        CARSALES_RATE_LIMIT_SESSION_CREATE_PER_IP="0",
        CARSALES_LOGIN_MAX_FAILURES_PER_IP="1000000",
    )
    if database_url:
        env["CARSALES_DATABASE_URL"] = database_url
    if redis_url:
        env["CARSALES_REDIS_URL"] = redis_url
    processes: list[subprocess.Popen[bytes]] = []

    def start(name: str, *command: str) -> None:
        with (root / f"{name}.log").open("wb") as log:
            processes.append(
                subprocess.Popen(  # noqa: S603 - our own command
                    [str(CARSALES), *command],
                    env=env,
                    cwd=root,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )

    urls = []
    try:
        for index in range(apis):
            port = _free_port()
            urls.append(f"http://127.0.0.1:{port}")
            start(f"api-{index + 1}", "serve", "--host", "127.0.0.1", "--port", str(port))
        if redis_url:
            start("worker", "worker")
        for url in urls:
            _wait_for(
                lambda url=url: httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200,
                "carsales serve",
                60,
                sorted(root.glob("*.log")),
            )
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# ---- figures ----------------------------------------------------------------------------------


WINDOW_S = 5


def _windowed_p95(reads: Sequence[tuple[float, float]]) -> str:
    """Where in the run the slow reads were (the sign-ins' burst, or throughout)."""
    first = min(started for started, _ in reads)
    windows: dict[int, list[float]] = defaultdict(list)
    for started, ms in reads:
        windows[int((started - first) // WINDOW_S)].append(ms)
    return " ".join(f"{np.percentile(windows[index], 95):.0f}" for index in sorted(windows))


def report(name: str, results: Results, seconds: float, users: int, postgres: bool) -> list[str]:
    """Prints the table; returns the targets missed."""
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"\n{name}: {users} users for {seconds:.0f} s; load {load}; ms:")
    columns = ("count", "req/s", "p50", "p95", "p99", "4xx", "5xx", "failed")
    print(f"{'operation':16} " + " ".join(f"{column:>7}" for column in columns))
    operations = sorted(
        set(results.latencies) | set(results.transport_errors),
        key=lambda op: (op not in READS, op),
    )
    for operation in operations:
        samples = results.latencies.get(operation) or [float("nan")]
        p50, p95, p99 = np.percentile(samples, [50, 95, 99])
        count = len(results.latencies.get(operation, []))
        print(
            f"{operation:16} {count:7d} {count / seconds:7.1f} {p50:7.1f} {p95:7.1f} {p99:7.1f} "
            f"{results.client_errors[operation]:7d} {results.server_errors[operation]:7d} "
            f"{results.transport_errors[operation]:7d}"
        )
    total = sum(len(samples) for samples in results.latencies.values())
    server_errors = sum(results.server_errors.values())
    failed = sum(results.transport_errors.values())
    reads = [ms for operation in READS for ms in results.latencies.get(operation, [])]
    read_p95 = float(np.percentile(reads, 95)) if reads else float("nan")
    print(f"{'all':16} {total:7d} {total / seconds:7.1f}")
    if results.refusals:
        print("audio chunks refused:", dict(results.refusals))
    settled = [ms for started, ms in results.reads if started > results.last_login]
    if settled:
        print(
            f"reads after the last sign-in: {len(settled)}, p95 {np.percentile(settled, 95):.1f} ms"
        )
    if results.reads:
        print(f"reads' p95 (ms) per {WINDOW_S} s from the first: {_windowed_p95(results.reads)}")
    if results.client_lag_ms:
        p50, p95 = np.percentile(results.client_lag_ms, [50, 95])
        print(f"the bench's own event loop woke late by p50 {p50:.1f} / p95 {p95:.1f} ms")
    missed = []
    verdict = "met" if server_errors == 0 and failed == 0 else "MISSED"
    print(
        f"target: zero 5xx at {TARGET_USERS} concurrent users: {server_errors} 5xx, "
        f"{failed} transport failures ({users} users) -> {verdict}"
    )
    if verdict != "met":
        missed.append(f"{name} 5xx")
    if postgres:
        verdict = "met" if read_p95 < TARGET_READ_P95_MS else "MISSED"
        if verdict != "met":
            missed.append(f"{name} read p95")
    else:
        verdict = "applies to PostgreSQL"
    target = f"p95 of authenticated reads < {TARGET_READ_P95_MS:.0f} ms"
    print(f"target: {target}: {read_p95:.1f} ms -> {verdict}")
    return missed


def run(
    name: str, root: Path, args: argparse.Namespace, database_url: str | None, redis_url: str | None
) -> list[str]:
    root.mkdir()
    settings = Settings(
        env="development",
        data_dir=root / "data",
        database_url=database_url or "",
        redis_url=None,
        frontend_dir=root / "no-frontend",
    )
    upgrade(settings.database_url)
    started = time.perf_counter()
    emails = asyncio.run(_seed(settings, args.users, args.vehicles))
    seconds = time.perf_counter() - started
    print(f"\n{name}: seeded {args.users} salespeople, {args.vehicles} vehicles in {seconds:.1f} s")
    ok, photo = cv2.imencode(".jpg", _synthetic_car(np.random.default_rng(7)))
    assert ok
    with serving(root, 2 if redis_url else 1, database_url, redis_url) as urls:
        load = Load(urls, emails, args.duration, args.think, args.chunks, photo.tobytes())
        results, seconds = asyncio.run(run_load(load, args.users))
    missed = report(name, results, seconds, args.users, postgres=database_url is not None)
    if sum(results.server_errors.values()) or results.refusals:
        print_server_errors(root)
    return missed


def print_server_errors(root: Path) -> None:
    """What the processes logged at warning level and above, by event and its exception's
    message, with counts (their logs go with the temporary folder)."""
    for path in sorted(root.glob("*.log")):
        kinds: Counter[str] = Counter()
        for line in path.read_text(errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            # The exception's own line ("...Error: message"), not SQLAlchemy's link after it.
            causes = [
                line
                for line in (entry.get("exception") or "").splitlines()
                if re.match(r"[\w.]+(Error|Exception): ", line)
            ]
            cause = causes[-1] if causes else ""
            kinds[f"{entry.get('event')} {entry.get('error', '')} {cause}".strip()] += 1
        for kind, count in kinds.most_common(5):
            print(f"{path.stem}: {count} x {kind[:300]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=TARGET_USERS, help="concurrent users")
    parser.add_argument("--duration", type=float, default=30, help="seconds of load per set-up")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between passes (s)")
    parser.add_argument("--chunks", type=int, default=20, help="250 ms chunks per practice")
    parser.add_argument("--vehicles", type=int, default=200)
    args = parser.parse_args()
    configure_logging("WARNING", json=False)
    passwords.use_hasher(OneHash())
    print(
        f"{os.cpu_count()} CPUs; targets: zero 5xx at {TARGET_USERS} concurrent users, "
        f"p95 of authenticated reads < {TARGET_READ_P95_MS:.0f} ms on PostgreSQL"
    )
    root = Path(tempfile.mkdtemp(prefix="carsales-load-"))
    try:
        missed = run("SQLite, 1 API process", root / "sqlite", args, None, None)
        postgres = os.environ.get("CARSALES_TEST_DATABASE_URL")
        redis_url = os.environ.get("CARSALES_TEST_REDIS_URL")
        if postgres and redis_url:
            with fresh_database(postgres) as database_url, empty_redis(redis_url) as redis_db:
                missed += run(
                    "PostgreSQL + Redis, 2 API processes",
                    root / "postgres",
                    args,
                    database_url,
                    redis_db,
                )
        else:
            print(
                "\nPostgreSQL + Redis: skipped (needs CARSALES_TEST_DATABASE_URL and "
                "CARSALES_TEST_REDIS_URL)"
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"\nTargets missed: {', '.join(missed)}" if missed else "\nAll targets met.")


if __name__ == "__main__":
    main()
