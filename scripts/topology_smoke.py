"""The production topology, run for real without containers: nginx with deploy/nginx.conf
terminating TLS in front of two `carsales serve` processes and one `carsales worker`, on
PostgreSQL and Redis; then checks through the proxy over https (TLS versions, HSTS, gzip, the
client's real address, upload limits, failover) and a browser smoke test (sign in, upload photos,
live progress over the WebSocket through the proxy, download: frontend/e2e/images.spec.ts, run by
frontend/playwright.topology.config.ts).

    .venv/bin/python scripts/topology_smoke.py      # `make topology`, part of `make test`

PostgreSQL and Redis are those of the test suites (CARSALES_TEST_DATABASE_URL and
CARSALES_TEST_REDIS_URL, which .ci/run exports): a fresh database is created on that server and
dropped afterwards, and Redis database 15 is emptied before and after. deploy/nginx.conf is used
as it is, except for what must differ on a shared machine: listen addresses and ports (loopback,
free ports), the upstream servers, the certificate's paths (a throw-away self-signed one made
here) and nginx's temporary folders (see `render_nginx_conf`). Everything runs on loopback and is
stopped at the end. A missing nginx, database, Redis or Chromium skips the run locally, with a
message, and fails it in CI (CI set).
"""

# A test driver: it reports by printing and runs the commands it names, as tests/ may.
# ruff: noqa: T201, S603, S607

import asyncio
import datetime
import ipaddress
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import redis
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
FRONTEND = REPO / "frontend"
NGINX_CONF = REPO / "deploy" / "nginx.conf"
REDIS_DB = 15
# The browser's client address as nginx sees it: a second loopback address, so that the app
# receiving it (and not nginx's own 127.0.0.1) proves X-Forwarded-For is set and honoured.
CLIENT_ADDRESS = "127.0.0.2"
SPOOFED_ADDRESS = "203.0.113.9"
DEMO_ADMIN = "admin@demo.example"
DEMO_PASSWORD = "demo-password"  # noqa: S105 - the demo dealership's published password
IN_CI = bool(os.environ.get("CI"))


class SmokeFailure(Exception):
    """A check that failed; the run prints it with the processes' logs."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)
    print(f"ok: {message}")


def missing_prerequisites() -> list[str]:
    missing = []
    if nginx_binary() is None:
        missing.append("nginx (Debian package nginx)")
    if not os.environ.get("CARSALES_TEST_DATABASE_URL", "").startswith("postgresql"):
        missing.append("PostgreSQL (CARSALES_TEST_DATABASE_URL; bash .ci/run starts one)")
    if not os.environ.get("CARSALES_TEST_REDIS_URL"):
        missing.append("Redis (CARSALES_TEST_REDIS_URL; bash .ci/run starts one)")
    if not Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")).exists():
        missing.append("Chromium (CHROMIUM_PATH)")
    if not (FRONTEND / "out" / "index.html").exists():
        missing.append("the built web app (frontend/out; `make topology` builds it)")
    return missing


def nginx_binary() -> str | None:
    # /usr/sbin is not on every user's PATH.
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def write_certificate(folder: Path) -> tuple[Path, Path]:
    """A throw-away self-signed certificate for 127.0.0.1 and localhost, valid for a day."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "carsales topology smoke test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                ]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "fullchain.pem", folder / "privkey.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return cert_path, key_path


