"""Live training audio end to end: a real server on a real port, Socket.IO clients, real tokens,
the chunks in real storage, and (where espeak-ng and Whisper tiny.en are installed) real speech
through the live transcription and coaching."""

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import socketio
import structlog
import structlog.testing
from prometheus_client import REGISTRY
from pydantic import TypeAdapter
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from carsales.ai.registry import ModelMissingError
from carsales.ai.whisper import get_whisper
from carsales.auth.tokens import AccessClaims, issue_access_token
from carsales.config import Settings
from carsales.db import create_engine, create_sessionmaker
from carsales.dealerships import provisioning
from carsales.jobs.schemas import JOB_EVENTS
from carsales.kit.time import utcnow
from carsales.main import create_app, create_fastapi
from carsales.models import Base, Role, SessionStatus, SessionType, TrainingSession, User
from carsales.storage import Storage
from carsales.training.live import hub as live_hub
from carsales.training.live.hub import LiveHub
from carsales.training.live.protocol import LIVE_EVENTS, AudioAccepted, AudioRefused
from carsales.training.recording import assemble_recording
from carsales.training.sessions.repository import SessionRepository
from carsales.training.speech.asr import WhisperTranscriber, transcribe_segments
from carsales.training.speech.audio import SAMPLE_RATE, to_pcm16, wav_bytes
from carsales.training.speech.tts import synthesize
from carsales.training.speech.vad import SpeechSegment
from carsales.training.speech.words import Span
from tests.conftest import TEST_PASSWORD, live_session_row
from tests.test_events import ThreadedServer
from tests.training.conftest import _missing, tone
from tests.wire import conforms

WAIT_SECONDS = 10
AUDIO_ACK = TypeAdapter(AudioAccepted | AudioRefused)
EVENTS = {**LIVE_EVENTS, **JOB_EVENTS}
SPEECH_WAIT_SECONDS = 60  # model loading and transcription on a busy 2-core machine
CHUNK = SAMPLE_RATE // 4  # 250 ms, as the browser sends
FAST_SPEECH = (
    "This sedan gives you a quiet cabin, a smooth ride and excellent fuel economy. The safety "
    "package includes lane keeping and automatic braking as standard. Most of our customers "
    "choose the premium trim because the heated seats and the larger screen make every commute "
    "more pleasant. Would you like to take it for a drive today?"
)

Event = tuple[str, dict[str, Any]]


@dataclass
class People:
    settings: Settings
    owner: User
    colleague: User  # same dealership
    stranger: User  # another dealership


@pytest.fixture(scope="module")
def people(settings: Settings, _migrated: None) -> Iterator[People]:
    """Two dealerships in the suite's database (PostgreSQL in CI), removed after the module."""

    async def provision() -> People:
        engine = create_engine(settings)
        try:
            async with create_sessionmaker(engine)() as session:
                north = await provisioning.create_dealership(session, "North Motors")
                south = await provisioning.create_dealership(session, "South Cars")

                async def user(dealer: Any, email: str) -> User:
                    return await provisioning.create_user(
                        session, dealer, email, TEST_PASSWORD, Role.salesperson
                    )

                result = People(
                    settings,
                    owner=await user(north, "owner@north.example"),
                    colleague=await user(north, "colleague@north.example"),
                    stranger=await user(south, "sales@south.example"),
                )
                session.add_all(
                    live_session_row(person, "live-test")
                    for person in (result.owner, result.colleague, result.stranger)
                )
                await session.commit()
                return result
        finally:
            await engine.dispose()

    async def remove() -> None:
        engine = create_engine(settings)
        try:
            async with engine.begin() as connection:
                for table in reversed(Base.metadata.sorted_tables):
                    await connection.execute(delete(table))
        finally:
            await engine.dispose()

    yield asyncio.run(provision())
    asyncio.run(remove())


@asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[ThreadedServer]:
    # create_app configures logging for a real process; the other test modules keep theirs.
    logging_config = structlog.get_config()
    server = ThreadedServer(create_app(settings))
    server.start()
    try:
        yield server
    finally:
        await asyncio.to_thread(server.stop)
        structlog.configure(**logging_config)


@pytest.fixture(scope="module")
def server(people: People) -> Iterator[ThreadedServer]:
    logging_config = structlog.get_config()
    running_server = ThreadedServer(create_app(people.settings))
    running_server.start()
    yield running_server
    running_server.stop()
    structlog.configure(**logging_config)


@pytest.fixture(scope="module")
def whisper_tiny() -> None:
    directory = Settings().model_dir
    assert directory is not None
    try:
        get_whisper("tiny.en", directory)
    except ModelMissingError as exc:
        _missing(str(exc))


