"""Where a training session's audio lives in storage, and how the live parts become one recording.

Live audio arrives in numbered chunks (`training.audio`, see realtime.py). Each chunk is stored as
its own object as it arrives, because S3 has no append and a dropped connection must lose nothing
already acknowledged. `complete()` joins parts 0..live_parts-1 into one WAV, stores it under
`recording_key`, and then deletes the parts.
"""

import asyncio
from dataclasses import dataclass
from typing import Protocol

from carsales.storage import Storage, StoredObject
from carsales.training.speech.audio import wav_bytes

# Parts fetched at once while assembling: S3 answers each in a round trip, and an hour is 14400.
FETCH_BATCH = 32


class SessionRef(Protocol):
    """What locates a session's files: a TrainingSession row, or its ids alone."""

    @property
    def id(self) -> str: ...

    @property
    def dealership_id(self) -> str: ...


@dataclass(frozen=True, slots=True)
class SessionIds:
    """A session located by its ids alone."""

    id: str
    dealership_id: str


class RecordedSession(SessionRef, Protocol):
    @property
    def live_parts(self) -> int: ...


def session_prefix(session: SessionRef) -> str:
    """Every file of the session (live parts, recording) is under this prefix."""
    return f"{session.dealership_id}/training/{session.id}"


def live_prefix(session: SessionRef) -> str:
    return f"{session_prefix(session)}/live"


def part_key(session: SessionRef, seq: int) -> str:
    # Zero-padded so that a listing sorts in order.
    return f"{live_prefix(session)}/{seq:08d}.pcm"


def recording_key(session: SessionRef) -> str:
    return f"{session_prefix(session)}/recording.wav"


async def store_part(storage: Storage, session: SessionRef, seq: int, pcm: bytes) -> StoredObject:
    """Store one chunk (PCM16, 16 kHz mono). Storing the same seq again overwrites it with the
    same bytes, so a resent chunk is harmless."""
    return await storage.put_bytes(part_key(session, seq), pcm)


async def assemble_recording(storage: Storage, session: RecordedSession) -> bytes:
    """The whole live recording as a 16 kHz mono WAV file (no samples when nothing was sent).

    Only the counted parts 0..live_parts-1 are joined: a part past them was written but never
    counted (the session stopped between the write and the count) and was never acknowledged."""
    parts: list[bytes] = []
    for first in range(0, session.live_parts, FETCH_BATCH):
        batch = range(first, min(session.live_parts, first + FETCH_BATCH))
        parts += await asyncio.gather(*(storage.get_bytes(part_key(session, i)) for i in batch))
    return wav_bytes(b"".join(parts))


async def delete_live_parts(storage: Storage, session: SessionRef) -> None:
    await storage.delete_prefix(live_prefix(session))