def render_nginx_conf(
    source: str,
    *,
    https_port: int,
    http_port: int,
    metrics_port: int,
    upstream_ports: list[int],
    cert: Path,
    key: Path,
    temp_dir: Path,
) -> str:
    """deploy/nginx.conf with only what a test on a shared machine must change. Each line is
    matched exactly once, so that a reshaped nginx.conf fails here rather than being tested in a
    form it no longer has."""
    servers = "".join(f"        server 127.0.0.1:{port};\n" for port in upstream_ports)
    # nginx's compiled-in temporary folders belong to the package's user; proxied downloads and
    # uploads need writable ones.
    temp_paths = "".join(
        f"    {kind}_temp_path {temp_dir / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # (line pattern, replacement, how many times it must match)
    substitutions = [
        (r"^\s*listen \[::\]:(80|443 ssl http2);\n", "", 2),
        (r"^(\s*)listen 80;$", rf"\1listen 127.0.0.1:{http_port};", 1),
        (r"^(\s*)listen 443 ssl http2;$", rf"\1listen 127.0.0.1:{https_port} ssl http2;", 1),
        (r"^(\s*)listen 8080;$", rf"\1listen 127.0.0.1:{metrics_port};", 1),
        (r"^\s*server app:8000;\n", servers, 1),
        (r"/etc/nginx/tls/fullchain\.pem", str(cert), 1),
        (r"/etc/nginx/tls/privkey\.pem", str(key), 1),
        (r"^http \{\n", "http {\n" + temp_paths, 1),
    ]
    for pattern, replacement, expected in substitutions:
        source, count = re.subn(pattern, replacement, source, flags=re.MULTILINE)
        if count != expected:
            raise SmokeFailure(f"deploy/nginx.conf: {pattern!r} matched {count} times")
    return source


class Topology:
    """The processes of one run, their logs, and the environment they share."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.logs = folder / "logs"
        self.logs.mkdir()
        self.processes: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.https_port, self.http_port, self.metrics_port, *self.api_ports = (
            free_port() for _ in range(5)
        )
        self.url = f"https://127.0.0.1:{self.https_port}"
        self.database_name = f"carsales_topology_{secrets.token_hex(4)}"
        database_url = urlsplit(os.environ["CARSALES_TEST_DATABASE_URL"])
        # asyncpg itself takes the server's URL without SQLAlchemy's driver name.
        self.server_url = urlunsplit(database_url._replace(scheme="postgresql"))
        self.database_url = urlunsplit(database_url._replace(path=f"/{self.database_name}"))
        self.redis_url = urlunsplit(
            urlsplit(os.environ["CARSALES_TEST_REDIS_URL"])._replace(path=f"/{REDIS_DB}")
        )
        data_dir = folder / "data"
        data_dir.mkdir()
        # Only what is set here configures the app, not a developer's own CARSALES_* values.
        self.env = {
            name: value for name, value in os.environ.items() if not name.startswith("CARSALES_")
        }
        self.env.update(
            CARSALES_ENV="development",  # production refuses the demo accounts signed in with
            CARSALES_DATA_DIR=str(data_dir),
            CARSALES_MODEL_DIR=str(REPO / "data" / "models"),
            CARSALES_DATABASE_URL=self.database_url,
            CARSALES_REDIS_URL=self.redis_url,
            CARSALES_SECRET_KEY=secrets.token_urlsafe(48),
            CARSALES_PUBLIC_URL=self.url,
            CARSALES_BEHIND_TLS="true",
            CARSALES_TRUST_FORWARDED_HEADERS="true",
            FORWARDED_ALLOW_IPS="127.0.0.1",
        )

    def run(self, *command: str) -> None:
        subprocess.run(command, env=self.env, cwd=self.folder, check=True, timeout=300)

    def start(self, name: str, *command: str) -> None:
        with (self.logs / f"{name}.log").open("wb") as log:
            process = subprocess.Popen(
                command, env=self.env, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT
            )
        self.processes.append((name, process))

    def stop(self, name: str) -> None:
        for label, process in self.processes:
            if label == name and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    def stop_all(self) -> None:
        for name, _ in reversed(self.processes):
            self.stop(name)

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def print_logs(self) -> None:
        for path in sorted(self.logs.glob("*.log")):
            lines = path.read_text(errors="replace").splitlines()
            print(f"--- last lines of {path.name} ---", file=sys.stderr)
            print("\n".join(lines[-40:]), file=sys.stderr)

    def wait_until(self, what: str, ready: Callable[[], bool], timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            for name, process in self.processes:
                if process.poll() is not None:
                    raise SmokeFailure(f"{name} exited with {process.returncode}")
            if time.monotonic() > deadline:
                raise SmokeFailure(f"{what} not ready after {timeout} s")
            time.sleep(0.2)


def on_postgres_server(topology: Topology, statement: str) -> None:
    """Run a statement that cannot run in a transaction (CREATE/DROP DATABASE)."""

    async def execute() -> None:
        connection = await asyncpg.connect(topology.server_url)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(execute())


def answers(url: str) -> Callable[[], bool]:
    def ready() -> bool:
        try:
            return httpx.get(url, verify=False, timeout=2).status_code == 200  # noqa: S501
        except httpx.HTTPError:
            return False

    return ready


def tls_handshake(port: int, version: ssl.TLSVersion) -> str:
    """The protocol agreed when the client offers exactly `version`."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with warnings.catch_warnings():
        # Python deprecates offering TLS 1.1, which is what this probe is for.
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = context.maximum_version = version
    if version < ssl.TLSVersion.TLSv1_2:
        # OpenSSL 3 refuses to offer TLS 1.1 at its default security level.
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
        context.wrap_socket(raw) as tls,
    ):
        return str(tls.version())


