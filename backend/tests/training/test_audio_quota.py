"""The audio quota (docs/operations.md "Quotas"): the minutes of a dealership's recordings whose
analysis is queued or running are counted when a session is completed or a recording uploaded;
past the quota the request is refused with 429 and Retry-After, and the session stays open."""

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.models import Role
from carsales.training.speech.audio import to_pcm16, wav_bytes
from tests.conftest import TestDealership
from tests.training.conftest import tone
from tests.training.test_sessions_api import SESSIONS, record_live, start, upload


def _wav(seconds: float) -> bytes:
    return wav_bytes(to_pcm16(tone(220, seconds)))


async def test_recordings_past_the_audio_quota_are_refused_until_analysed(
    app: FastAPI,
    client: httpx.AsyncClient,
    db: AsyncSession,
    dealership: TestDealership,
    other_dealership: TestDealership,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(app.state.settings, "quota_audio_minutes_in_flight", 1)
    seller, manager = dealership[Role.salesperson], dealership[Role.manager]

    first = await start(client, seller)
    uploaded = await client.post(  # no worker runs: its analysis stays queued
        f"{SESSIONS}/{first['id']}/recording", headers=seller.headers, files=upload(_wav(40))
    )
    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["durationS"] == pytest.approx(40)  # read from its header

    live = await start(client, manager)
    await record_live(app, db, live["id"], 30)
    refused = await client.post(f"{SESSIONS}/{live['id']}/complete", headers=manager.headers)
    assert refused.status_code == 429, refused.text
    assert refused.headers["Retry-After"] == "60"
    problem = refused.json()
    assert problem["code"] == "quota_exceeded"
    assert "0.7 minutes of recordings waiting or being processed" in problem["detail"]
    assert "at most 1 at a time; this adds 0.5." in problem["detail"]
    still = await client.get(f"{SESSIONS}/{live['id']}", headers=manager.headers)
    assert (still.json()["status"], still.json()["analysis"]) == ("active", None)
    storage = app.state.storage
    prefix = f"{seller.user.dealership_id}/training"
    # The recording assembled before the quota was counted is deleted again; the parts stay.
    assert not [
        key for key in await storage.list_keys(f"{prefix}/{live['id']}") if "recording" in key
    ]

    second = await start(client, seller)
    url = f"{SESSIONS}/{second['id']}/recording"
    too_much = await client.post(url, headers=seller.headers, files=upload(_wav(30)))
    assert too_much.status_code == 429
    assert await storage.list_keys(f"{prefix}/{second['id']}") == []
    # What FFmpeg cannot read counts nothing: its analysis fails at once.
    unreadable = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(5000)
    assert (
        await client.post(url, headers=seller.headers, files=upload(unreadable))
    ).status_code == 200

    # Another dealership's recordings are counted apart.
    elsewhere = other_dealership[Role.salesperson]
    theirs = await start(client, elsewhere)
    assert (
        await client.post(
            f"{SESSIONS}/{theirs['id']}/recording",
            headers=elsewhere.headers,
            files=upload(_wav(30)),
        )
    ).status_code == 200

    # Once the queued analysis is gone, the live session can be completed.
    deleted = await client.delete(f"{SESSIONS}/{first['id']}", headers=seller.headers)
    assert deleted.status_code == 204
    completed = await client.post(f"{SESSIONS}/{live['id']}/complete", headers=manager.headers)
    assert completed.status_code == 200, completed.text
    assert completed.json()["analysis"]["status"] == "pending"
