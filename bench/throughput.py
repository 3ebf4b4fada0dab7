"""Photo job throughput and memory of the real app: the API, the job runner and the pipeline.

    nice -n 10 .venv/bin/python -m bench.throughput --photos 40 --megapixels 12 --workers 0
    nice -n 10 .venv/bin/python -m bench.throughput --photos 40 --megapixels 12 --workers 2
    nice -n 10 .venv/bin/python -m bench.throughput --photos 40 --megapixels 12 --workers 2 --jobs 2
    nice -n 10 .venv/bin/python -m bench.throughput --memory-run 200 --megapixels 1 --job-size 25

Input photos are made here, because the evaluation photos are only 480x360: each one is a real
car photo from `--data` (a synthetic car when that folder is missing), cropped a little
differently, scaled to the asked size, lightly brightened or darkened, given sensor-like grain
and saved as JPEG quality 90 (about 1.4 MB at 12 MP: smoother, so smaller, than a phone's).

Each run starts the app as an operator would, in a temporary data folder: `carsales migrate`,
`carsales create-dealership`, then `carsales serve` on a free port; with `--workers N` (N > 0)
also a throwaway `redis-server` and N `carsales worker` processes. It logs in through the API,
uploads the photos as `--jobs` jobs (full pipeline, studio backdrop, 4:3 1600x1200, medium
quality, PNG) and polls GET /api/v1/jobs/{id} until every job is finished. Figures:

- photos per minute over the jobs' own span (first `startedAt` to last `completedAt`: queueing,
  cut-out, framing, rendering, storage and bookkeeping) and over the wall time from the start
  of the upload (adds the upload and the lazy loading of the models on first use);
- per-photo timings reported by the job items (`cutOut`: decode, both models, enhancement, edge
  clean-up and the stored PNG cut-out; `render`: framing, backdrop and output encoding);
- peak resident memory (RSS) of each process tree (API, each worker), sampled every 0.5 s from
  /proc, and the CPU seconds each used (a figure the machine's other load does not inflate).

`--memory-run N` runs N photos in embedded mode as jobs of `--job-size` photos, back to back,
and prints the API process's RSS after each job and the slope in MB per 100 photos after the
first job (warm-up: models, ONNX Runtime arenas, allocator pools). Flat means no growth per image.

What limits the figures: this machine has 2 CPU cores shared with other work (the load average
is printed), and no GPU. ISNet dominates the cut-out; at 12 MP the full-size work around it
(enhancement, the PNG cut-out stored between the two passes, decoding it again) adds about as
much. ONNX Runtime uses every core in each process, but much of the rest runs on one thread, so
one job leaves part of 2 cores idle and two jobs side by side use them better. A job is one
queue message run by one worker (its photos are not split across workers): one job is never
faster with more workers; several jobs (vehicles) run side by side.
"""

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import cv2
import httpx
import numpy as np
import numpy.typing as npt
import redis
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
CARSALES = Path(sys.executable).with_name("carsales")
EMAIL = "bench@throughput.test"
PASSWORD = "Studio-lot-photos-42!"  # noqa: S105 - a throwaway account in a temporary database
JOB_SETTINGS = {
    "quality": "medium",
    "background": "studio",
    "size": "4:3-1600",
    "format": "png",
    "enhance": True,
}
TERMINAL = {"completed", "failed", "canceled"}
SAMPLE_SECONDS = 0.5
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20

U8 = npt.NDArray[np.uint8]


# ---- input photos --------------------------------------------------------------------------


def _synthetic_car(rng: np.random.Generator) -> U8:
    """A 480x360 stand-in when no real photos are at hand: sky, ground, a car-like body."""
    image = np.zeros((360, 480, 3), np.uint8)
    image[:200] = (170, 200, 230)
    image[200:] = (110, 110, 105)
    colour = tuple(int(c) for c in rng.integers(20, 220, 3))
    cv2.rectangle(image, (70, 170), (410, 260), colour, -1)
    cv2.rectangle(image, (150, 115), (330, 175), colour, -1)
    cv2.rectangle(image, (165, 125), (315, 170), (60, 70, 80), -1)
    for x in (140, 340):
        cv2.circle(image, (x, 260), 34, (25, 25, 25), -1)
        cv2.circle(image, (x, 260), 16, (150, 150, 150), -1)
    return image


