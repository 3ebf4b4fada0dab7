"""`carsales backup` and `carsales restore`: a round trip into a fresh database and storage gives
back every row of every table and every file, on SQLite and (the `db` run) on PostgreSQL."""

import json
import os
import subprocess
import tarfile
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from carsales.backup import BackupError, create_backup, restore_backup
from carsales.config import Settings
from carsales.db import create_engine
from carsales.models import Base, ItemStatus, JobItem, JobType, ProcessingJob, Role
from carsales.storage import LocalStorage
from tests.conftest import TestDealership
from tests.test_cli import CARSALES

FILES = {
    "d1/jobs/j1/inputs/000-front.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
    "d1/jobs/j1/outputs/000-front.webp": b"RIFF....WEBP" + b"\x00\xff" * 5000,
    "d2/training/s1/audio/part-0001.webm": b"\x1aE\xdf\xa3" + b"opus" * 1000,
    "d2/empty.txt": b"",
}


async def _rows(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (and the Alembic revision), in primary-key order."""
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            rows = {
                table.name: [
                    dict(row._mapping)
                    for row in await connection.execute(
                        select(table).order_by(*table.primary_key.columns)
                    )
                ]
                for table in Base.metadata.sorted_tables
            }
            revision = await connection.scalar(text("SELECT version_num FROM alembic_version"))
            rows["alembic_version"] = [{"version_num": revision}]
    finally:
        await engine.dispose()
    return rows


async def _files(storage: LocalStorage) -> dict[str, bytes]:
    return {key: await storage.get_bytes(key) for key in await storage.list_keys()}


@pytest.fixture
async def source(
    app: FastAPI, settings: Settings, dealership: TestDealership, tmp_path: Path
) -> Settings:
    """The test database with a dealership, its users and a job with items (JSON, times,
    nulls), and a storage of its own holding FILES."""
    async with app.state.sessionmaker() as session:
        job = ProcessingJob(
            dealership_id=dealership.id,
            owner_id=dealership[Role.salesperson].user.id,
            job_type=JobType.full_pipeline,
            settings={"backdrop": "studio", "sizes": [1200, 640], "nested": {"ü": None}},
            vehicle_ref="1HGCM82633A004352",
        )
        session.add(job)
        await session.flush()
        session.add_all(
            [
                JobItem(
                    job_id=job.id,
                    position=0,
                    original_name="front.png",
                    input_key="d1/jobs/j1/inputs/000-front.png",
                    status=ItemStatus.completed,
                    timings={"prepare": 1.25},
                    warnings=["too small"],
                ),
                JobItem(job_id=job.id, position=1, original_name="rear.png"),
            ]
        )
        await session.commit()
    storage = LocalStorage(tmp_path / "source-storage")
    for key, data in FILES.items():
        await storage.put_bytes(key, data)
    return settings.model_copy(update={"storage_dir": tmp_path / "source-storage"})


@pytest.fixture
async def target(source: Settings, tmp_path: Path) -> AsyncIterator[Settings]:
    """An empty database (a new SQLite file, or a new PostgreSQL database) and storage."""
    storage_dir = tmp_path / "target-storage"
    if source.uses_sqlite:
        url = f"sqlite+aiosqlite:///{tmp_path / 'restored.db'}"
        yield source.model_copy(update={"database_url": url, "storage_dir": storage_dir})
        return
    name = f"{make_url(source.database_url).database}_restore"
    admin = create_async_engine(source.database_url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(source.database_url).set(database=name).render_as_string(hide_password=False)
    yield source.model_copy(update={"database_url": url, "storage_dir": storage_dir})
    async with admin.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


async def test_a_backup_restores_every_row_and_every_file(
    source: Settings, target: Settings, tmp_path: Path
) -> None:
    archive = tmp_path / "backups" / "nightly.tar.gz"
    manifest = await create_backup(source, archive)

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        listed = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert names[0] == "manifest.json"
    assert listed["format"] == "carsales-backup" and listed["version"] == 1
    assert listed["database"]["kind"] == ("sqlite" if source.uses_sqlite else "postgresql")
    assert listed["database"]["alembicRevision"]
    assert {entry["path"]: entry["size"] for entry in listed["files"]} == {
        f"files/{key}": len(data) for key, data in FILES.items()
    }
    assert len(manifest.files) == len(FILES)

    await restore_backup(target, archive)

    restored = await _rows(target.database_url)
    assert restored == await _rows(source.database_url)
    assert restored["job_items"] and restored["users"]  # the comparison compared something
    assert await _files(LocalStorage(target.storage_dir or tmp_path)) == FILES


async def test_restore_refuses_a_target_with_data_unless_forced(
    source: Settings, target: Settings, tmp_path: Path
) -> None:
    archive = tmp_path / "backup.tar.gz"
    await create_backup(source, archive)
    await restore_backup(target, archive)
    storage = LocalStorage(target.storage_dir or tmp_path)
    await storage.put_bytes("d9/stray.bin", b"not in the backup")
    with pytest.raises(BackupError, match=r"not empty.*--force"):
        await restore_backup(target, archive)
    await restore_backup(target, archive, force=True)
    assert await _rows(target.database_url) == await _rows(source.database_url)
    assert await _files(storage) == FILES


def _tamper(archive: Path, tmp_path: Path, name: str, content: bytes) -> Path:
    """A copy of the archive with one member's content replaced."""
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    (unpacked / name).write_bytes(content)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as tar:
        for member in ["manifest.json", "database", "files"]:
            tar.add(unpacked / member, arcname=member)
    return damaged


def _with_outside_path(manifest: bytes) -> bytes:
    data = json.loads(manifest)
    data["files"][0]["path"] = "files/../../../etc/passwd"
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("member", "change", "refusal"),
    [
        ("files/d2/empty.txt", lambda _: b"tampered", r"empty\.txt does not match the manifest"),
        ("manifest.json", _with_outside_path, "unexpected file entry 'files/../../../etc"),
    ],
    ids=["changed-file", "path-outside"],
)
async def test_a_damaged_archive_is_refused_before_anything_is_written(
    source: Settings,
    target: Settings,
    tmp_path: Path,
    member: str,
    change: Callable[[bytes], bytes],
    refusal: str,
) -> None:
    archive = tmp_path / "backup.tar.gz"
    await create_backup(source, archive)
    with tarfile.open(archive) as tar:
        original = tar.extractfile(member).read()  # type: ignore[union-attr]
    damaged = _tamper(archive, tmp_path, member, change(original))
    with pytest.raises(BackupError, match=refusal):
        await restore_backup(target, damaged)
    assert not (target.storage_dir and target.storage_dir.exists())
    engine = create_engine(target)
    try:
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    finally:
        await engine.dispose()
    assert tables == []


