"""The storage contract, against a local folder and a real S3 server (SeaweedFS, installed with
the dev dependencies, started here on loopback)."""

import os
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from carsales.errors import PayloadTooLarge
from carsales.storage import LocalStorage, ObjectMissing, S3Storage, Storage, StorageFull

BIN = Path(os.environ.get("VIRTUAL_ENV", Path(__file__).resolve().parents[2] / ".venv")) / "bin"


def _free_port_pair() -> int:
    """A port p with p + 10000 free too: SeaweedFS puts each gRPC port there."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port: int = probe.getsockname()[1]
        if port < 55000:
            with socket.socket() as grpc:
                try:
                    grpc.bind(("127.0.0.1", port + 10000))
                except OSError:
                    continue
            return port
    raise RuntimeError("no free port pair")


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # Another pytest-xdist worker may start its own server at the same moment and take a port
    # found free here before this server binds it: then this server never answers, and the
    # last of three tries fails the test.
    for attempt in range(3):
        data = tmp_path_factory.mktemp("seaweedfs")
        try:
            process, endpoint = _start_seaweedfs(data)
            break
        except Exception:
            if attempt == 2:
                raise
    yield endpoint
    process.kill()  # a throw-away test server: nothing to flush
    process.wait(10)


def _start_seaweedfs(data: Path) -> tuple[subprocess.Popen[bytes], str]:
    master, volume, filer, s3 = (_free_port_pair() for _ in range(4))
    process = subprocess.Popen(
        [
            str(BIN / "weed"),
            "server",
            f"-dir={data}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={master}",
            f"-volume.port={volume}",
            f"-filer.port={filer}",
            "-s3",
            f"-s3.port={s3}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-volume.max=4",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{s3}"
    client = _client(endpoint)
    deadline = time.monotonic() + 60
    while True:
        try:
            client.create_bucket(Bucket="carsales-test")
            return process, endpoint
        except Exception:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                process.wait(10)
                raise
            time.sleep(0.5)


def _client(endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


@pytest.fixture(params=["local", "s3"])
async def storage(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Storage]:
    if request.param == "local":
        yield LocalStorage(tmp_path)
        return
    endpoint = request.getfixturevalue("s3_endpoint")
    yield S3Storage(_client(endpoint), "carsales-test")


async def _chunks(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


async def test_round_trip_with_hash_and_size(storage: Storage) -> None:
    stored = await storage.put_stream("d1/jobs/j1/a.png", _chunks(b"ab", b"cd"), max_bytes=10)
    assert (stored.size, stored.sha256[:8]) == (4, "88d4266f")
    assert await storage.get_bytes("d1/jobs/j1/a.png") == b"abcd"
    assert b"".join([chunk async for chunk in storage.stream("d1/jobs/j1/a.png")]) == b"abcd"
    assert await storage.exists("d1/jobs/j1/a.png")


async def test_too_large_leaves_nothing_behind(storage: Storage) -> None:
    with pytest.raises(PayloadTooLarge):
        await storage.put_stream("d1/big.png", _chunks(b"x" * 6, b"y" * 6), max_bytes=10)
    assert not await storage.exists("d1/big.png")


@pytest.mark.parametrize("how", ["bytes", "stream"])
async def test_a_full_disk_is_a_clear_error_and_leaves_nothing_behind(
    tmp_path: Path, how: str
) -> None:
    local = LocalStorage(tmp_path)
    key = "d1/audio/part.pcm"
    (tmp_path / "d1/audio").mkdir(parents=True)
    (tmp_path / "d1/audio/part.pcm").write_bytes(b"kept")
    # The file is written beside its place first: there the kernel answers ENOSPC, for real.
    (tmp_path / "d1/audio/.part.pcm.part").symlink_to("/dev/full")
    with pytest.raises(StorageFull, match="storage is full"):
        if how == "bytes":
            await local.put_bytes(key, b"new")
        else:
            await local.put_stream(key, _chunks(b"new"), max_bytes=10)
    assert sorted(path.name for path in (tmp_path / "d1/audio").iterdir()) == ["part.pcm"]
    assert await local.get_bytes(key) == b"kept"


async def test_delete_prefix_removes_only_that_folder(storage: Storage) -> None:
    await storage.put_bytes("d1/jobs/j1/a.png", b"1")
    await storage.put_bytes("d1/jobs/j10/b.png", b"2")
    await storage.delete_prefix("d1/jobs/j1")
    assert not await storage.exists("d1/jobs/j1/a.png")
    assert await storage.exists("d1/jobs/j10/b.png")
    with pytest.raises(ObjectMissing):
        await storage.get_bytes("d1/jobs/j1/a.png")


async def test_delete_removes_one_file_and_allows_a_missing_one(storage: Storage) -> None:
    await storage.put_bytes("d-delete/one.bin", b"1")
    await storage.put_bytes("d-delete/one.bin.keep", b"2")
    await storage.delete("d-delete/one.bin")
    await storage.delete("d-delete/one.bin")
    assert await storage.list_keys("d-delete") == ["d-delete/one.bin.keep"]


async def test_list_keys_gives_every_key_of_a_folder(storage: Storage) -> None:
    """What a backup reads: every object, nested ones too, and not a neighbouring folder."""
    keys = ["d7/jobs/a.png", "d7/jobs/j1/outputs/b.webp", "d70/c.png"]
    for key in keys:
        await storage.put_bytes(key, b"x")
    assert await storage.list_keys("d7") == keys[:2]
    assert set(keys) <= set(await storage.list_keys())


async def test_keys_cannot_escape(storage: Storage) -> None:
    with pytest.raises(ValueError, match="invalid storage key"):
        await storage.put_bytes("../etc/passwd", b"x")


async def test_check_passes_on_a_working_store(storage: Storage) -> None:
    await storage.check()