@contextmanager
def client(address: str = "127.0.0.1") -> Iterator[httpx.Client]:
    transport = httpx.HTTPTransport(local_address=address, verify=False)
    with httpx.Client(transport=transport, timeout=30) as http:
        yield http


def check_tls(topology: Topology) -> None:
    for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
        agreed = tls_handshake(topology.https_port, version)
        check(agreed == version.name.replace("v1_", "v1."), f"{version.name} accepted")
    try:
        tls_handshake(topology.https_port, ssl.TLSVersion.TLSv1_1)
    except ssl.SSLError as refusal:
        # The server's protocol_version alert, not the client declining to offer TLS 1.1.
        check(
            refusal.reason == "TLSV1_ALERT_PROTOCOL_VERSION",
            f"TLSv1_1 refused ({refusal})",
        )
    else:
        raise SmokeFailure("TLS 1.1 was accepted")


def check_headers_and_compression(topology: Topology) -> None:
    with client() as http:
        redirect = http.get(f"http://127.0.0.1:{topology.http_port}/login/")
        # To the default HTTPS port: in production nginx listens on 80 and 443.
        check(
            redirect.status_code == 301
            and redirect.headers["location"] == "https://127.0.0.1/login/",
            "plain HTTP is redirected to HTTPS",
        )
        page = http.get(f"{topology.url}/login/")
        hsts = page.headers.get_list("strict-transport-security")
        check(page.status_code == 200 and len(hsts) == 1, f"HSTS on a page, once: {hsts}")
        # A response nginx makes itself carries its own HSTS.
        refused = http.get(f"{topology.url}/metrics")
        hsts = refused.headers.get_list("strict-transport-security")
        check(
            refused.status_code == 404 and len(hsts) == 1 and "max-age=" in hsts[0],
            f"/metrics refused from outside, with HSTS: {hsts}",
        )

        script = "/" + str(largest_script().relative_to(FRONTEND / "out"))
        compressed = http.get(f"{topology.url}{script}", headers={"accept-encoding": "gzip"})
        # httpx has decoded the body; what crossed the wire is counted by the stream.
        check(
            compressed.headers.get("content-encoding") == "gzip"
            and "Accept-Encoding" in compressed.headers.get("vary", "")
            and compressed.num_bytes_downloaded < len(compressed.content) / 2,
            f"{script} is gzipped by nginx: {len(compressed.content)} bytes sent as "
            f"{compressed.num_bytes_downloaded}",
        )
        direct = http.get(
            f"http://127.0.0.1:{topology.api_ports[0]}{script}",
            headers={"accept-encoding": "gzip"},
        )
        check(
            "content-encoding" not in direct.headers and direct.content == compressed.content,
            "the app itself sends the script uncompressed (the compression is nginx's)",
        )


def largest_script() -> Path:
    return max((FRONTEND / "out" / "_next").rglob("*.js"), key=lambda path: path.stat().st_size)


def check_client_address_and_limits(topology: Topology) -> None:
    with client(CLIENT_ADDRESS) as http:
        signed_in = http.post(
            f"{topology.url}/api/v1/auth/login",
            json={"email": DEMO_ADMIN, "password": DEMO_PASSWORD},
            headers={"x-forwarded-for": SPOOFED_ADDRESS},
        )
        check(signed_in.status_code == 200, "an admin signs in through nginx")
        token = signed_in.json()["accessToken"]
        audit = http.get(
            f"{topology.url}/api/v1/audit",
            params={"action": "login_succeeded"},
            headers={"authorization": f"Bearer {token}"},
        )
        recorded = audit.json()["items"][0]["ip"]
        check(
            recorded == CLIENT_ADDRESS,
            f"the app records the client's real address, not nginx's or a forged one: {recorded}",
        )

        body = b"x" * (3 * 1024 * 1024)
        too_big = http.post(f"{topology.url}/api/v1/auth/login", content=body)
        check(
            too_big.status_code == 413 and too_big.headers["content-type"].startswith("text/html"),
            "nginx refuses a 3 MiB body outside the upload route (413)",
        )
        upload = http.post(f"{topology.url}/api/v1/jobs", content=body)
        # Unsigned, the app refuses it; what matters is that the app, not nginx, answers.
        check(
            upload.status_code != 413
            and upload.headers["content-type"].startswith("application/problem+json"),
            f"the upload route passes a 3 MiB body to the app ({upload.status_code})",
        )


