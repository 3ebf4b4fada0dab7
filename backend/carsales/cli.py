"""The `carsales` command: serve, worker, migrate, seed-demo, create-dealership, create-user."""

import asyncio
import json
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
import uvicorn
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.ai.cli import models_app
from carsales.auth.password_policy import check_password
from carsales.backup import (
    BackupError,
    Manifest,
    default_backup_name,
    run_backup,
    run_restore,
)
from carsales.config import ConfigurationError, get_settings, local_url, public_url_warnings
from carsales.content.cli import content_app
from carsales.db import create_engine, create_sessionmaker, transaction
from carsales.dealerships import provisioning
from carsales.errors import AppError
from carsales.imaging.cli import images_app
from carsales.migrate import upgrade
from carsales.models import Role
from carsales.storage import create_storage
from carsales.training.cli import app as training_app
from carsales.training.demo import DemoHistoryUnavailable, SeededHistory, seed_demo_history
from carsales.training.targets import targets_from_settings

app = typer.Typer(help="Car Sales AI Assistant", no_args_is_help=True)
app.add_typer(training_app, name="training")
app.add_typer(images_app, name="images")
app.add_typer(models_app, name="models")
app.add_typer(content_app, name="content")
T = TypeVar("T")


def _in_transaction(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    async def run() -> T:
        engine = create_engine(get_settings())
        try:
            async with transaction(create_sessionmaker(engine)) as session:
                return await work(session)
        finally:
            await engine.dispose()

    try:
        return asyncio.run(run())
    except AppError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(1) from exc


@app.command()
def migrate() -> None:
    """Bring the database schema up to date."""
    upgrade(get_settings().database_url)
    typer.echo("database is up to date")


@app.command("seed-demo")
def seed_demo(
    without_history: Annotated[
        bool,
        typer.Option(
            "--without-history",
            help="Skip the practice history (each answer spoken by espeak-ng and analysed like "
            "any recording, a few minutes on 2 cores): the e2e server uses it to start fast.",
        ),
    ] = False,
) -> None:
    """Create the demo dealership "Demo Motors", its users, a small lot and a practice history
    of analysed recordings (not in production)."""
    settings = get_settings()
    if settings.is_production:
        typer.echo("error: demo data is never created in production", err=True)
        raise typer.Exit(1)
    created = _in_transaction(provisioning.seed_demo)
    typer.echo("demo dealership created" if created else "demo dealership already present")
    if not without_history:
        _seed_demo_history()
    typer.echo(f"Demo logins (password: {provisioning.DEMO_PASSWORD}):")
    for email, role, *_ in provisioning.DEMO_USERS:
        typer.echo(f"  {email:<24} {role.value}")


def _seed_demo_history() -> None:
    """In its own transaction, after the demo's people are committed: a history that cannot be
    made (a missing model) leaves the demo as it is, without one, to be added by a later run."""
    settings = get_settings()
    model_dir = settings.model_dir
    assert model_dir is not None  # filled in by Settings
    storage = create_storage(settings)

    async def work(session: AsyncSession) -> SeededHistory | None:
        return await seed_demo_history(session, storage, model_dir, targets_from_settings(settings))

    try:
        history = _in_transaction(work)
    except DemoHistoryUnavailable as exc:
        typer.echo(
            f"demo practice history skipped, nothing written: {exc}; "
            "run `make models` (and install espeak-ng), then `carsales seed-demo` again",
            err=True,
        )
        return
    if history is not None:
        typer.echo(
            f"demo practice history: {history.sessions} sessions spoken by espeak-ng and "
            f"analysed ({history.audio_seconds / 60:.1f} min of audio), "
            f"{history.assignments} assignments ({history.seconds:.0f} s)"
        )


@app.command("create-dealership")
def create_dealership(
    name: str,
    admin_email: Annotated[str, typer.Option(help="E-mail of the dealership's first admin")],
    admin_password: Annotated[str, typer.Option(prompt=True, hide_input=True)],
) -> None:
    """Create a dealership with its first admin."""

    async def work(session: AsyncSession) -> str:
        dealership = await provisioning.create_dealership(session, name)
        check_password(admin_password, admin_email)
        await provisioning.create_user(session, dealership, admin_email, admin_password, Role.admin)
        return dealership.id

    dealership_id = _in_transaction(work)
    typer.echo(f"created dealership {name!r} ({dealership_id}) with admin {admin_email}")


@app.command("create-user")
def create_user(
    email: str,
    dealership: Annotated[str, typer.Option(help="Dealership name")],
    role: Annotated[Role, typer.Option()] = Role.salesperson,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True)] = "",
) -> None:
    """Add a user to an existing dealership."""

    async def work(session: AsyncSession) -> str:
        found = await provisioning.find_dealership(session, dealership)
        check_password(password, email)
        user = await provisioning.create_user(session, found, email, password, role)
        return user.id

    user_id = _in_transaction(work)
    typer.echo(f"created {role.value} {email} ({user_id})")


