"""File storage behind one small interface: a local folder by default, or an S3 bucket.

Writes are atomic (temporary file, then rename), so a crash or a full disk never leaves a
half-written object under its final key.
"""

import errno
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import AsyncIterable, AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import anyio

from carsales.errors import AppError, PayloadTooLarge

if TYPE_CHECKING:
    from carsales.config import Settings

CHUNK_SIZE = 256 * 1024
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,399}$")


class StorageFull(AppError):
    status_code = 507
    title = "Storage is full"
    code = "storage_full"


class ObjectMissing(AppError):
    status_code = 404
    title = "File not found"
    code = "file_not_found"


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    sha256: str


class Storage(Protocol):
    async def put_stream(
        self, key: str, chunks: AsyncIterable[bytes], *, max_bytes: int
    ) -> StoredObject: ...

    async def put_bytes(self, key: str, data: bytes) -> StoredObject: ...

    async def get_bytes(self, key: str) -> bytes: ...

    def stream(self, key: str) -> AsyncIterator[bytes]: ...

    async def exists(self, key: str) -> bool: ...

    async def delete(self, key: str) -> None:
        """Removes one stored file; nothing happens when there is none."""
        ...

    async def delete_prefix(self, prefix: str) -> None: ...

    async def list_keys(self, prefix: str = "") -> list[str]:
        """Every stored key under `prefix` (a folder; "" for all), sorted."""
        ...

    async def check(self) -> None: ...


def validate_key(key: str) -> str:
    if not _KEY.match(key) or ".." in key.split("/"):
        raise ValueError(f"invalid storage key: {key!r}")
    return key


@contextmanager
def _in_place_when_written(temporary: Path, target: Path) -> Iterator[None]:
    """The file written to `temporary` inside the block replaces `target` at its end, at once
    (a reader never sees half a file); if the block fails, nothing is left behind."""
    try:
        yield
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise StorageFull("The server's storage is full; nothing was saved.") from exc
        raise
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def _path(self, key: str) -> Path:
        return self.root / validate_key(key)

    async def put_stream(
        self, key: str, chunks: AsyncIterable[bytes], *, max_bytes: int
    ) -> StoredObject:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.part")
        digest = hashlib.sha256()
        size = 0
        with _in_place_when_written(temporary, target):
            async with await anyio.open_file(temporary, "wb") as handle:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > max_bytes:
                        raise PayloadTooLarge(f"The file is larger than {max_bytes} bytes.")
                    digest.update(chunk)
                    await handle.write(chunk)
        return StoredObject(key=key, size=size, sha256=digest.hexdigest())

    async def put_bytes(self, key: str, data: bytes) -> StoredObject:
        # One hop to a worker thread for the whole write, not one each for the open, the write
        # and the close: live audio stores a small chunk several times a second per session.
        return await anyio.to_thread.run_sync(self._put_bytes, self._path(key), key, data)

    @staticmethod
    def _put_bytes(target: Path, key: str, data: bytes) -> StoredObject:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.part")
        with _in_place_when_written(temporary, target):
            temporary.write_bytes(data)
        return StoredObject(key=key, size=len(data), sha256=hashlib.sha256(data).hexdigest())

    async def get_bytes(self, key: str) -> bytes:
        try:
            return await anyio.Path(self._path(key)).read_bytes()
        except FileNotFoundError as exc:
            raise ObjectMissing(f"No stored file {key}.") from exc

    async def stream(self, key: str) -> AsyncIterator[bytes]:
        try:
            handle = await anyio.open_file(self._path(key), "rb")
        except FileNotFoundError as exc:
            raise ObjectMissing(f"No stored file {key}.") from exc
        async with handle:
            while chunk := await handle.read(CHUNK_SIZE):
                yield chunk

    async def exists(self, key: str) -> bool:
        return await anyio.Path(self._path(key)).is_file()

    async def delete(self, key: str) -> None:
        await anyio.Path(self._path(key)).unlink(missing_ok=True)

    async def delete_prefix(self, prefix: str) -> None:
        folder = self._path(prefix.rstrip("/"))
        await anyio.to_thread.run_sync(lambda: shutil.rmtree(folder, ignore_errors=True))

    async def list_keys(self, prefix: str = "") -> list[str]:
        folder = self._path(prefix.rstrip("/")) if prefix else self.root

        def walk() -> list[str]:
            # Names starting with "." are writes in progress (`.<name>.part`), not objects.
            return sorted(
                path.relative_to(self.root).as_posix()
                for path in folder.rglob("*")
                if path.is_file() and not path.name.startswith(".")
            )

        return await anyio.to_thread.run_sync(walk)

    async def check(self) -> None:
        probe = f"ready-probes/{os.getpid()}"
        await self.put_bytes(probe, b"ok")
        await anyio.Path(self._path(probe)).unlink()


