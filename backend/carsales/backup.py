"""Backups: the database and the stored files in one archive, and the restore of one.

The archive is a tar.gz with `manifest.json` first (format version, creation time, database
kind, Alembic revision, and the size and SHA-256 of the database dump and of every file), then
`database/<dump>` and `files/<storage key>`. The database is copied first and the files after,
so every file a row refers to is in the archive (a file uploaded meanwhile may be there without
its row, which is harmless).

- SQLite: SQLite's online backup API, consistent while the app keeps writing (WAL mode).
- PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore --clean`.
- Files: read through the Storage interface, so a local folder and an S3 bucket back up alike.

A restore unpacks the archive into a temporary folder and checks every checksum before it
writes anything; it refuses a target that holds data unless forced.
"""

import asyncio
import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from carsales.config import Settings
from carsales.db import create_engine
from carsales.kit.time import utcnow
from carsales.models import Base
from carsales.storage import CHUNK_SIZE, Storage, create_storage, validate_key

FORMAT = "carsales-backup"
VERSION = 1
MANIFEST = "manifest.json"
_DUMPS = {"sqlite": "database/carsales.sqlite3", "postgresql": "database/carsales.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Entry:
    path: str  # inside the archive
    size: int
    sha256: str

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "size": self.size, "sha256": self.sha256}


@dataclass(frozen=True)
class Manifest:
    created: str
    database_kind: str
    alembic_revision: str | None
    database: Entry
    files: list[Entry]

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "created": self.created,
            "database": {
                "kind": self.database_kind,
                "alembicRevision": self.alembic_revision,
                **self.database.as_json(),
            },
            "files": [entry.as_json() for entry in self.files],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Manifest":
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise BackupError(
                f"not a {FORMAT} archive of version {VERSION} "
                f"(format {data.get('format')!r}, version {data.get('version')!r})"
            )
        database = data["database"]
        return cls(
            created=data["created"],
            database_kind=database["kind"],
            alembic_revision=database.get("alembicRevision"),
            database=_entry(database),
            files=[_entry(item) for item in data["files"]],
        )

    @property
    def total_bytes(self) -> int:
        return self.database.size + sum(entry.size for entry in self.files)


def _entry(data: dict[str, Any]) -> Entry:
    return Entry(path=str(data["path"]), size=int(data["size"]), sha256=str(data["sha256"]))


def _describe(path: Path, archive_path: str) -> Entry:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_SIZE):
            digest.update(chunk)
    return Entry(archive_path, path.stat().st_size, digest.hexdigest())


def _database_kind(settings: Settings) -> str:
    return "sqlite" if settings.uses_sqlite else "postgresql"


def _sqlite_path(settings: Settings) -> Path:
    path = settings.database_url.split("///", 1)[-1]
    if not path or path == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(path)


def _libpq(settings: Settings) -> tuple[str, dict[str, str]]:
    """The URL for pg_dump and pg_restore (without "+asyncpg") and an environment carrying the
    password, so that it does not show in the process list."""
    url = make_url(settings.database_url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        # The command is pg_dump or pg_restore with our own arguments, never user input.
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} is not installed (Debian: the postgresql-client package)"
        ) from exc
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


async def _alembic_revision(engine: AsyncEngine) -> str | None:
    try:
        async with engine.connect() as connection:
            revision = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    except SQLAlchemyError:
        return None
    return None if revision is None else str(revision)


def _sqlite_copy(source_path: Path, target_path: Path) -> None:
    """SQLite's online backup API: a consistent copy while others write to the source, and
    every page of the target written under its lock, in one step (all or nothing), which is
    right for a live WAL database where copying the file would not be."""
    source = sqlite3.connect(source_path)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _dump_database(settings: Settings, target: Path) -> None:
    if settings.uses_sqlite:
        _sqlite_copy(_sqlite_path(settings), target)
        return
    url, env = _libpq(settings)
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--file={target}", url], env)


async def _save_files(storage: Storage, folder: Path) -> list[Entry]:
    entries = []
    for key in await storage.list_keys():
        target = folder / "files" / key
        target.parent.mkdir(parents=True, exist_ok=True)
        async with await anyio.open_file(target, "wb") as handle:
            async for chunk in storage.stream(key):
                await handle.write(chunk)
        entries.append(await anyio.to_thread.run_sync(_describe, target, f"files/{key}"))
    return entries


