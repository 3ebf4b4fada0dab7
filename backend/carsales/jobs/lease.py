"""A worker's lease on a job: claimed with a token unique to the claim, renewed while the run
goes on, checked by every write of the run (fencing), released when the run ends. Apart from the
runner so that the rules of who may write a job read in one place."""

import asyncio
import secrets
import time
from datetime import timedelta

import sqlalchemy.exc
import structlog
from sqlalchemy import or_, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.kit.time import utcnow
from carsales.models import JobStatus, ProcessingJob

log = structlog.get_logger(__name__)


class LeaseHeld(Exception):
    """Another live worker holds the job; look again once its lease can have expired."""

    def __init__(self, retry_in_seconds: float) -> None:
        super().__init__(f"job is leased by another worker for {retry_in_seconds:.0f} s")
        self.retry_in_seconds = retry_in_seconds


class LeaseLost(Exception):
    """This run no longer holds the job: another worker claimed it, or the lease lapsed before
    it could be renewed. The run stops and writes nothing more."""


# Renewal after a failed write: first retry after this long, doubling up to a third of the lease.
_RENEW_FIRST_BACKOFF_S = 0.2


class Lease:
    """One claim of a job. Its token (the `lease_owner` written by the claim, unique per claim)
    fences every write of the run: `hold` renews the lease on the job row, and is refused once
    another claim has replaced the token. Each writing transaction starts with `hold`, so on
    PostgreSQL the job row stays locked until the commit and no claim can slip in between."""

    def __init__(self, job_id: str, token: str, lease_seconds: int) -> None:
        self.job_id = job_id
        self.token = token
        self.lease_seconds = lease_seconds
        # When the lease lapses, as far as this process knows (monotonic, never later than
        # the row's expiry: each renewal counts from before it was sent).
        self.deadline = time.monotonic() + lease_seconds
        self._taken_over = False

    @property
    def lost(self) -> bool:
        """Past the deadline the run stops even if the renewal is still stuck on a stalled
        connection: another worker may claim the job from then on."""
        return self._taken_over or time.monotonic() >= self.deadline

    async def hold(self, session: AsyncSession) -> None:
        if self.lost:
            raise LeaseLost(f"job {self.job_id}: the lease was lost")
        result = await session.execute(
            update(ProcessingJob)
            .where(ProcessingJob.id == self.job_id, ProcessingJob.lease_owner == self.token)
            .values(lease_expires_at=utcnow() + timedelta(seconds=self.lease_seconds))
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) != 1:
            self._taken_over = True
            raise LeaseLost(f"job {self.job_id}: another worker took it over, or it was deleted")

    async def renew(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        """Renews, retrying failed writes with backoff until the lease would lapse; then (or
        when another worker took over) raises LeaseLost."""
        backoff = _RENEW_FIRST_BACKOFF_S
        while True:
            sent = time.monotonic()
            remaining = self.deadline - sent
            if remaining <= 0:
                raise LeaseLost(f"job {self.job_id}: the lease lapsed before it was renewed")
            error = await self._try_renewal(sessionmaker, remaining)
            if error is None:
                self.deadline = sent + self.lease_seconds
                return
            log.warning(
                "job_lease_renewal_failed",
                job_id=self.job_id,
                error=type(error).__name__,
                seconds_left=round(self.deadline - time.monotonic(), 2),
            )
            await asyncio.sleep(min(backoff, max(self.deadline - time.monotonic(), 0)))
            backoff = min(backoff * 2, self.lease_seconds / 3)

    async def _try_renewal(
        self, sessionmaker: async_sessionmaker[AsyncSession], within: float
    ) -> BaseException | None:
        """One renewal: None when it was written, else why not. On a stalled connection (a
        network partition) neither the write nor the session's clean-up returns, and a
        timeout inside the attempt would wait for the clean-up: the attempt is left to end
        in the background instead, and the lease's deadline decides."""

        async def write() -> None:
            async with sessionmaker() as session:
                await self.hold(session)
                await session.commit()

        attempt = asyncio.ensure_future(write())
        try:
            done, _ = await asyncio.wait({attempt}, timeout=within)
        except asyncio.CancelledError:
            attempt.cancel()
            raise
        if not done:
            attempt.add_done_callback(_ignore_outcome)
            return TimeoutError(f"no answer from the database within {within:.1f} s")
        error = attempt.exception()
        if isinstance(error, LeaseLost) or not isinstance(
            error, (sqlalchemy.exc.SQLAlchemyError, OSError, TimeoutError, type(None))
        ):
            raise error
        return error

    async def confirm(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        """Before writing a file: a run that lost the job must not leave files behind the one
        that finishes it (the keys are the same, but a finished job's work files are gone)."""
        async with sessionmaker() as session:
            await self.hold(session)
            await session.commit()

    async def release(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        """Lets go of the job, if this run still holds it."""
        try:
            async with sessionmaker() as session:
                await session.execute(
                    update(ProcessingJob)
                    .where(ProcessingJob.id == self.job_id, ProcessingJob.lease_owner == self.token)
                    .values(lease_owner=None, lease_expires_at=None)
                )
                await session.commit()
        except Exception:
            log.exception("job_release_failed", job_id=self.job_id)

    async def keep(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        while True:
            await asyncio.sleep(self.lease_seconds / 3)
            await self.renew(sessionmaker)


def _ignore_outcome(attempt: "asyncio.Future[None]") -> None:
    """A renewal abandoned on a stalled connection: what became of it no longer matters."""
    if not attempt.cancelled():
        attempt.exception()


def lease_token(worker_id: str) -> str:
    """`<worker>#<random>`: the worker part lets it take back its own job at once after a
    failed release, the random part fences out any earlier run of the job in this worker."""
    return f"{worker_prefix(worker_id)}{secrets.token_hex(6)}"


def worker_prefix(worker_id: str) -> str:
    # lease_owner holds 64 characters: room for 50 of the worker id, "#" and the random part.
    return f"{worker_id[:50]}#"


async def claim(
    session: AsyncSession, job_id: str, worker_id: str, lease_seconds: int
) -> Lease | None:
    """Takes the job when no live lease is on it (or the lease is this worker's own: it takes
    back its job at once after a failed release), counting an attempt; committed. None when
    another worker holds it, or the job is gone or over."""
    now = utcnow()
    token = lease_token(worker_id)
    result = await session.execute(
        update(ProcessingJob)
        .where(
            ProcessingJob.id == job_id,
            ProcessingJob.status.in_([JobStatus.pending, JobStatus.processing]),
            or_(
                ProcessingJob.lease_expires_at.is_(None),
                ProcessingJob.lease_expires_at < now,
                ProcessingJob.lease_owner.startswith(worker_prefix(worker_id), autoescape=True),
            ),
        )
        .values(
            status=JobStatus.processing,
            lease_owner=token,
            lease_expires_at=now + timedelta(seconds=lease_seconds),
            attempts=ProcessingJob.attempts + 1,
            started_at=now,
            error=None,
        )
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    if getattr(result, "rowcount", 0) != 1:
        return None
    return Lease(job_id, token, lease_seconds)