def hub_of(server: ThreadedServer) -> LiveHub:
    hub: LiveHub = server.app.fastapi.state.live_training
    return hub


def sessionmaker_of(server: ThreadedServer) -> async_sessionmaker[AsyncSession]:
    sessionmaker: async_sessionmaker[AsyncSession] = server.app.fastapi.state.sessionmaker
    return sessionmaker


def storage_of(server: ThreadedServer) -> Storage:
    storage: Storage = server.app.fastapi.state.storage
    return storage


async def new_session(server: ThreadedServer, user: User, **fields: Any) -> TrainingSession:
    """A session row as POST /sessions makes it (or with `fields` changed)."""

    async def create() -> TrainingSession:
        async with sessionmaker_of(server)() as db:
            row = TrainingSession(
                dealership_id=user.dealership_id,
                user_id=user.id,
                session_type=SessionType.pitch,
                started_at=utcnow(),
                **fields,
            )
            db.add(row)
            await db.commit()
            return row

    return await server.call(create())


async def reload(server: ThreadedServer, session_id: str) -> TrainingSession:
    async def read() -> TrainingSession:
        async with sessionmaker_of(server)() as db:
            row = await db.scalar(select(TrainingSession).where(TrainingSession.id == session_id))
            assert row is not None
            return row

    return await server.call(read())


async def change_row(server: ThreadedServer, session_id: str, **values: Any) -> None:
    async def change() -> None:
        async with sessionmaker_of(server)() as db:
            await db.execute(
                update(TrainingSession).where(TrainingSession.id == session_id).values(**values)
            )
            await db.commit()

    await server.call(change())


@dataclass
class Streamer:
    """One browser tab: sends chunks and keeps every training event it receives, in order."""

    client: socketio.AsyncClient
    events: list[Event] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def send(self, session_id: str, seq: int, pcm: bytes) -> dict[str, Any]:
        payload = {"sessionId": session_id, "seq": seq, "audio": pcm}
        return await self.send_raw(payload)

    async def send_raw(self, payload: Any) -> dict[str, Any]:
        ack: dict[str, Any] = await self.client.call(
            "training.audio", payload, timeout=WAIT_SECONDS
        )
        conforms(AUDIO_ACK, ack)
        return ack

    async def stream(self, session_id: str, audio: np.ndarray, first_seq: int = 0) -> int:
        """All of `audio` in 250 ms chunks, each acknowledged before the next; the next seq."""
        seq = first_seq
        for start in range(0, len(audio), CHUNK):
            ack = await self.send(session_id, seq, to_pcm16(audio[start : start + CHUNK]))
            assert ack["ok"], ack
            seq += 1
        return seq

    def of(self, name: str, session_id: str) -> list[dict[str, Any]]:
        return [
            data for event, data in self.events if event == name and data["sessionId"] == session_id
        ]

    async def wait_for(
        self,
        name: str,
        session_id: str,
        found: Callable[[list[dict[str, Any]]], bool] = bool,
        within: float = WAIT_SECONDS,
    ) -> list[dict[str, Any]]:
        deadline = time.monotonic() + within
        while not found(self.of(name, session_id)):
            self.arrived.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no {name} as expected; got {self.events[-5:]}")
            with suppress(TimeoutError):
                await asyncio.wait_for(self.arrived.wait(), remaining)
        return self.of(name, session_id)


def token(settings: Settings, user: User) -> str:
    claims = AccessClaims(user.id, user.dealership_id, user.role, session_id="live-test")
    return issue_access_token(settings, claims)


@asynccontextmanager
async def streaming(
    server: ThreadedServer, settings: Settings, user: User
) -> AsyncIterator[Streamer]:
    streamer = Streamer(socketio.AsyncClient(reconnection=False))

    async def any_event(event: str, data: Any) -> None:
        conforms(EVENTS[event], data)  # only documented events, exactly as documented
        streamer.events.append((event, data))
        streamer.arrived.set()

    streamer.client.on("*", any_event)
    await streamer.client.connect(
        server.url,
        auth={"token": token(settings, user)},
        transports=["websocket"],
        wait_timeout=WAIT_SECONDS,
    )
    try:
        yield streamer
    finally:
        await streamer.client.disconnect()


def chunks(count: int) -> list[bytes]:
    """Distinct 250 ms chunks (tones of different pitch), so order and duplicates show."""
    return [to_pcm16(tone(200 + 20 * i, 0.25, 0.1)) for i in range(count)]