def test_the_commands_back_up_and_restore(
    source: Settings, target: Settings, tmp_path: Path
) -> None:
    """As an operator runs them: `carsales backup`, then `carsales restore` into an empty
    target, refused once it holds data, accepted with --force."""
    archive = tmp_path / "cli.tar.gz"

    def carsales(*args: str, settings: Settings) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "CARSALES_DATA_DIR": str(tmp_path / "data"),
            "CARSALES_DATABASE_URL": settings.database_url,
            "CARSALES_STORAGE_DIR": str(settings.storage_dir),
            "CARSALES_LOG_JSON": "false",
        }
        return subprocess.run(
            [CARSALES, *args], env=env, capture_output=True, text=True, timeout=120, check=False
        )

    made = carsales("backup", "--output", str(archive), settings=source)
    assert made.returncode == 0, made.stderr
    assert f"backup written to {archive}" in made.stdout and f"{len(FILES)} files" in made.stdout
    restored = carsales("restore", str(archive), settings=target)
    assert restored.returncode == 0, restored.stderr
    assert "restored the backup of" in restored.stdout
    refused = carsales("restore", str(archive), settings=target)
    assert refused.returncode == 1
    assert "not empty" in refused.stderr and "--force" in refused.stderr
    forced = carsales("restore", str(archive), "--force", settings=target)
    assert forced.returncode == 0, forced.stderr