def make_photos(
    count: int, megapixels: float, sources: Path, out: Path, seed: int = 7
) -> list[Path]:
    """`count` 4:3 JPEG photos of about `megapixels`, each a little different."""
    width = round((megapixels * 1e6 * 4 / 3) ** 0.5)
    height = round(width * 3 / 4)
    rng = np.random.default_rng(seed)
    found = sorted(p for p in sources.glob("*") if p.suffix.lower() in {".png", ".jpg", ".jpeg"})
    # One grain field, shifted per photo: cheap, and JPEG sees noise as a phone's sensor makes it.
    pad = 64
    grain = np.clip(rng.normal(0, 2.5, (height + pad, width + pad, 3)), -127, 127).astype(np.int8)
    paths = []
    for index in range(count):
        if found:
            source = np.asarray(Image.open(found[index % len(found)]).convert("RGB"))
        else:
            source = _synthetic_car(rng)
        src_h, src_w = source.shape[:2]
        keep = rng.uniform(0.92, 1.0)
        crop_w, crop_h = round(src_w * keep), round(src_h * keep)
        left = int(rng.integers(0, src_w - crop_w + 1))
        top = int(rng.integers(0, src_h - crop_h + 1))
        crop = source[top : top + crop_h, left : left + crop_w]
        big = cv2.resize(crop, (width, height), interpolation=cv2.INTER_CUBIC)
        dy, dx = (int(v) for v in rng.integers(0, pad, 2))
        noisy = big.astype(np.int16) * rng.uniform(0.95, 1.05)
        noisy += grain[dy : dy + height, dx : dx + width]
        photo = np.clip(noisy, 0, 255).astype(np.uint8)
        path = out / f"photo-{index + 1:03d}.jpg"
        Image.fromarray(photo).save(path, "JPEG", quality=90)
        paths.append(path)
    return paths


# ---- processes and their memory ----------------------------------------------------------