async def test_chunks_are_stored_in_order_and_a_resend_is_a_no_op(
    server: ThreadedServer, people: People
) -> None:
    session = await new_session(server, people.owner)
    parts = chunks(4)
    async with streaming(server, people.settings, people.owner) as tab:
        acks = [await tab.send(session.id, seq, pcm) for seq, pcm in enumerate(parts)]
        assert acks == [{"ok": True, "stored": n, "seconds": n * 0.25} for n in range(1, 5)]
        assert await tab.send(session.id, 1, parts[1]) == {"ok": True, "stored": 4, "seconds": 1.0}
        gap = await tab.send(session.id, 6, parts[0])
        assert (gap["ok"], gap["error"], gap["expected"]) == (False, "gap", 4)
        metrics = await tab.wait_for("training.metrics", session.id)
    row = await reload(server, session.id)
    assert (row.live_parts, row.live_seconds) == (4, 1.0)
    assert await assemble_recording(storage_of(server), row) == wav_bytes(b"".join(parts))
    assert set(metrics[0]) == {
        "sessionId",
        "timeS",
        "speaking",
        "wordsPerMinute",
        "fillersLastMinute",
        "monologueS",
        "levelDbfs",
        "speechDbfs",
        "clippingEvents",
        "talkTimeS",
        "wordCount",
    }
    assert 0 < metrics[0]["timeS"] <= 1.0 and metrics[0]["levelDbfs"] is not None