@app.command()
def worker(
    threads: Annotated[int, typer.Option(help="Jobs run at once by this process")] = 1,
    metrics_port: Annotated[
        int | None,
        typer.Option(
            envvar="CARSALES_WORKER_METRICS_PORT",
            help="Serve this process's Prometheus metrics on this port (default: not served)",
        ),
    ] = None,
    metrics_host: Annotated[
        str,
        typer.Option(
            envvar="CARSALES_WORKER_METRICS_HOST",
            help="Address of the metrics listener; keep it reachable by Prometheus only",
        ),
    ] = "127.0.0.1",
    niceness: Annotated[
        int,
        typer.Option(
            min=0,
            max=19,
            envvar="CARSALES_WORKER_NICENESS",
            help="Lower this process's CPU priority by this much (0: as started), so that on a "
            "shared machine the API's requests and live sessions come before photo batches",
        ),
    ] = 10,
) -> None:
    """Run processing jobs from Redis (scale-out mode); start as many as the machines allow."""
    from carsales.jobs.metrics import serve_metrics
    from carsales.logging import configure_logging
    from carsales.worker import run_worker_process

    if niceness:
        os.nice(niceness)
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_json)
    if metrics_port is not None:
        serve_metrics(metrics_host, metrics_port)
    run_worker_process(settings, threads)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Default: CARSALES_HOST")] = None,
    port: Annotated[int | None, typer.Option(envvar="PORT", help="Default: CARSALES_PORT")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
) -> None:
    """Serve the API, the real-time channel and the web app."""
    settings = get_settings()
    try:
        settings.check_production_safety()
    except ConfigurationError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    if settings.is_production and _in_transaction(provisioning.has_demo_users):
        typer.echo("error: demo users exist; remove them before running in production", err=True)
        raise typer.Exit(1)
    host, port = host or settings.host, port or settings.port
    for warning in public_url_warnings(settings, port):
        typer.echo(f"warning: {warning}", err=True)
    if settings.public_url_derived:
        # E-mailed links must point at the port served here, not the settings' default: the
        # app (and each worker process) reads its settings anew from the environment.
        os.environ["CARSALES_PUBLIC_URL"] = local_url(host, port)
        get_settings.cache_clear()
    typer.echo(
        f"serving on {local_url(host, port)}; e-mailed links use {get_settings().public_url}"
    )
    uvicorn.run(
        "carsales.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=settings.trust_forwarded_headers,
        log_config=None,
    )


@app.command("export-openapi")
def export_openapi(
    output: Annotated[typer.FileTextWrite, typer.Argument(help="File to write, - for stdout")],
) -> None:
    """Write the OpenAPI schema that the front end's API client is generated from."""
    from carsales.main import create_fastapi

    schema = create_fastapi(get_settings()).openapi()
    output.write(json.dumps(schema, indent=2, sort_keys=True) + "\n")


def _backup_or_exit(work: Callable[[], Manifest]) -> Manifest:
    try:
        return work()
    except BackupError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc


@app.command()
def backup(
    output: Annotated[
        Path | None,
        typer.Option(help="Archive to write (default: ./carsales-backup-<UTC time>.tar.gz)"),
    ] = None,
) -> None:
    """Back up the database and the stored files into one tar.gz with a manifest of checksums;
    safe while the app runs."""
    target = output or Path(default_backup_name())
    manifest = _backup_or_exit(lambda: run_backup(get_settings(), target))
    typer.echo(
        f"backup written to {target}: {manifest.database_kind} database and "
        f"{len(manifest.files)} files, {manifest.total_bytes} bytes"
    )


@app.command()
def restore(
    archive: Annotated[Path, typer.Argument(help="An archive written by `carsales backup`")],
    force: Annotated[
        bool, typer.Option(help="Replace a database and storage that already hold data")
    ] = False,
) -> None:
    """Restore a backup (checksums verified before anything is written). Stop the app and the
    workers first; run `carsales migrate` afterwards when this release is newer."""
    manifest = _backup_or_exit(lambda: run_restore(get_settings(), archive, force=force))
    typer.echo(
        f"restored the backup of {manifest.created}: {manifest.database_kind} database "
        f"(revision {manifest.alembic_revision}) and {len(manifest.files)} files"
    )
