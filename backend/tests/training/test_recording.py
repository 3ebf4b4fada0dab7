"""Live parts in storage and the recording made of them, on a local folder and on S3."""

import io
import wave
from dataclasses import dataclass, field
from uuid import uuid4

import pytest

from carsales.storage import ObjectMissing, Storage
from carsales.training.recording import (
    assemble_recording,
    delete_live_parts,
    part_key,
    recording_key,
    session_prefix,
    store_part,
)
from carsales.training.speech.audio import SAMPLE_RATE

# The storage contract's fixtures: each test runs on a local folder and on a real S3 server.
from tests.test_storage import s3_endpoint, storage  # noqa: F401


@dataclass
class Session:
    # A new id per test: the S3 bucket is shared by the whole test run.
    id: str = field(default_factory=lambda: uuid4().hex)
    dealership_id: str = "d1"
    live_parts: int = 0


def pcm(seq: int, samples: int = 4000) -> bytes:
    """A distinct chunk per seq, so that order and duplicates show in the result."""
    return bytes([seq % 256, seq // 256]) * samples


def frames(wav: bytes) -> tuple[int, int, int, bytes]:
    with wave.open(io.BytesIO(wav)) as reader:
        return (
            reader.getnchannels(),
            reader.getsampwidth(),
            reader.getframerate(),
            reader.readframes(reader.getnframes()),
        )


def test_keys_live_under_the_dealership_and_session() -> None:
    session = Session(id="s1")
    assert part_key(session, 7) == "d1/training/s1/live/00000007.pcm"
    assert recording_key(session) == "d1/training/s1/recording.wav"
    assert part_key(session, 7).startswith(session_prefix(session) + "/")


async def test_recording_joins_the_counted_parts_in_order(storage: Storage) -> None:  # noqa: F811
    session = Session(live_parts=40)  # more than one fetch batch
    for seq in reversed(range(41)):  # arrival order does not matter; part 40 was never counted
        await store_part(storage, session, seq, pcm(seq))
    await store_part(storage, session, 3, pcm(3))  # a resent chunk overwrites, never adds
    assert frames(await assemble_recording(storage, session)) == (
        1,
        2,
        SAMPLE_RATE,
        b"".join(pcm(seq) for seq in range(40)),
    )


async def test_nothing_recorded_gives_an_empty_wav(storage: Storage) -> None:  # noqa: F811
    assert frames(await assemble_recording(storage, Session()))[3] == b""


async def test_deleting_live_parts_keeps_the_recording(storage: Storage) -> None:  # noqa: F811
    session = Session(live_parts=2)
    for seq in range(2):
        await store_part(storage, session, seq, pcm(seq))
    await storage.put_bytes(recording_key(session), await assemble_recording(storage, session))
    await delete_live_parts(storage, session)
    assert not await storage.exists(part_key(session, 0))
    assert await storage.exists(recording_key(session))


@pytest.mark.parametrize("missing", [0, 1])
async def test_a_missing_counted_part_is_an_error(storage: Storage, missing: int) -> None:  # noqa: F811
    session = Session(live_parts=2)
    await store_part(storage, session, 1 - missing, pcm(0))
    with pytest.raises(ObjectMissing):
        await assemble_recording(storage, session)