async def test_the_chunk_a_live_state_expects_is_counted_without_reading_the_session(
    server: ThreadedServer, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four chunks a second per speaker: once this process streams the session, the next chunk
    is stored and counted by one conditional UPDATE; the session is read only to judge one
    that does not count (a resend, a gap, a stopped session)."""
    session = await new_session(server, people.owner)
    parts = chunks(4)
    async with streaming(server, people.settings, people.owner) as tab:
        assert (await tab.send(session.id, 0, parts[0]))["ok"]  # read, and the state begins

        async def unread(*_: object) -> None:
            raise AssertionError("the session was read")

        monkeypatch.setattr(SessionRepository, "practised_by", unread)
        acks = [await tab.send(session.id, seq, parts[seq]) for seq in (1, 2)]
        assert [(ack["ok"], ack.get("stored")) for ack in acks] == [(True, 2), (True, 3)]
        monkeypatch.undo()
        assert (await tab.send(session.id, 1, parts[1]))["stored"] == 3  # a resend: read
    row = await reload(server, session.id)
    assert await assemble_recording(storage_of(server), row) == wav_bytes(b"".join(parts[:3]))


@pytest.mark.parametrize(
    "payload",
    [
        "not an object",
        {"sessionId": "S", "seq": -1, "audio": b"\0\0"},
        {"sessionId": "S", "seq": True, "audio": b"\0\0"},
        {"sessionId": "S", "seq": 0, "audio": "text"},
        {"sessionId": "S", "seq": 0, "audio": b"\0\0\0"},  # half a sample
        {"sessionId": "S", "seq": 0, "audio": bytes(32_002)},  # over 1 s
        {"sessionId": "x" * 200, "seq": 0, "audio": b"\0\0"},
    ],
    ids=[
        "not-object",
        "negative-seq",
        "bool-seq",
        "text-audio",
        "odd-bytes",
        "too-long",
        "long-id",
    ],
)
async def test_malformed_chunks_are_refused(
    server: ThreadedServer, people: People, payload: Any
) -> None:
    session = await new_session(server, people.owner)
    if isinstance(payload, dict):
        payload = {**payload, "sessionId": payload["sessionId"].replace("S", session.id)}
    async with streaming(server, people.settings, people.owner) as tab:
        ack = await tab.send_raw(payload)
    assert (ack["ok"], ack["error"]) == (False, "invalid")
    assert (await reload(server, session.id)).live_parts == 0


@pytest.mark.parametrize(
    ("sender", "status", "error"),
    [
        ("colleague", SessionStatus.active, "not_found"),
        ("stranger", SessionStatus.active, "not_found"),
        ("owner", SessionStatus.paused, "not_active"),
        ("owner", SessionStatus.completed, "not_active"),
    ],
)
async def test_only_the_owner_streams_into_an_active_session(
    server: ThreadedServer, people: People, sender: str, status: SessionStatus, error: str
) -> None:
    session = await new_session(server, people.owner, status=status)
    async with streaming(server, people.settings, getattr(people, sender)) as tab:
        ack = await tab.send(session.id, 0, chunks(1)[0])
    assert (ack["ok"], ack["error"]) == (False, error)
    assert (await reload(server, session.id)).live_parts == 0
    assert not await storage_of(server).exists(
        f"{session.dealership_id}/training/{session.id}/live/00000000.pcm"
    )


class BrokenStorage:
    async def put_bytes(self, key: str, data: bytes) -> None:
        raise OSError("disk on fire")


async def test_a_chunk_that_cannot_be_stored_is_refused_and_can_be_sent_again(
    server: ThreadedServer, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = await new_session(server, people.owner)
    part = chunks(1)[0]
    async with streaming(server, people.settings, people.owner) as tab:
        monkeypatch.setattr(hub_of(server), "storage", BrokenStorage())
        ack = await tab.send(session.id, 0, part)
        assert (ack["ok"], ack["error"]) == (False, "unavailable")
        assert (await reload(server, session.id)).live_parts == 0
        monkeypatch.undo()
        assert (await tab.send(session.id, 0, part))["stored"] == 1


async def test_a_dropped_connection_loses_nothing(server: ThreadedServer, people: People) -> None:
    session = await new_session(server, people.owner)
    parts = chunks(6)
    async with streaming(server, people.settings, people.owner) as tab:
        for seq in range(3):
            assert (await tab.send(session.id, seq, parts[seq]))["ok"]
    # The tab never saw the acks of 1 and 2: it resends them after reconnecting, then goes on.
    async with streaming(server, people.settings, people.owner) as tab:
        acks = [await tab.send(session.id, seq, parts[seq]) for seq in range(1, 6)]
        assert [ack["stored"] for ack in acks] == [3, 3, 4, 5, 6]
        metrics = await tab.wait_for(
            "training.metrics", session.id, lambda got: bool(got) and got[-1]["timeS"] == 1.5
        )
    assert [m["timeS"] for m in metrics] == sorted(m["timeS"] for m in metrics)
    row = await reload(server, session.id)
    assert await assemble_recording(storage_of(server), row) == wav_bytes(b"".join(parts))


async def test_a_session_resumed_in_a_fresh_process_keeps_session_time(
    server: ThreadedServer, people: People
) -> None:
    # 8 chunks (2 s) went to another process: this one has no live state for the session.
    session = await new_session(server, people.owner, live_parts=8, live_seconds=2.0)
    async with streaming(server, people.settings, people.owner) as tab:
        assert await tab.send(session.id, 8, chunks(1)[0]) == {
            "ok": True,
            "stored": 9,
            "seconds": 2.25,
        }
        await tab.wait_for("training.metrics", session.id)
        # Meanwhile chunks 9..12 went to yet another process: this one's state is stale.
        await change_row(server, session.id, live_parts=13, live_seconds=3.25)
        assert (await tab.send(session.id, 13, chunks(1)[0]))["seconds"] == 3.5
        metrics = await tab.wait_for(
            "training.metrics", session.id, lambda got: got[-1]["timeS"] != 2.25
        )
    assert [m["timeS"] for m in metrics] == [2.25, 3.5]


def figure(name: str) -> float:
    """A Prometheus figure of this process (the test server's thread shares it)."""
    value = REGISTRY.get_sample_value(name)
    assert value is not None, name
    return value


async def test_live_state_ends_with_the_session(
    server: ThreadedServer, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = hub_of(server)
    paused = await new_session(server, people.owner)
    completed = await new_session(server, people.owner)
    idle = await new_session(server, people.owner)
    live_before = figure("carsales_training_live_sessions")
    audio_before = figure("carsales_training_live_audio_seconds_total")
    async with streaming(server, people.settings, people.owner) as tab:
        for session in (paused, completed, idle):
            assert (await tab.send(session.id, 0, chunks(1)[0]))["ok"]
        assert {paused.id, completed.id, idle.id} <= set(hub.states)
        # The gauge operators watch follows the live states.
        assert figure("carsales_training_live_sessions") == live_before + 3
        await change_row(server, paused.id, status=SessionStatus.paused)
        await change_row(server, completed.id, status=SessionStatus.completed)
        # A chunk refused for a paused session drops its state at once; the sweep finds the rest.
        assert (await tab.send(paused.id, 1, chunks(1)[0]))["error"] == "not_active"
        assert paused.id not in hub.states
        # Three chunks of 250 ms stored; the refused one is not counted.
        assert figure("carsales_training_live_audio_seconds_total") == pytest.approx(
            audio_before + 0.75
        )
        await server.call(hub.sweep())
        assert completed.id not in hub.states and idle.id in hub.states
        monkeypatch.setattr(live_hub, "IDLE_S", 0.0)
        await server.call(hub.sweep())
        assert idle.id not in hub.states
        # The sweep without an idle time dropped this module's other sessions too.
        assert figure("carsales_training_live_sessions") == len(hub.states) == 0


# With espeak-ng and Whisper tiny.en: real speech through the live pipeline.


def fast_speech() -> np.ndarray:
    """About 15 s of speech at 220 words per minute, then a second of silence to end it."""
    speech = synthesize(FAST_SPEECH, words_per_minute=220)
    return np.concatenate([speech, np.zeros(SAMPLE_RATE, np.float32)])


@pytest.mark.usefixtures("espeak", "whisper_tiny")
def test_segments_that_queued_up_are_transcribed_together_in_their_own_time() -> None:
    directory = Settings().model_dir
    assert directory is not None
    transcriber = WhisperTranscriber(get_whisper("tiny.en", directory), "tiny.en")
    first = synthesize("Thanks for coming in today.")
    second = synthesize("Would you like to take it for a drive?")
    segments = [
        SpeechSegment(Span(30.0, 30.0 + len(first) / SAMPLE_RATE), first),
        SpeechSegment(Span(40.0, 40.0 + len(second) / SAMPLE_RATE), second),
    ]
    words = transcribe_segments(transcriber, segments)
    said = {w.text.strip(" ,.?").lower(): w for w in words}
    assert 30.0 <= said["thanks"].start < said["today"].end <= segments[0].span.end + 0.1
    assert 40.0 <= said["would"].start < said["drive"].end <= segments[1].span.end + 0.1


@pytest.mark.usefixtures("espeak", "whisper_tiny")
async def test_fast_speech_is_transcribed_and_coached(
    server: ThreadedServer, people: People
) -> None:
    session = await new_session(server, people.owner)
    audio = fast_speech()
    assert len(audio) / SAMPLE_RATE > 13
    async with streaming(server, people.settings, people.owner) as tab:
        await tab.stream(session.id, audio)
        feedback = await tab.wait_for("training.feedback", session.id, within=SPEECH_WAIT_SECONDS)
        transcripts = tab.of("training.transcript", session.id)
        heard_count = sum(len(t["words"]) for t in transcripts)
        # The speech comes in more than one segment (cut at a gap between words): the metrics
        # that count all of their words follow the last transcript.
        metrics = await tab.wait_for(
            "training.metrics",
            session.id,
            lambda got: bool(got) and got[-1]["wordCount"] >= max(1, heard_count),
        )
    words = [w for t in transcripts for w in t["words"]]
    heard = {w["word"].strip(",.?").lower() for w in words}
    # tiny.en at 220 wpm; the segment cut at a gap between words at 7.5 s (vad.py, soft cuts)
    # leaves the second piece less context, and "heated seats" is heard "heat and seats".
    assert {"cabin", "economy", "safety", "premium", "commute"} <= heard
    assert all(0 <= w["start"] <= w["end"] <= len(audio) / SAMPLE_RATE for w in words)
    assert feedback[0]["rule"] == "pace" and feedback[0]["message"].startswith("Slow down")
    assert feedback[0]["type"] == "correction"
    assert metrics[-1]["wordCount"] == len(words) and metrics[-1]["wordsPerMinute"] > 175


@pytest.mark.usefixtures("espeak")
async def test_without_the_live_model_audio_is_still_stored_and_measured(
    people: People, tmp_path: Path
) -> None:
    settings = people.settings.model_copy(update={"model_dir": tmp_path})  # no models there
    async with running(settings) as server:
        session = await new_session(server, people.owner)
        audio = np.concatenate([fast_speech()[: 6 * SAMPLE_RATE], np.zeros(SAMPLE_RATE)])
        with structlog.testing.capture_logs() as logs:
            async with streaming(server, settings, people.owner) as tab:
                seq = await tab.stream(session.id, audio)
                metrics = await tab.wait_for(
                    "training.metrics",
                    session.id,
                    lambda got: bool(got) and got[-1]["timeS"] == seq * 0.25,
                )
        row = await reload(server, session.id)
    assert row.live_parts == seq
    assert any(m["speaking"] for m in metrics) and metrics[-1]["talkTimeS"] > 3
    # The model is looked for once, when the first chunk arrives; no words ever come.
    warnings = [e for e in logs if e["event"] == "live_transcription_unavailable"]
    assert len(warnings) == 1 and warnings[0]["log_level"] == "warning"
    assert tab.of("training.transcript", session.id) == []
    assert metrics[-1]["wordCount"] == 0


async def test_a_dealership_with_more_cores_runs_more_live_transcriptions(
    people: People,
) -> None:
    app = create_fastapi(people.settings.model_copy(update={"training_live_workers": 6}))
    try:
        hub: LiveHub = app.state.live_training
        assert hub.workers == 6
    finally:
        await app.state.engine.dispose()
