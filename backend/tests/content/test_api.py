"""The content API: generating drafts, the draft -> review -> published workflow with revisions
and audit events, live linting, who sees what, and the generation stream."""

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.config import Settings
from carsales.models import AuditEvent, Role
from tests.conftest import Member, TestDealership
from tests.content.factories import (
    ADDRESS,
    CONTENT,
    FINANCE,
    add_vehicle,
    create_content,
    set_profile,
)

TRIGGER = "Drive it home for just $299/month."


def errors(item: dict[str, Any]) -> list[dict[str, Any]]:
    return [finding for finding in item["findings"] if finding["severity"] == "error"]


async def act(
    client: httpx.AsyncClient, by: Member, item_id: str, step: str, **body: Any
) -> httpx.Response:
    return await client.post(f"{CONTENT}/{item_id}/{step}", headers=by.headers, json=body or None)


async def edit(
    client: httpx.AsyncClient, by: Member, item_id: str, **changes: Any
) -> httpx.Response:
    return await client.patch(f"{CONTENT}/{item_id}", headers=by.headers, json=changes)


async def test_the_whole_workflow_from_generated_draft_to_published_copy(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    manager = dealership[Role.manager]
    await set_profile(db, dealership.id)
    vehicle = await add_vehicle(client, seller)

    draft = await create_content(
        client, seller, vehicle["id"], type="social", variants=3, offer=FINANCE
    )
    assert draft["status"] == "draft"
    assert (draft["type"], draft["channel"]) == ("social", "instagram")
    variants = draft["content"]["variants"]
    assert len(variants) == 3
    assert len({variant["text"] for variant in variants}) == 3
    assert draft["content"]["text"] == variants[0]["text"]
    assert "Accord" in draft["content"]["text"]
    assert draft["content"]["engine"] == "composer"
    assert [r["action"] for r in draft["revisions"]] == ["created"]
    assert draft["ownerName"] == "Sal Person"

    # The salesperson writes a payment into the copy: a Reg Z trigger without its disclosure.
    edited = await edit(
        client, seller, draft["id"], content={"text": f"{TRIGGER}\n\nSee it today."}
    )
    assert edited.status_code == 200, edited.text
    [reg_z] = [f for f in errors(edited.json()) if f["category"] == "reg-z"]
    assert edited.json()["content"]["text"][reg_z["start"] : reg_z["end"]] in TRIGGER
    assert "APR" in reg_z["fix"]

    submitted = await act(client, seller, draft["id"], "submit")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "review"

    # Publishing is refused while an error finding remains, with the findings.
    refused = await act(client, manager, draft["id"], "publish")
    assert refused.status_code == 409
    assert refused.json()["code"] == "compliance_errors"
    assert any(f["category"] == "reg-z" for f in refused.json()["findings"])

    rejected = await act(client, manager, draft["id"], "reject", comment="Add the APR disclosure.")
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "draft"
    assert rejected.json()["reviewComment"] == "Add the APR disclosure."

    # The suggested fix, inserted as the page's one-click button does.
    fixed_text = f"{TRIGGER} {reg_z['fix']}\n\nSee it today."
    fixed = await edit(client, seller, draft["id"], content={"text": fixed_text})
    assert errors(fixed.json()) == []
    assert (await act(client, seller, draft["id"], "submit")).status_code == 200

    assert (await act(client, seller, draft["id"], "publish")).status_code == 403
    published = await act(client, manager, draft["id"], "publish")
    assert published.status_code == 200, published.text
    body = published.json()
    assert body["status"] == "published"
    assert body["content"]["text"] == fixed_text
    assert body["publishedAt"] is not None
    assert body["publishedRevision"] == body["revision"]
    assert [r["action"] for r in body["revisions"]] == [
        "created",
        "edited",
        "submitted",
        "rejected",
        "edited",
        "submitted",
        "published",
    ]
    assert [r["number"] for r in body["revisions"]] == list(range(1, 8))
    assert body["revisions"][3]["comment"] == "Add the APR disclosure."
    assert body["revisions"][3]["authorName"] == "Max Mgr"
    assert body["revisions"][1]["content"]["text"].startswith(TRIGGER)

    actions = list(await db.scalars(select(AuditEvent.action).order_by(AuditEvent.created_at)))
    content_actions = [action for action in actions if action.startswith("content.")]
    assert content_actions == [
        "content.submitted",
        "content.rejected",
        "content.submitted",
        "content.published",
    ]


async def test_a_published_item_is_not_edited_in_place(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    manager = dealership[Role.manager]
    vehicle = await add_vehicle(client, seller)
    item = await create_content(client, seller, vehicle["id"], variants=1)
    await act(client, seller, item["id"], "submit")
    published = (await act(client, manager, item["id"], "publish")).json()
    assert published["status"] == "published", published

    changed = await edit(client, seller, item["id"], content={"text": "A new opening line."})
    assert changed.status_code == 200
    body = changed.json()
    # A new draft revision that goes back through review; the published copy stays on record.
    assert body["status"] == "draft"
    assert body["publishedRevision"] == published["revision"]
    assert body["revision"] == published["revision"] + 1
    kept = body["revisions"][published["revision"] - 1]
    assert kept["action"] == "published"
    assert kept["content"]["text"] == published["content"]["text"]
    listed = await client.get(CONTENT, headers=seller.headers, params={"status": "published"})
    assert listed.json()["total"] == 0
    # What was published once is not deleted.
    deleted = await client.delete(f"{CONTENT}/{item['id']}", headers=seller.headers)
    assert deleted.status_code == 409
    assert deleted.json()["code"] == "not_deletable"


async def test_illegal_transitions_are_conflicts_with_a_code(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    manager = dealership[Role.manager]
    vehicle = await add_vehicle(client, seller)
    item = await create_content(client, seller, vehicle["id"], variants=1)
    for step, by, body in (("publish", manager, {}), ("reject", manager, {"comment": "No."})):
        refused = await act(client, by, item["id"], step, **body)
        assert refused.status_code == 409, step
        assert refused.json()["code"] == "illegal_transition"
        assert refused.json()["currentStatus"] == "draft"
    assert (await act(client, seller, item["id"], "submit")).status_code == 200
    again = await act(client, seller, item["id"], "submit")
    assert again.status_code == 409
    assert again.json()["code"] == "illegal_transition"
    # A rejection needs its comment.
    assert (await act(client, manager, item["id"], "reject", comment="")).status_code == 422


async def test_variants_are_chosen_and_email_html_follows_the_text(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    await set_profile(db, dealership.id)
    vehicle = await add_vehicle(client, seller)
    item = await create_content(client, seller, vehicle["id"], platform="email", variants=2)
    assert item["type"] == "email"
    second = item["content"]["variants"][1]
    chosen = (await edit(client, seller, item["id"], selectedVariant=1)).json()
    assert chosen["content"]["text"] == second["text"]
    assert chosen["content"]["subject"] == second["subject"]
    assert chosen["content"]["html"] == second["html"]

    text = "Hello!\n\nOur Accord is in.\n\n" + second["text"].split("\n\n")[-1]
    rewritten = (await edit(client, seller, item["id"], content={"text": text})).json()
    assert "<p>Our Accord is in.</p>" in rewritten["content"]["html"]
    # An unchanged edit records nothing.
    same = (await edit(client, seller, item["id"], content={"text": text})).json()
    assert same["revision"] == rewritten["revision"]


async def test_requests_are_validated(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    vehicle = await add_vehicle(client, seller)
    settings = {"platform": "instagram"}

    async def create(**body: Any) -> httpx.Response:
        return await client.post(CONTENT, headers=seller.headers, json=body)

    too_many = await create(vehicleId=vehicle["id"], settings=settings, variants=6)
    assert too_many.status_code == 422
    mismatch = await create(vehicleId=vehicle["id"], settings=settings, type="email")
    assert mismatch.status_code == 400
    assert mismatch.json()["code"] == "channel_type_mismatch"
    unknown = await create(vehicleId="0" * 32, settings=settings)
    assert unknown.status_code == 404
    long_text = await client.post(
        f"{CONTENT}/lint", headers=seller.headers, json={"channel": "x", "text": "a" * 20_001}
    )
    assert long_text.status_code == 422
    item = await create_content(client, seller, vehicle["id"], variants=1)
    unknown_field = await edit(client, seller, item["id"], status="published")
    assert unknown_field.status_code == 422


async def test_offer_only_content_has_no_vehicle(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    offer = {"kind": "sale", "details": "Spring service event"}
    item = await create_content(client, seller, None, platform="facebook", variants=1, offer=offer)
    assert item["vehicleId"] is None and item["vehicleName"] is None
    assert item["settings"]["offer"]["details"] == "Spring service event"


async def test_the_review_queue_names_each_item_s_vehicle(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller, manager = dealership[Role.salesperson], dealership[Role.manager]
    accord = await add_vehicle(client, seller)
    civic = await add_vehicle(client, seller, stockNumber="A200", model="Civic", trim=None)
    for vehicle in (accord, civic):
        item = await create_content(client, seller, vehicle["id"], variants=1)
        await act(client, seller, item["id"], "submit")
    queue = await client.get(CONTENT, headers=manager.headers, params={"status": "review"})
    assert queue.status_code == 200, queue.text
    names = sorted(item["vehicleName"] for item in queue.json()["items"])
    assert names == ["2020 Honda Accord Sport", "2020 Honda Civic"]


async def test_live_linting_stores_nothing(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    response = await client.post(
        f"{CONTENT}/lint",
        headers=seller.headers,
        json={"channel": "instagram", "text": f"Guaranteed approval! {TRIGGER}", "offer": FINANCE},
    )
    assert response.status_code == 200
    categories = {finding["category"] for finding in response.json()["findings"]}
    assert {"deceptive-claim", "reg-z"} <= categories
    stats = (await client.get(f"{CONTENT}/stats", headers=seller.headers)).json()
    assert stats == {"draft": 0, "review": 0, "published": 0, "total": 0}


async def test_who_sees_what_and_the_filters(
    client: httpx.AsyncClient,
    dealership: TestDealership,
    other_dealership: TestDealership,
) -> None:
    seller = dealership[Role.salesperson]
    manager = dealership[Role.manager]
    admin = dealership[Role.admin]
    accord = await add_vehicle(client, seller)
    civic = await add_vehicle(client, seller, stockNumber="A200", model="Civic")
    mine = await create_content(client, seller, accord["id"], variants=1)
    other = await create_content(client, seller, civic["id"], variants=1)
    managers = await create_content(client, manager, civic["id"], variants=1)
    await act(client, seller, other["id"], "submit")

    async def visible(member: Member, **params: str) -> list[str]:
        response = await client.get(CONTENT, headers=member.headers, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        assert page["total"] == len(page["items"])
        assert all("text" in item["content"] and "findings" in item for item in page["items"])
        return sorted(item["id"] for item in page["items"])

    assert await visible(seller) == sorted([mine["id"], other["id"]])
    assert await visible(manager) == sorted([mine["id"], other["id"], managers["id"]])
    assert await visible(admin) == await visible(manager)
    assert await visible(seller, status="review") == [other["id"]]
    assert await visible(manager, vehicleId=civic["id"]) == sorted([other["id"], managers["id"]])
    assert await visible(manager, vehicleId=civic["id"], status="draft") == [managers["id"]]
    assert (
        await client.get(f"{CONTENT}/{managers['id']}", headers=seller.headers)
    ).status_code == 404

    stats = (await client.get(f"{CONTENT}/stats", headers=manager.headers)).json()
    assert stats == {"draft": 2, "review": 1, "published": 0, "total": 3}
    assert (await client.get(f"{CONTENT}/stats", headers=seller.headers)).json()["total"] == 2

    # Another dealership sees none of it, and cannot use this dealership's vehicles.
    outsider = other_dealership[Role.admin]
    assert await visible(outsider) == []
    for path in (f"{CONTENT}/{mine['id']}", f"{CONTENT}/{mine['id']}/card.png"):
        assert (await client.get(path, headers=outsider.headers)).status_code == 404
    assert (await edit(client, outsider, mine["id"], title="Mine now")).status_code == 404
    foreign = await client.post(
        CONTENT,
        headers=outsider.headers,
        json={"vehicleId": accord["id"], "settings": {"platform": "instagram"}},
    )
    assert foreign.status_code == 404

    # Drafts can be deleted, by their author or a manager.
    assert (
        await client.delete(f"{CONTENT}/{mine['id']}", headers=manager.headers)
    ).status_code == 204
    assert await visible(seller) == [other["id"]]


async def test_the_stream_sends_each_variant_then_the_result(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    vehicle = await add_vehicle(client, seller)
    lines = await _stream(client, seller, vehicle["id"], variants=2)
    deltas, done = lines[:-1], lines[-1]
    assert [line["variant"] for line in deltas] == [0, 1]
    assert done["engine"] == "composer"
    assert done["fallbackReason"] is None
    assert [variant["text"] for variant in done["variants"]] == [line["delta"] for line in deltas]
    assert all("findings" in variant for variant in done["variants"])
    # Nothing was stored.
    assert (await client.get(CONTENT, headers=seller.headers)).json()["total"] == 0


async def test_a_draft_keeps_the_streamed_copy_but_checks_it_again(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    vehicle = await add_vehicle(client, seller)
    lines = await _stream(client, seller, vehicle["id"], variants=2)
    # The page's way: each card grows by its deltas (a restart empties it), then the last line.
    cards: dict[int, str] = {}
    for line in lines[:-1]:
        cards[line["variant"]] = "" if line.get("restart") else cards.get(line["variant"], "")
        cards[line["variant"]] += line.get("delta") or ""
    done = lines[-1]
    assert [cards[0], cards[1]] == [variant["text"] for variant in done["variants"]]

    # What comes back is not trusted: an invented number and a payment without its terms,
    # sent as if the server had found nothing wrong.
    tampered = f"{done['variants'][1]['text']} Only 9,999 miles! {TRIGGER}"
    done["variants"][1].update(text=tampered, findings=[], flaggedNumbers=[])
    response = await client.post(
        CONTENT,
        headers=seller.headers,
        json={
            "vehicleId": vehicle["id"],
            "settings": STREAM_SETTINGS,
            "selectedVariant": 1,
            "generated": done,
        },
    )
    assert response.status_code == 201, response.text
    item = response.json()
    variants = item["content"]["variants"]
    assert [v["text"] for v in variants] == [cards[0], tampered]  # kept, not written anew
    assert item["content"]["text"] == tampered
    assert item["content"]["engine"] == "composer"
    assert variants[0]["flaggedNumbers"] == []
    assert variants[1]["flaggedNumbers"] == ["9,999", "299"]
    assert any(f["category"] == "reg-z" for f in errors(item))
    assert any(f["category"] == "reg-z" for f in variants[1]["findings"])
    assert [r["action"] for r in item["revisions"]] == ["created"]


async def test_streamed_copy_is_validated_and_its_email_html_rebuilt(
    client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    await set_profile(db, dealership.id)
    vehicle = await add_vehicle(client, seller)
    settings = {"platform": "email"}
    text = f"Hello!\n\nThe 2020 Accord is in.\n\n--\n{ADDRESS}\nUnsubscribe: reply STOP."
    variant = {"title": "In stock", "subject": "Our Accord", "text": text}

    async def create(generated: dict[str, Any]) -> httpx.Response:
        body = {"vehicleId": vehicle["id"], "settings": settings, "generated": generated}
        return await client.post(CONTENT, headers=seller.headers, json=body)

    # The HTML body is the server's, built from the text: a client's markup is not taken.
    sent = {**variant, "html": "<img src=x onerror=alert(1)>"}
    response = await create({"variants": [sent], "engine": "llm", "fallbackReason": None})
    assert response.status_code == 201, response.text
    content = response.json()["content"]
    assert "onerror" not in content["html"]
    assert "<p>The 2020 Accord is in.</p>" in content["html"]
    assert content["variants"][0]["html"] == content["html"]
    assert content["engine"] == "llm"

    for invalid in (
        {"variants": [], "engine": "composer"},
        {"variants": [variant] * 6, "engine": "composer"},
        {"variants": [variant], "engine": "someone"},
        {"variants": [{**variant, "text": "a" * 20_001}], "engine": "composer"},
        {"variants": [{**variant, "subject": "a" * 301}], "engine": "composer"},
        {"variants": [{"title": "No text"}], "engine": "composer"},
    ):
        assert (await create(invalid)).status_code == 422, invalid


async def test_the_stream_carries_a_real_model_as_it_writes(
    client: httpx.AsyncClient,
    dealership: TestDealership,
    configure_llm: Settings,
) -> None:
    seller = dealership[Role.salesperson]
    vehicle = await add_vehicle(client, seller)
    lines = await _stream(client, seller, vehicle["id"], variants=1)
    done = lines[-1]
    assert done["engine"] == "llm", done.get("fallbackReason")
    pieces = [line["delta"] for line in lines if line.get("delta")]
    assert len(pieces) > 1  # token by token, not one block
    assert done["variants"][0]["text"]


@pytest.fixture
def configure_llm(app: FastAPI, llm_base_url: str) -> Iterator[Settings]:
    """The app writing with the real llama.cpp server of tests/content/conftest.py."""
    original: Settings = app.state.settings
    app.state.settings = original.model_copy(
        update={"llm_base_url": llm_base_url, "llm_timeout_s": 120.0}
    )
    yield app.state.settings
    app.state.settings = original


STREAM_SETTINGS = {"platform": "x", "tone": "playful", "length": "short"}


async def _stream(
    client: httpx.AsyncClient, by: Member, vehicle_id: str, variants: int
) -> list[dict[str, Any]]:
    body = {"vehicleId": vehicle_id, "settings": STREAM_SETTINGS, "variants": variants}
    async with client.stream(
        "POST", f"{CONTENT}/generate", headers=by.headers, json=body
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/x-ndjson")
        return [json.loads(line) async for line in response.aiter_lines() if line]