class S3Storage:
    """An S3 bucket (AWS or any S3-compatible server). boto3 is synchronous: calls run in
    threads. Uploads are spooled to a temporary file first so that the size limit and the hash
    are known before anything lands in the bucket."""

    def __init__(self, client: Any, bucket: str) -> None:
        self.client = client
        self.bucket = bucket

    @classmethod
    def from_settings(cls, settings: "Settings") -> "S3Storage":
        import boto3

        secret = settings.s3_secret_access_key
        client = boto3.client(
            "s3",
            endpoint_url=settings.s3_endpoint_url,
            region_name=settings.s3_region,
            aws_access_key_id=settings.s3_access_key_id,
            aws_secret_access_key=secret.get_secret_value() if secret else None,
        )
        assert settings.s3_bucket is not None
        return cls(client, settings.s3_bucket)

    async def put_stream(
        self, key: str, chunks: AsyncIterable[bytes], *, max_bytes: int
    ) -> StoredObject:
        validate_key(key)
        digest = hashlib.sha256()
        size = 0
        with tempfile.TemporaryFile() as spool:
            async for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise PayloadTooLarge(f"The file is larger than {max_bytes} bytes.")
                digest.update(chunk)
                await anyio.to_thread.run_sync(spool.write, chunk)
            spool.seek(0)
            await anyio.to_thread.run_sync(
                lambda: self.client.upload_fileobj(spool, self.bucket, key)
            )
        return StoredObject(key=key, size=size, sha256=digest.hexdigest())

    async def put_bytes(self, key: str, data: bytes) -> StoredObject:
        validate_key(key)
        await anyio.to_thread.run_sync(
            lambda: self.client.put_object(Bucket=self.bucket, Key=key, Body=data)
        )
        return StoredObject(key=key, size=len(data), sha256=hashlib.sha256(data).hexdigest())

    def _get(self, key: str) -> Any:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=validate_key(key))["Body"]
        except self.client.exceptions.NoSuchKey as exc:
            raise ObjectMissing(f"No stored file {key}.") from exc

    async def get_bytes(self, key: str) -> bytes:
        body = await anyio.to_thread.run_sync(self._get, key)
        data: bytes = await anyio.to_thread.run_sync(body.read)
        return data

    async def stream(self, key: str) -> AsyncIterator[bytes]:
        body = await anyio.to_thread.run_sync(self._get, key)
        try:
            while chunk := await anyio.to_thread.run_sync(body.read, CHUNK_SIZE):
                yield chunk
        finally:
            body.close()

    async def exists(self, key: str) -> bool:
        def head() -> bool:
            try:
                self.client.head_object(Bucket=self.bucket, Key=validate_key(key))
            except self.client.exceptions.ClientError as exc:
                if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                    return False
                raise
            return True

        return await anyio.to_thread.run_sync(head)

    async def delete(self, key: str) -> None:
        await anyio.to_thread.run_sync(
            lambda: self.client.delete_object(Bucket=self.bucket, Key=validate_key(key))
        )

    async def delete_prefix(self, prefix: str) -> None:
        def delete_all() -> None:
            paginator = self.client.get_paginator("list_objects_v2")
            for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix.rstrip("/") + "/"):
                keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
                if keys:
                    self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": keys})

        await anyio.to_thread.run_sync(delete_all)

    async def list_keys(self, prefix: str = "") -> list[str]:
        def list_all() -> list[str]:
            paginator = self.client.get_paginator("list_objects_v2")
            folder = prefix.rstrip("/") + "/" if prefix else ""
            return sorted(
                item["Key"]
                for page in paginator.paginate(Bucket=self.bucket, Prefix=folder)
                for item in page.get("Contents", [])
            )

        return await anyio.to_thread.run_sync(list_all)

    async def check(self) -> None:
        await anyio.to_thread.run_sync(lambda: self.client.head_bucket(Bucket=self.bucket))


def create_storage(settings: "Settings") -> Storage:
    """The configured storage: the S3 bucket when one is set, otherwise the local folder."""
    if settings.s3_bucket:
        return S3Storage.from_settings(settings)
    assert settings.storage_dir is not None  # filled in by Settings
    return LocalStorage(settings.storage_dir)