def _parents() -> dict[int, int]:
    """pid -> parent pid of every process, from /proc/*/stat."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            # The command name may contain spaces or parentheses: fields follow the last ')'.
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def _tree(root: int, parents: dict[int, int]) -> list[int]:
    pids, frontier = [root], [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        pids += children
        frontier = children
    return pids


def _rss_mb(pid: int) -> float:
    with contextlib.suppress(OSError, IndexError, ValueError):
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_MB
    return 0.0


def _cpu_seconds(pid: int) -> float:
    with contextlib.suppress(OSError, IndexError, ValueError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime
    return 0.0


@dataclass
class Tracked:
    name: str
    process: subprocess.Popen[bytes]
    peak_mb: float = 0.0
    last_mb: float = 0.0

    def tree(self, parents: dict[int, int] | None = None) -> list[int]:
        return _tree(self.process.pid, parents if parents is not None else _parents())

    def rss_mb(self) -> float:
        return sum(_rss_mb(pid) for pid in self.tree())

    def cpu_seconds(self) -> float:
        return sum(_cpu_seconds(pid) for pid in self.tree())


class MemorySampler:
    """Samples each tracked process tree's RSS every half second, keeping the peak."""

    def __init__(self, tracked: Sequence[Tracked]) -> None:
        self.tracked = tracked
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> "MemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            parents = _parents()
            for each in self.tracked:
                each.last_mb = sum(_rss_mb(pid) for pid in each.tree(parents))
                each.peak_mb = max(each.peak_mb, each.last_mb)
            self._stop.wait(SAMPLE_SECONDS)

    def reset_peaks(self) -> None:
        for each in self.tracked:
            each.peak_mb = each.last_mb


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _accepts(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        return True


def _wait_for(check: Any, what: str, timeout: float, logs: Sequence[Path]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(0.2)
    tails = "\n".join(f"--- {log}\n{log.read_text()[-3000:]}" for log in logs if log.exists())
    raise SystemExit(f"{what} did not come up in {timeout:.0f} s\n{tails}")


class Deployment:
    """The app in a temporary folder: embedded (workers=0) or API + Redis + N workers."""

    def __init__(self, root: Path, workers: int, model_dir: Path) -> None:
        self.root = root
        self.workers = workers
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "CARSALES_ENV": "development",
            "CARSALES_DATA_DIR": str(root / "data"),
            "CARSALES_MODEL_DIR": str(model_dir),
            "CARSALES_HOST": "127.0.0.1",
            "CARSALES_PORT": str(self.port),
            "CARSALES_LOG_LEVEL": "WARNING",
            "CARSALES_ACCESS_TOKEN_MINUTES": "600",  # a memory run outlasts the default 15
        }
        self.env.pop("CARSALES_REDIS_URL", None)
        self.env.pop("CARSALES_DATABASE_URL", None)
        self.tracked: list[Tracked] = []
        self._others: list[subprocess.Popen[bytes]] = []

    def _start(self, name: str, command: Sequence[str]) -> subprocess.Popen[bytes]:
        log = (self.root / f"{name}.log").open("wb")
        return subprocess.Popen(  # noqa: S603 - our own commands
            command, env=self.env, cwd=self.root, stdout=log, stderr=subprocess.STDOUT
        )

    def _logs(self) -> list[Path]:
        return sorted(self.root.glob("*.log"))

    def __enter__(self) -> "Deployment":
        (self.root / "data").mkdir(parents=True)
        try:
            self._setup()
        except BaseException:
            self.close()
            raise
        return self

    def _setup(self) -> None:
        if self.workers:
            redis_port = _free_port()
            server = shutil.which("redis-server")
            if server is None:
                raise SystemExit("--workers needs redis-server (Debian package redis-server)")
            options = ["--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""]
            options += ["--appendonly", "no", "--dir", str(self.root)]
            self._others.append(self._start("redis", [server, *options]))
            self.env["CARSALES_REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
            _wait_for(lambda: _accepts(redis_port), "redis-server", 20, self._logs())
        admin = ["--admin-email", EMAIL, "--admin-password", PASSWORD]
        for command in (["migrate"], ["create-dealership", "Bench Motors", *admin]):
            done = subprocess.run(  # noqa: S603 - our own command
                [str(CARSALES), *command], env=self.env, cwd=self.root, capture_output=True
            )
            if done.returncode:
                raise SystemExit(f"carsales {command[0]} failed:\n{done.stderr.decode()[-3000:]}")
        self.tracked.append(Tracked("api", self._start("api", [str(CARSALES), "serve"])))
        _wait_for(
            lambda: httpx.get(f"{self.url}/api/v1/health", timeout=2).status_code == 200,
            "carsales serve",
            60,
            self._logs(),
        )
        for index in range(1, self.workers + 1):
            name = f"worker-{index}"
            self.tracked.append(Tracked(name, self._start(name, [str(CARSALES), "worker"])))
        if self.workers:
            # Each worker process's broker registers a heartbeat when it starts consuming.
            broker = redis.Redis.from_url(self.env["CARSALES_REDIS_URL"])
            _wait_for(
                lambda: broker.zcard("carsales:__heartbeats__") >= self.workers,
                "carsales worker",
                120,
                self._logs(),
            )
            broker.close()

    def close(self) -> None:
        processes = [t.process for t in self.tracked] + self._others
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


# ---- the API --------------------------------------------------------------------------------


class Api:
    def __init__(self, url: str) -> None:
        self.client = httpx.Client(base_url=url, timeout=httpx.Timeout(30, read=900))
        answer = self.client.post("/api/v1/auth/login", json={"email": EMAIL, "password": PASSWORD})
        answer.raise_for_status()
        self.client.headers["Authorization"] = f"Bearer {answer.json()['accessToken']}"

    def create_job(self, photos: Sequence[Path]) -> str:
        with contextlib.ExitStack() as stack:
            files = [
                ("files", (path.name, stack.enter_context(path.open("rb")), "image/jpeg"))
                for path in photos
            ]
            answer = self.client.post(
                "/api/v1/jobs",
                files=files,
                data={"jobType": "full_pipeline", "settings": json.dumps(JOB_SETTINGS)},
            )
        if answer.status_code != 201:
            raise SystemExit(f"upload refused: {answer.status_code} {answer.text[:500]}")
        job_id: str = answer.json()["id"]
        return job_id

    def job(self, job_id: str) -> dict[str, Any]:
        answer = self.client.get(f"/api/v1/jobs/{job_id}")
        answer.raise_for_status()
        job: dict[str, Any] = answer.json()
        return job

    def wait(self, job_ids: Sequence[str], timeout: float) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        done: dict[str, dict[str, Any]] = {}
        while len(done) < len(job_ids):
            if time.monotonic() > deadline:
                raise SystemExit(f"jobs not finished after {timeout:.0f} s")
            time.sleep(1.0)
            for job_id in job_ids:
                if job_id not in done:
                    job = self.job(job_id)
                    if job["status"] in TERMINAL:
                        done[job_id] = job
        return [done[job_id] for job_id in job_ids]


# ---- figures --------------------------------------------------------------------------------


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _span_seconds(jobs: Sequence[dict[str, Any]]) -> float:
    started = min(_time(job["startedAt"]) for job in jobs)
    completed = max(_time(job["completedAt"]) for job in jobs)
    return (completed - started).total_seconds()


def _timings(jobs: Sequence[dict[str, Any]], name: str) -> list[float]:
    return [
        float(item["timings"][name])
        for job in jobs
        for item in job["items"]
        if name in item["timings"]
    ]


def _summary(values: Sequence[float]) -> str:
    if not values:
        return "-"
    return (
        f"mean {statistics.fmean(values):5.2f}  median {statistics.median(values):5.2f}  "
        f"max {max(values):5.2f}"
    )


@dataclass
class Scenario:
    label: str
    photos: int
    jobs: int
    workers: int
    upload_s: float = 0.0
    wall_s: float = 0.0
    span_s: float = 0.0
    completed: int = 0
    failed: list[str] = field(default_factory=list)
    cut_out: list[float] = field(default_factory=list)
    render: list[float] = field(default_factory=list)
    job_spans: list[float] = field(default_factory=list)
    memory: list[tuple[str, float, float]] = field(default_factory=list)  # name, peak, CPU s


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run_throughput(args: argparse.Namespace, photos: list[Path], root: Path) -> Scenario:
    mode = "embedded" if args.workers == 0 else f"{args.workers} workers (Redis)"
    per_job = -(-len(photos) // args.jobs)
    batches = [photos[i : i + per_job] for i in range(0, len(photos), per_job)]
    label = f"{mode}, {' + '.join(str(len(b)) for b in batches)} photos"
    scenario = Scenario(label, len(photos), len(batches), args.workers)
    with Deployment(root / "app", args.workers, args.model_dir) as app:
        api = Api(app.url)
        with MemorySampler(app.tracked):
            cpu_before = {t.name: t.cpu_seconds() for t in app.tracked}
            started = time.perf_counter()
            job_ids = [api.create_job(batch) for batch in batches]
            scenario.upload_s = time.perf_counter() - started
            jobs = api.wait(job_ids, args.timeout)
            scenario.wall_s = time.perf_counter() - started
            cpu = {t.name: t.cpu_seconds() - cpu_before[t.name] for t in app.tracked}
        scenario.memory = [(t.name, t.peak_mb, cpu[t.name]) for t in app.tracked]
    scenario.span_s = _span_seconds(jobs)
    scenario.job_spans = [_span_seconds([job]) for job in jobs]
    for job in jobs:
        for item in job["items"]:
            if item["status"] == "completed":
                scenario.completed += 1
            else:
                scenario.failed.append(f"{item['originalName']}: {item['status']} {item['error']}")
    scenario.cut_out = _timings(jobs, "cutOut")
    scenario.render = _timings(jobs, "render")
    return scenario


def print_scenario(s: Scenario) -> None:
    print(f"\n{s.label}")
    print(f"  photos completed        {s.completed} of {s.photos}")
    for failure in s.failed[:5]:
        print(f"    {failure}")
    print(f"  upload                  {s.upload_s:7.1f} s")
    for what, seconds in (("jobs' span", s.span_s), ("wall from upload", s.wall_s)):
        rate = 60 * s.completed / seconds
        print(f"  {what:<23} {seconds:7.1f} s   {rate:6.1f} photos/min")
    if len(s.job_spans) > 1:
        each = ", ".join(f"{span:.1f} s" for span in s.job_spans)
        print(f"  each job's span         {each}")
    print(f"  cutOut s/photo          {_summary(s.cut_out)}")
    print(f"  render s/photo          {_summary(s.render)}")
    for name, peak, cpu in s.memory:
        print(f"  {name + ' peak RSS':<23} {peak:7.0f} MB   CPU {cpu:6.0f} s")
    cpu = sum(each[2] for each in s.memory)
    print(f"  CPU, all processes      {cpu:7.0f} s   {cpu / max(s.completed, 1):6.2f} s/photo")


def run_memory(args: argparse.Namespace, photos: list[Path], root: Path) -> None:
    total = args.memory_run
    print(f"\nmemory run: {total} photos in jobs of {len(photos)}, embedded, RSS of the app")
    print(f"{'job':>4} {'photos':>7} {'s/photo':>8} {'RSS after':>10} {'peak in job':>12}")
    points: list[tuple[int, float]] = []
    with Deployment(root / "app", 0, args.model_dir) as app:
        api = Api(app.url)
        (server,) = app.tracked
        with MemorySampler(app.tracked) as sampler:
            done = 0
            index = 0
            while done < total:
                index += 1
                batch = photos[: min(len(photos), total - done)]
                sampler.reset_peaks()
                started = time.perf_counter()
                (job,) = api.wait([api.create_job(batch)], args.timeout)
                seconds = time.perf_counter() - started
                done += len(batch)
                time.sleep(1.0)  # let the job's buffers be released before reading RSS
                rss = server.rss_mb()
                points.append((done, rss))
                print(
                    f"{index:4d} {done:7d} {seconds / len(batch):8.2f} {rss:8.0f} MB "
                    f"{server.peak_mb:9.0f} MB   ({job['status']})",
                    flush=True,
                )
    if len(points) < 3:
        print("too few jobs for a slope (need 3: the first is warm-up)")
        return
    x = np.array([p[0] for p in points[1:]], float)
    y = np.array([p[1] for p in points[1:]], float)
    slope = float(np.polyfit(x, y, 1)[0]) * 100
    print(
        f"RSS after job 1 {points[0][1]:.0f} MB, after the last {points[-1][1]:.0f} MB; "
        f"after warm-up between {y.min():.0f} and {y.max():.0f} MB, "
        f"slope {slope:+.1f} MB per 100 photos"
    )


@contextlib.contextmanager
def _workdir(keep: bool) -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="carsales-throughput-"))
    try:
        yield root
    finally:
        if keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=40, help="Photos in all (throughput)")
    parser.add_argument("--megapixels", type=float, default=12.0)
    parser.add_argument("--workers", type=int, default=0, help="0: embedded; N: Redis + N")
    parser.add_argument("--jobs", type=int, default=1, help="Split the photos into this many")
    parser.add_argument("--memory-run", type=int, default=0, metavar="N", help="N photos")
    parser.add_argument("--job-size", type=int, default=50, help="Photos per memory-run job")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared/data/car-photos/images")
    parser.add_argument("--model-dir", type=Path, default=REPO / "data/models")
    parser.add_argument("--timeout", type=float, default=3 * 3600, help="Seconds per wait")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder")
    args = parser.parse_args()
    args.model_dir = args.model_dir.resolve()

    with _workdir(args.keep) as root:
        count = min(args.job_size, args.memory_run) if args.memory_run else args.photos
        inputs = root / "photos"
        inputs.mkdir()
        started = time.perf_counter()
        photos = make_photos(count, args.megapixels, args.data, inputs)
        with Image.open(photos[0]) as first:
            width, height = first.size
        sizes = [p.stat().st_size for p in photos]
        source = args.data if args.data.is_dir() else "synthetic cars"
        print(
            f"{len(photos)} photos {width}x{height} ({width * height / 1e6:.1f} MP) from "
            f"{source}, JPEG {statistics.fmean(sizes) / 2**20:.1f} MB each, made in "
            f"{time.perf_counter() - started:.0f} s"
        )
        print(f"settings {json.dumps(JOB_SETTINGS)}; {os.cpu_count()} CPUs; load {_load()}")
        if args.memory_run:
            run_memory(args, photos, root)
        else:
            print_scenario(run_throughput(args, photos, root))
        print(f"load average at the end {_load()}")


if __name__ == "__main__":
    main()