def _write_archive(staging: Path, manifest: Manifest, output: Path) -> None:
    """Written next to `output` and renamed, so a failed backup never leaves a partial file
    under the name a schedule or a restore would pick up."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.part")
    manifest_file = staging / MANIFEST
    manifest_file.write_text(json.dumps(manifest.as_json(), indent=2))
    try:
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_file, arcname=MANIFEST)
            for entry in [manifest.database, *manifest.files]:
                archive.add(staging / entry.path, arcname=entry.path)
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)


async def create_backup(settings: Settings, output: Path) -> Manifest:
    """Writes the database and every stored file into the archive `output`."""
    kind = _database_kind(settings)
    storage = create_storage(settings)
    engine = create_engine(settings)
    try:
        revision = await _alembic_revision(engine)
    finally:
        await engine.dispose()
    with tempfile.TemporaryDirectory(prefix="carsales-backup-") as folder:
        staging = Path(folder)
        dump = staging / _DUMPS[kind]
        dump.parent.mkdir(parents=True)
        await anyio.to_thread.run_sync(_dump_database, settings, dump)
        database = await anyio.to_thread.run_sync(_describe, dump, _DUMPS[kind])
        files = await _save_files(storage, staging)
        manifest = Manifest(
            created=utcnow().isoformat(),
            database_kind=kind,
            alembic_revision=revision,
            database=database,
            files=files,
        )
        await anyio.to_thread.run_sync(_write_archive, staging, manifest, output)
    return manifest


@contextmanager
def _unpacked(archive: Path) -> Iterator[tuple[Path, Manifest]]:
    """The archive unpacked into a temporary folder, every checksum checked."""
    if not archive.is_file():
        raise BackupError(f"no backup at {archive}")
    with tempfile.TemporaryDirectory(prefix="carsales-restore-") as folder:
        staging = Path(folder)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                # "data": no absolute paths, no links out of the folder, no devices.
                tar.extractall(staging, filter="data")
            manifest = Manifest.from_json(json.loads((staging / MANIFEST).read_text()))
        except (tarfile.TarError, OSError, ValueError, KeyError) as exc:
            raise BackupError(f"{archive} is not a readable backup: {exc}") from exc
        _check_paths(manifest)
        for entry in [manifest.database, *manifest.files]:
            path = staging / entry.path
            if not path.is_file():
                raise BackupError(f"{entry.path} is listed in the manifest but not in the archive")
            found = _describe(path, entry.path)
            if found != entry:
                raise BackupError(
                    f"{entry.path} does not match the manifest (size {found.size}, "
                    f"sha256 {found.sha256}; expected {entry.size}, {entry.sha256}): "
                    "the archive is damaged, nothing was restored"
                )
        yield staging, manifest


def _check_paths(manifest: Manifest) -> None:
    """The manifest names the dump and storage keys, nothing outside the unpacked folder."""
    if manifest.database.path != _DUMPS.get(manifest.database_kind):
        raise BackupError(f"unexpected database entry {manifest.database.path!r} in the manifest")
    for entry in manifest.files:
        try:
            validate_key(entry.path.removeprefix("files/"))
        except ValueError as exc:
            raise BackupError(f"unexpected file entry {entry.path!r} in the manifest") from exc
        if not entry.path.startswith("files/"):
            raise BackupError(f"unexpected file entry {entry.path!r} in the manifest")


async def _holds_data(engine: AsyncEngine, storage: Storage) -> str | None:
    """What the target already holds, or None when it is empty (a new, migrated database and
    an empty storage). A database without our tables counts as empty."""
    async with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            try:
                rows = await connection.scalar(select(func.count()).select_from(table))
            except SQLAlchemyError:
                await connection.rollback()
                continue
            if rows:
                return f"the database has rows in {table.name}"
    if await storage.list_keys():
        return "the file storage holds files"
    return None


def _restore_database(settings: Settings, dump: Path) -> None:
    if settings.uses_sqlite:
        target = _sqlite_path(settings)
        target.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(dump, target)
        return
    url, env = _libpq(settings)
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={url}",
            str(dump),
        ],
        env,
    )


async def _file_chunks(path: Path) -> AsyncIterator[bytes]:
    async with await anyio.open_file(path, "rb") as handle:
        while chunk := await handle.read(CHUNK_SIZE):
            yield chunk


async def _restore_files(storage: Storage, staging: Path, manifest: Manifest) -> None:
    # Forced over existing files: the storage ends up holding exactly the backup's files.
    folders = {key.split("/", 1)[0] for key in await storage.list_keys()}
    for folder in folders:
        await storage.delete_prefix(folder)
    for entry in manifest.files:
        key = entry.path.removeprefix("files/")
        await storage.put_stream(key, _file_chunks(staging / entry.path), max_bytes=entry.size)


async def restore_backup(settings: Settings, archive: Path, *, force: bool = False) -> Manifest:
    """Restores the archive's database and files into the configured ones. Stop the app and
    the workers first; run `carsales migrate` afterwards when the release is newer."""
    kind = _database_kind(settings)
    storage = create_storage(settings)
    with _unpacked(archive) as (staging, manifest):
        if manifest.database_kind != kind:
            raise BackupError(
                f"the backup holds a {manifest.database_kind} database and the configured "
                f"one is {kind}: restore it into a {manifest.database_kind} database"
            )
        engine = create_engine(settings)
        try:
            held = await _holds_data(engine, storage)
        finally:
            await engine.dispose()
        if held and not force:
            raise BackupError(f"the target is not empty ({held}); use --force to replace it")
        await anyio.to_thread.run_sync(
            _restore_database, settings, staging / manifest.database.path
        )
        await _restore_files(storage, staging, manifest)
    return manifest


def run_backup(settings: Settings, output: Path) -> Manifest:
    return asyncio.run(create_backup(settings, output))


def run_restore(settings: Settings, archive: Path, *, force: bool) -> Manifest:
    return asyncio.run(restore_backup(settings, archive, force=force))


def default_backup_name() -> str:
    return f"carsales-backup-{utcnow().strftime('%Y%m%dT%H%M%SZ')}.tar.gz"