def check_traffic_and_failover(topology: Topology) -> None:
    access_log = topology.log("nginx")
    check(
        re.search(r'"GET /socket\.io/\?[^"]*transport=websocket[^"]*" 101 ', access_log)
        is not None,
        "the browser's Socket.IO connection was upgraded to a WebSocket through nginx",
    )
    for index in range(len(topology.api_ports)):
        # nginx's $request_id has 32 hex digits, the ids the app makes up 16.
        log = topology.log(f"api-{index + 1}")
        served = len(re.findall(r'"request_id": "[0-9a-f]{32}"', log))
        check(served > 0, f"api-{index + 1} served {served} requests through nginx")
    topology.stop("api-1")
    with client() as http:
        statuses = [http.get(f"{topology.url}/api/v1/ready").status_code for _ in range(10)]
    check(
        statuses == [200] * 10,
        f"with api-1 stopped, nginx sends all to api-2: {statuses}",
    )


def run_browser(topology: Topology) -> None:
    result = subprocess.run(
        ["node", "scripts/e2e.mjs", "--config", "playwright.topology.config.ts"],
        cwd=FRONTEND,
        env={**os.environ, "TOPOLOGY_URL": topology.url},
        # The spec's own limit is 180 s, and CI retries it once.
        timeout=420,
        check=False,
    )
    check(result.returncode == 0, "browser smoke test through nginx over https")


def flush_redis(topology: Topology) -> None:
    with redis.Redis.from_url(topology.redis_url) as connection:
        connection.flushdb()


def smoke(topology: Topology) -> None:
    nginx = nginx_binary()
    assert nginx is not None
    flush_redis(topology)
    on_postgres_server(topology, f'CREATE DATABASE "{topology.database_name}"')
    carsales = str(VENV_BIN / "carsales")
    topology.run(carsales, "migrate")
    # The demo's people only: speaking and analysing its practice history takes minutes and
    # the topology does not depend on it (docs/training.md#the-demos-practice-history).
    topology.run(carsales, "seed-demo", "--without-history")

    for index, port in enumerate(topology.api_ports):
        topology.start(
            f"api-{index + 1}", carsales, "serve", "--host", "127.0.0.1", "--port", str(port)
        )
    topology.start("worker", carsales, "worker")
    for port in topology.api_ports:
        topology.wait_until(
            f"the app on port {port}", answers(f"http://127.0.0.1:{port}/api/v1/ready")
        )

    tls = topology.folder / "tls"
    tls.mkdir()
    cert, key = write_certificate(tls)
    temp_dir = topology.folder / "nginx"
    temp_dir.mkdir()
    conf = topology.folder / "nginx.conf"
    conf.write_text(
        render_nginx_conf(
            NGINX_CONF.read_text(),
            https_port=topology.https_port,
            http_port=topology.http_port,
            metrics_port=topology.metrics_port,
            upstream_ports=topology.api_ports,
            cert=cert,
            key=key,
            temp_dir=temp_dir,
        )
    )
    # Run as root, nginx's workers are an unprivileged user: they must reach the temp folders.
    topology.folder.chmod(0o755)
    nginx_command = [nginx, "-p", str(temp_dir), "-c", str(conf), "-e", "stderr"]
    globals_ = f"daemon off; pid {temp_dir / 'nginx.pid'};"
    topology.run(*nginx_command, "-t", "-q", "-g", globals_)
    topology.start("nginx", *nginx_command, "-g", globals_)
    topology.wait_until("nginx", answers(f"{topology.url}/api/v1/health"))

    check_tls(topology)
    check_headers_and_compression(topology)
    check_client_address_and_limits(topology)
    run_browser(topology)
    check_traffic_and_failover(topology)


def main() -> int:
    missing = missing_prerequisites()
    if missing:
        verdict = "failed (CI is set)" if IN_CI else "skipped"
        print(f"topology smoke test {verdict}: missing {', '.join(missing)}", file=sys.stderr)
        return 1 if IN_CI else 0
    # SIGTERM (CI cancelling the job) must still stop every process and drop the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="carsales-topology.") as folder:
        topology = Topology(Path(folder))
        try:
            smoke(topology)
        except (SmokeFailure, subprocess.SubprocessError, httpx.HTTPError, KeyError) as failure:
            print(f"FAILED: {failure}", file=sys.stderr)
            topology.print_logs()
            return 1
        finally:
            topology.stop_all()
            with suppress(OSError, asyncpg.PostgresError):
                on_postgres_server(
                    topology, f'DROP DATABASE IF EXISTS "{topology.database_name}" WITH (FORCE)'
                )
            with suppress(redis.RedisError):
                flush_redis(topology)
    print(f"topology smoke test passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
