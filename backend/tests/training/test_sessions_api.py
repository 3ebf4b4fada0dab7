"""The practice sessions API: creating, listing and reading sessions, who sees which, the
pause/resume/complete state machine, recording uploads, the stored audio and deletion."""

from dataclasses import fields
from typing import Any

import httpx
import numpy as np
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.models import ProcessingJob, Role, TrainingSession
from carsales.storage import Storage
from carsales.training.recording import part_key, recording_key, store_part
from carsales.training.scenarios.library import BUILTIN_SCENARIOS
from carsales.training.sessions.schemas import MeasuresOut
from carsales.training.speech.audio import identify_audio, to_pcm16, wav_bytes
from carsales.training.speech.metrics import Measures
from carsales.training.speech.tts import synthesize
from tests.conftest import Member, TestDealership, wait_until_finished
from tests.training.conftest import tone
from tests.training.people import add_member

SESSIONS = "/api/v1/sessions"


async def start(client: httpx.AsyncClient, member: Member, **body: Any) -> dict[str, Any]:
    response = await client.post(
        SESSIONS, headers=member.headers, json=body or {"sessionType": "pitch"}
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def record_live(app: FastAPI, db: AsyncSession, session_id: str, seconds: float) -> bytes:
    """What the live audio handler leaves behind: stored parts, counted on the row."""
    row = await db.get(TrainingSession, session_id)
    assert row is not None
    pcm = to_pcm16(tone(220, seconds))
    half = len(pcm) // 2
    for seq, part in enumerate((pcm[:half], pcm[half:])):
        await store_part(app.state.storage, row, seq, part)
    row.live_parts = 2
    row.live_seconds = seconds
    await db.commit()
    return pcm


def upload(data: bytes, name: str = "pitch.wav") -> dict[str, tuple[str, bytes, str]]:
    return {"file": (name, data, "application/octet-stream")}


async def test_create_list_and_read_sessions(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    scenario = BUILTIN_SCENARIOS["objection-price"]
    # The scenario's type wins over the one asked for.
    first = await start(client, seller, sessionType="pitch", scenarioId=scenario.id)
    assert first["sessionType"] == "objection"
    assert first["status"] == "active"
    assert first["source"] == "live"
    assert first["userName"] == "Sal Person"
    assert first["scenarioTitle"] == scenario.title
    assert first["scenario"] == scenario.snapshot()
    assert (first["hasAudio"], first["analysis"], first["metrics"]) == (False, None, None)
    assert (first["words"], first["feedback"], first["rubric"]) == ([], [], [])
    second = await start(client, seller, sessionType="closing")
    assert second["scenario"] is None

    listed = await client.get(SESSIONS, headers=seller.headers)
    assert listed.status_code == 200
    page = listed.json()
    assert page["total"] == 2
    assert [item["id"] for item in page["items"]] == [second["id"], first["id"]]  # newest first
    assert "words" not in page["items"][0]  # a summary

    only = await client.get(SESSIONS, headers=seller.headers, params={"sessionType": "objection"})
    assert [item["id"] for item in only.json()["items"]] == [first["id"]]
    paged = await client.get(SESSIONS, headers=seller.headers, params={"offset": 1, "limit": 1})
    assert [item["id"] for item in paged.json()["items"]] == [first["id"]]

    read = await client.get(f"{SESSIONS}/{first['id']}", headers=seller.headers)
    assert read.status_code == 200
    assert read.json() == first


async def test_a_session_needs_a_type_or_a_known_scenario(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    headers = dealership[Role.salesperson].headers
    neither = await client.post(SESSIONS, headers=headers, json={})
    assert neither.status_code == 422
    unknown = await client.post(SESSIONS, headers=headers, json={"scenarioId": "objection-weather"})
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "unknown_scenario"


async def test_a_roleplay_needs_a_scenario_with_a_customer_to_play(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    untyped = await client.post(
        SESSIONS, headers=seller.headers, json={"sessionType": "pitch", "mode": "roleplay"}
    )
    assert untyped.status_code == 422
    empty = await client.post(
        "/api/v1/training/scenarios",
        headers=dealership[Role.manager].headers,
        json={"sessionType": "objection", "title": "Nothing to say"},
    )
    assert empty.status_code == 201, empty.text
    mute = await client.post(
        SESSIONS,
        headers=seller.headers,
        json={"scenarioId": empty.json()["id"], "mode": "roleplay"},
    )
    assert mute.status_code == 400
    assert "cannot be role-played" in mute.json()["detail"]

    session = await start(client, seller, scenarioId="objection-spouse", mode="roleplay")

    assert session["mode"] == "roleplay"
    [opening] = session["turns"]
    assert opening["speaker"] == "customer" and opening["objection"] is True
    assert opening["text"] == BUILTIN_SCENARIOS["objection-spouse"].customer_lines[0]
    assert opening["start"] == 0 and opening["end"] > 1
    solo = await start(client, seller, scenarioId="objection-spouse")
    assert (solo["mode"], solo["turns"]) == ("solo", None)


async def test_who_sees_which_session(
    app: FastAPI,
    client: httpx.AsyncClient,
    dealership: TestDealership,
    other_dealership: TestDealership,
) -> None:
    seller = dealership[Role.salesperson]  # on the manager's team
    manager = dealership[Role.manager]
    admin = dealership[Role.admin]
    loner = await add_member(app, client, dealership, "loner")  # on nobody's team
    team_session = await start(client, seller)
    loner_session = await start(client, loner)
    manager_session = await start(client, manager)
    foreign = await start(client, other_dealership[Role.salesperson])

    async def visible(member: Member, **params: str) -> set[str]:
        response = await client.get(SESSIONS, headers=member.headers, params=params)
        assert response.status_code == 200
        return {item["id"] for item in response.json()["items"]}

    assert await visible(seller) == {team_session["id"]}
    assert await visible(manager) == {team_session["id"], manager_session["id"]}
    assert await visible(admin) == {team_session["id"], loner_session["id"], manager_session["id"]}
    assert await visible(manager, userId=seller.user.id) == {team_session["id"]}
    assert await visible(manager, userId=loner.user.id) == set()

    async def status_of(member: Member, session: dict[str, Any]) -> int:
        return (await client.get(f"{SESSIONS}/{session['id']}", headers=member.headers)).status_code

    assert await status_of(manager, team_session) == 200
    assert await status_of(manager, loner_session) == 404
    assert await status_of(seller, manager_session) == 404
    assert await status_of(admin, loner_session) == 200
    assert await status_of(admin, foreign) == 404


async def test_pause_and_resume_follow_the_state_machine(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    session = await start(client, seller)
    url = f"{SESSIONS}/{session['id']}"

    async def post(action: str, member: Member = seller) -> httpx.Response:
        return await client.post(f"{url}/{action}", headers=member.headers)

    resumed_early = await post("resume")
    assert resumed_early.status_code == 409
    assert resumed_early.json()["detail"] == (
        "The session is active: only paused sessions can be resumed."
    )
    paused = await post("pause")
    assert paused.status_code == 200
    assert paused.json()["status"] == "paused"
    assert (await post("pause")).status_code == 409
    # Their manager sees the session but cannot drive it.
    assert (await post("resume", dealership[Role.manager])).status_code == 403
    resumed = await post("resume")
    assert resumed.json()["status"] == "active"

    await record_live(app, db, session["id"], 1.0)
    await post("pause")
    completed = await post("complete")  # from paused
    assert completed.status_code == 200
    assert completed.json()["status"] == "completed"
    for action in ("pause", "resume", "complete"):
        assert (await post(action)).status_code == 409, action


async def test_complete_without_audio_is_refused(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    session = await start(client, seller)
    response = await client.post(f"{SESSIONS}/{session['id']}/complete", headers=seller.headers)
    assert response.status_code == 400
    assert response.json()["detail"] == "Nothing was recorded."
    read = await client.get(f"{SESSIONS}/{session['id']}", headers=seller.headers)
    assert read.json()["status"] == "active"


async def test_complete_joins_the_live_audio_and_queues_the_analysis(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    storage: Storage = app.state.storage
    seller = dealership[Role.salesperson]
    session = await start(client, seller, scenarioId="closing-summary")
    pcm = await record_live(app, db, session["id"], 1.5)

    response = await client.post(f"{SESSIONS}/{session['id']}/complete", headers=seller.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["hasAudio"] is True
    assert body["durationS"] == 1.5
    assert body["endedAt"] is not None
    assert body["analysis"]["status"] == "pending"

    row = await db.scalar(
        select(TrainingSession)
        .where(TrainingSession.id == session["id"])
        .execution_options(populate_existing=True)
    )
    assert row is not None
    assert await storage.get_bytes(recording_key(row)) == wav_bytes(pcm)
    assert not await storage.exists(part_key(row, 0))  # the parts are gone once committed
    job = await db.get(ProcessingJob, body["analysis"]["jobId"])
    assert job is not None
    assert job.job_type == "speech_analysis"
    assert job.items[0].input_key == recording_key(row)
    rubric = BUILTIN_SCENARIOS["closing-summary"].rubric
    assert job.settings["rubric"] == [item.to_json() for item in rubric]


async def test_the_recording_streams_back_with_byte_ranges(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    session = await start(client, seller)
    url = f"{SESSIONS}/{session['id']}/audio"
    assert (await client.get(url, headers=seller.headers)).status_code == 404  # nothing yet
    pcm = await record_live(app, db, session["id"], 0.5)
    await client.post(f"{SESSIONS}/{session['id']}/complete", headers=seller.headers)
    recording = wav_bytes(pcm)
    size = len(recording)

    whole = await client.get(url, headers=dealership[Role.manager].headers)
    assert whole.status_code == 200
    assert whole.content == recording
    assert whole.headers["content-type"] == "audio/wav"
    assert whole.headers["accept-ranges"] == "bytes"

    cases = {
        "bytes=0-99": (0, 99),
        "bytes=100-": (100, size - 1),
        "bytes=-10": (size - 10, size - 1),
    }
    for header, (first, last) in cases.items():
        part = await client.get(url, headers={**seller.headers, "Range": header})
        assert part.status_code == 206, header
        assert part.content == recording[first : last + 1], header
        assert part.headers["content-range"] == f"bytes {first}-{last}/{size}"
    beyond_end = await client.get(url, headers={**seller.headers, "Range": "bytes=0-999999999"})
    assert beyond_end.status_code == 206
    assert beyond_end.content == recording

    outside = await client.get(url, headers={**seller.headers, "Range": f"bytes={size}-"})
    assert outside.status_code == 416
    assert outside.headers["content-range"] == f"bytes */{size}"
    several = await client.get(url, headers={**seller.headers, "Range": "bytes=0-1,5-6"})
    assert several.status_code == 200  # answered with the whole file


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", ("audio/wav", "wav")),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00", ("audio/mpeg", "mp3")),
        (b"\xff\xfb\x90\x64\x00\x00", ("audio/mpeg", "mp3")),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00", ("audio/mp4", "m4a")),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81", ("audio/webm", "webm")),
        (b"OggS\x00\x02\x00\x00", ("audio/ogg", "ogg")),
        (b"\xff\xf1\x50\x80", None),  # AAC in ADTS: the same sync word, layer 00
        (b"RIFF\x24\x00\x00\x00AVI LIST", None),
        (b"%PDF-1.7", None),
        (b"", None),
    ],
)
def test_recordings_are_recognised_by_their_contents(
    head: bytes, expected: tuple[str, str] | None
) -> None:
    assert identify_audio(head) == expected


async def test_uploads_must_be_audio_within_the_limit(
    app: FastAPI,
    client: httpx.AsyncClient,
    db: AsyncSession,
    dealership: TestDealership,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seller = dealership[Role.salesperson]
    session = await start(client, seller)
    url = f"{SESSIONS}/{session['id']}/recording"

    not_audio = await client.post(url, headers=seller.headers, files=upload(b"%PDF-1.7 a contract"))
    assert not_audio.status_code == 400
    assert not_audio.json()["code"] == "unsupported_audio"
    assert "WAV, MP3, M4A/MP4, WebM or Ogg" in not_audio.json()["detail"]

    monkeypatch.setattr(app.state.settings, "training_upload_max_bytes", 1024 * 1024)
    too_large = wav_bytes(bytes(1024 * 1024))
    refused = await client.post(url, headers=seller.headers, files=upload(too_large))
    assert refused.status_code == 413
    assert refused.json()["detail"] == "The recording is larger than the 1 MB allowed."

    missing = await client.post(url, headers=seller.headers, files={"other": ("a", b"x")})
    assert missing.status_code == 422
    by_manager = await client.post(
        url, headers=dealership[Role.manager].headers, files=upload(wav_bytes(b"\x00\x00"))
    )
    assert by_manager.status_code == 403
    read = await client.get(f"{SESSIONS}/{session['id']}", headers=seller.headers)
    assert (read.json()["status"], read.json()["hasAudio"]) == ("active", False)

    live = await start(client, seller)
    await record_live(app, db, live["id"], 0.5)
    mixed = await client.post(
        f"{SESSIONS}/{live['id']}/recording", headers=seller.headers, files=upload(wav_bytes(b""))
    )
    assert mixed.status_code == 409


async def test_an_upload_completes_the_session_and_queues_the_analysis(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    session = await start(client, seller)
    mp3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(5000)
    response = await client.post(
        f"{SESSIONS}/{session['id']}/recording", headers=seller.headers, files=upload(mp3, "a.mp3")
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["source"], body["hasAudio"]) == ("completed", "upload", True)
    assert body["analysis"]["status"] == "pending"
    row = await db.get(TrainingSession, session["id"])
    assert row is not None
    assert (row.audio_content_type, row.audio_bytes) == ("audio/mpeg", len(mp3))
    assert await app.state.storage.get_bytes(row.audio_key) == mp3
    again = await client.post(
        f"{SESSIONS}/{session['id']}/recording", headers=seller.headers, files=upload(mp3)
    )
    assert again.status_code == 409


async def test_deleting_a_session_removes_its_files_and_its_job(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    storage: Storage = app.state.storage
    seller = dealership[Role.salesperson]
    session = await start(client, seller)
    await record_live(app, db, session["id"], 0.5)
    completed = (
        await client.post(f"{SESSIONS}/{session['id']}/complete", headers=seller.headers)
    ).json()
    row = await db.get(TrainingSession, session["id"])
    assert row is not None
    key = recording_key(row)
    url = f"{SESSIONS}/{session['id']}"

    assert (await client.delete(url, headers=dealership[Role.manager].headers)).status_code == 403
    assert (await client.delete(url, headers=seller.headers)).status_code == 204
    assert (await client.get(url, headers=seller.headers)).status_code == 404
    assert not await storage.exists(key)
    db.expunge_all()
    assert await db.get(ProcessingJob, completed["analysis"]["jobId"]) is None

    other = await start(client, seller)
    deleted_by_admin = await client.delete(
        f"{SESSIONS}/{other['id']}", headers=dealership[Role.admin].headers
    )
    assert deleted_by_admin.status_code == 204


def _speech(text: str) -> bytes:
    return wav_bytes(to_pcm16(np.concatenate([tone(0, 0.5), synthesize(text), tone(0, 0.5)])))


async def test_an_uploaded_pitch_gets_a_full_report(
    client: httpx.AsyncClient,
    dealership: TestDealership,
    job_worker: object,
    espeak: None,
    whisper_base: object,
) -> None:
    """From upload to report with the real analysis: Whisper base, measures, rubric, and the
    manager's assignment attempted."""
    seller = dealership[Role.salesperson]
    manager = dealership[Role.manager]
    assigned = await client.post(
        "/api/v1/training/assignments",
        headers=manager.headers,
        json={"scenarioId": "objection-price", "userId": seller.user.id},
    )
    assert assigned.status_code == 201, assigned.text
    session = await start(client, seller, scenarioId="objection-price")
    recording = _speech(
        "I understand, price matters. Apart from the price, is there anything else holding "
        "you back? If we could find a payment that works, would you drive it home today?"
    )
    uploaded = await client.post(
        f"{SESSIONS}/{session['id']}/recording", headers=seller.headers, files=upload(recording)
    )
    assert uploaded.status_code == 200, uploaded.text
    job = await wait_until_finished(
        client, uploaded.json()["analysis"]["jobId"], seller.headers, within=180
    )
    assert job["status"] == "completed", job["items"][0]["error"]

    report = (await client.get(f"{SESSIONS}/{session['id']}", headers=manager.headers)).json()
    assert report["analysis"]["status"] == "completed"
    assert report["model"] == "base"
    assert "anything else" in report["transcript"].lower()
    assert set(report["metrics"]) == {"confidence", "clarity", "pace", "volume", "captions"}
    assert set(report["metrics"]["captions"]) == {"confidence", "clarity", "pace", "volume"}
    assert report["measures"]["wordCount"] >= 20
    assert report["words"][0]["word"]
    assert report["timelines"]["pace"]
    scenario = BUILTIN_SCENARIOS["objection-price"]
    assert [item["id"] for item in report["rubric"]] == [item.id for item in scenario.rubric]
    assert any(item["passed"] for item in report["rubric"])
    # Judged by meaning (carsales/training/judge/): an overall score, a verdict, quoted evidence.
    assert 0 <= report["overall"] <= 100 and isinstance(report["passed"], bool)
    assert report["judgement"]["passMark"] == scenario.pass_mark
    for item in report["rubric"]:
        assert item["evidence"] is None or item["evidence"] in report["transcript"]
    assert report["durationS"] > 5

    assignments = await client.get("/api/v1/training/assignments", headers=seller.headers)
    [assignment] = assignments.json()["items"]
    # The session is an attempt at it; without a pass mark, the scenario's verdict decides.
    assert [attempt["sessionId"] for attempt in assignment["attempts"]] == [session["id"]]
    assert assignment["attempts"][0]["passed"] is report["passed"]
    assert assignment["status"] == ("done" if report["passed"] else "open")


def test_the_measures_schema_names_every_measure() -> None:
    """TrainingSessionOut.measures is written out for the API's clients: it must follow Measures,
    then the role-play's conversation measures (from its turns: roleplay/measures.py)."""
    conversation = ["talk_ratio", "patience_s"]
    assert list(MeasuresOut.model_fields) == [f.name for f in fields(Measures)] + conversation
