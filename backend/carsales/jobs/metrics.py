"""Prometheus figures of the jobs: how long they wait and run, how they end, and how many are
waiting now. Labels are the job kind, the status or the outcome only: no dealership, no person,
so the series hold no personal data and their number stays fixed.

Durations are observed where a job runs (the app in embedded mode, each `carsales worker` in
scale-out mode, which serves them on a listener of its own). The queue figures are read from
the database when the app's /metrics is scraped: they are the same for every instance."""

import asyncio
from collections.abc import Sequence
from wsgiref.simple_server import WSGIServer

import structlog
from prometheus_client import Counter, Gauge, Histogram, start_http_server
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.jobs.repository import IN_FLIGHT
from carsales.kit.time import as_utc, utcnow
from carsales.models import JobStatus, JobType, ProcessingJob

log = structlog.get_logger(__name__)

# From a one-photo enhancement (seconds) to a large set or a long recording (up to an hour).
_BUCKETS: Sequence[float] = (1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600)
OUTCOMES = (JobStatus.completed, JobStatus.failed, JobStatus.canceled)
# A scrape waits at most this long for the database: /metrics must answer while it is down.
QUEUE_QUERY_TIMEOUT_S = 2.0

JOB_DURATION = Histogram(
    "carsales_job_duration_seconds",
    "How long a job's final run took, from a worker's claim to its end",
    ["kind", "outcome"],
    buckets=_BUCKETS,
)
JOB_WAIT = Histogram(
    "carsales_job_wait_seconds",
    "How long a job waited from submission to its first claim by a worker",
    ["kind"],
    buckets=_BUCKETS,
)
JOBS_FINISHED = Counter(
    "carsales_jobs_finished_total",
    "Jobs that ended, by outcome (failed includes jobs given up after too many attempts)",
    ["kind", "outcome"],
)
JOBS_IN_QUEUE = Gauge(
    "carsales_jobs_in_queue",
    "Unfinished jobs in the database, by status (pending: waiting for a worker)",
    ["kind", "status"],
)
OLDEST_PENDING = Gauge(
    "carsales_job_oldest_pending_seconds",
    "Age of the oldest job of the kind waiting for a worker; 0 when none waits",
    ["kind"],
)

# Every series exists from the start at zero, so that rates and alerts see a change from zero
# rather than a series appearing.
for _kind in JobType:
    JOB_WAIT.labels(_kind.value)
    for _outcome in OUTCOMES:
        JOB_DURATION.labels(_kind.value, _outcome.value)
        JOBS_FINISHED.labels(_kind.value, _outcome.value)


def observe_claimed(job: ProcessingJob) -> None:
    """A worker claimed the job: its wait counts once, at the first attempt."""
    if job.attempts == 1 and job.started_at is not None:
        waited = as_utc(job.started_at) - as_utc(job.created_at)
        JOB_WAIT.labels(job.job_type.value).observe(max(waited.total_seconds(), 0.0))


def observe_finished(job: ProcessingJob, *, ran: bool = True) -> None:
    """The job reached a terminal status. `ran`: False when it was given up without a run."""
    JOBS_FINISHED.labels(job.job_type.value, job.status.value).inc()
    if ran and job.started_at is not None and job.completed_at is not None:
        took = as_utc(job.completed_at) - as_utc(job.started_at)
        JOB_DURATION.labels(job.job_type.value, job.status.value).observe(
            max(took.total_seconds(), 0.0)
        )


async def _read_queue(session: AsyncSession) -> None:
    counts = {
        (kind, status): count
        for kind, status, count in await session.execute(
            select(ProcessingJob.job_type, ProcessingJob.status, func.count())
            .where(ProcessingJob.status.in_(IN_FLIGHT))
            .group_by(ProcessingJob.job_type, ProcessingJob.status)
        )
    }
    oldest = dict(
        (
            await session.execute(
                select(ProcessingJob.job_type, func.min(ProcessingJob.created_at))
                .where(ProcessingJob.status == JobStatus.pending)
                .group_by(ProcessingJob.job_type)
            )
        )
        .tuples()
        .all()
    )
    now = utcnow()
    for kind in JobType:
        for status in IN_FLIGHT:
            JOBS_IN_QUEUE.labels(kind.value, status.value).set(counts.get((kind, status), 0))
        since = oldest.get(kind)
        age = 0.0 if since is None else (now - as_utc(since)).total_seconds()
        OLDEST_PENDING.labels(kind.value).set(max(age, 0.0))


async def refresh_queue_metrics(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """Reads the queue figures for a scrape. Without the database they are left out (not
    left stale), and the scrape still answers: the other figures matter most then. Only the
    app refreshes them, so a worker's listener has none."""
    try:
        async with asyncio.timeout(QUEUE_QUERY_TIMEOUT_S), sessionmaker() as session:
            await _read_queue(session)
    except Exception as exc:
        log.warning("queue_metrics_unavailable", error=type(exc).__name__)
        JOBS_IN_QUEUE.clear()
        OLDEST_PENDING.clear()


def serve_metrics(host: str, port: int) -> WSGIServer:
    """The metrics of a `carsales worker` process, which serves no HTTP otherwise, on a listener
    of its own (a daemon thread). No token: bind it to an address only Prometheus reaches."""
    server, _thread = start_http_server(port, addr=host)
    log.info("worker_metrics_listening", host=host, port=server.server_port)
    return server
