"""What services need of a file a client uploads, so that they never see FastAPI's types:
FastAPI's (Starlette's) `UploadFile` satisfies `Upload`, and a test or another transport can
hand anything else that does."""

from collections.abc import AsyncIterator
from typing import BinaryIO, Protocol

# Reads of this size keep memory flat however large the file is.
UPLOAD_CHUNK = 256 * 1024


class Upload(Protocol):
    @property
    def filename(self) -> str | None: ...

    async def read(self, size: int = -1) -> bytes: ...

    async def seek(self, offset: int) -> None: ...


class FileUpload(Upload, Protocol):
    """An upload also readable as a file object, for a library that reads one on a worker
    thread (FFmpeg probing a recording); Starlette's `UploadFile` is one."""

    @property
    def file(self) -> BinaryIO: ...


async def upload_chunks(upload: Upload, size: int = UPLOAD_CHUNK) -> AsyncIterator[bytes]:
    """The upload from where it stands to its end, `size` bytes at a time (for
    `Storage.put_stream`)."""
    while chunk := await upload.read(size):
        yield chunk


async def read_at_most(upload: Upload, max_bytes: int) -> bytes | None:
    """The whole upload, or None when it is larger than `max_bytes`."""
    parts: list[bytes] = []
    size = 0
    async for chunk in upload_chunks(upload):
        size += len(chunk)
        if size > max_bytes:
            return None
        parts.append(chunk)
    return b"".join(parts)
