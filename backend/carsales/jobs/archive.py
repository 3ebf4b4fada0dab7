"""A zip of a job's results, streamed as it is written: nothing is held whole in memory."""

import io
import zipfile
from collections.abc import AsyncIterator, Iterable

from carsales.storage import Storage


class _Sink(io.RawIOBase):
    """An unseekable file that hands over what was written; zipfile then writes data
    descriptors instead of seeking back."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self._chunks.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def unique_names(names: Iterable[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for name in names:
        count = seen.get(name, 0)
        seen[name] = count + 1
        if count:
            stem, dot, extension = name.rpartition(".")
            name = f"{stem}-{count + 1}.{extension}" if dot else f"{name}-{count + 1}"
        result.append(name)
    return result


async def zip_stream(storage: Storage, entries: list[tuple[str, str]]) -> AsyncIterator[bytes]:
    """entries: (name in the zip, storage key). Photos are compressed already: store them."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, key in entries:
            with archive.open(name, "w", force_zip64=True) as entry:
                async for chunk in storage.stream(key):
                    entry.write(chunk)
                    if data := sink.drain():
                        yield data
    yield sink.drain()
