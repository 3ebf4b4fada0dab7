"""Comments on a practice session at a moment of its recording: who reads, writes and deletes
them, and the owner hearing of others' comments."""

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.models import Notification, NotificationKind, Role, SessionComment
from carsales.training.comments.service import clock
from tests.conftest import Member, TestDealership
from tests.training.coaching import analysed
from tests.training.people import add_member


def comments_of(session_id: str) -> str:
    return f"/api/v1/sessions/{session_id}/comments"


async def comment(
    client: httpx.AsyncClient, by: Member, session_id: str, at_s: float, body: str
) -> httpx.Response:
    return await client.post(
        comments_of(session_id), headers=by.headers, json={"atS": at_s, "body": body}
    )


async def test_a_manager_comments_and_the_salesperson_is_told_and_replies(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    manager, seller = dealership[Role.manager], dealership[Role.salesperson]
    session_id = await analysed(app, seller.user, "objection-price", overall=70, passed=True)

    created = await comment(client, manager, session_id, 92.4, "  Pause after the price.  ")
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["atS"], body["body"], body["authorName"]) == (
        92.4,
        "Pause after the price.",
        "Max Mgr",
    )
    reply = await comment(client, seller, session_id, 10.0, "Will do.")
    assert reply.status_code == 201

    listed = await client.get(comments_of(session_id), headers=seller.headers)
    assert listed.status_code == 200
    # In the order of the recording; the owner may delete only their own.
    assert [(c["body"], c["canDelete"]) for c in listed.json()["items"]] == [
        ("Will do.", True),
        ("Pause after the price.", False),
    ]
    told = (await db.scalars(select(Notification))).all()
    assert [(n.user_id, n.kind) for n in told] == [
        (seller.user.id, NotificationKind.session_comment)
    ]
    assert told[0].body == "At 1:32: Pause after the price."
    assert told[0].link == f"/training/report/?id={session_id}"
    assert "Max Mgr" in told[0].title


async def test_only_those_who_see_the_session_read_and_write_its_comments(
    app: FastAPI,
    client: httpx.AsyncClient,
    dealership: TestDealership,
    other_dealership: TestDealership,
) -> None:
    manager, seller, admin = (dealership[r] for r in (Role.manager, Role.salesperson, Role.admin))
    other_manager = await add_member(app, client, dealership, "otto", Role.manager)
    peer = await add_member(app, client, dealership, "peer", manager_id=manager.user.id)
    session_id = await analysed(app, seller.user, "objection-price", overall=70, passed=True)

    assert (await comment(client, admin, session_id, 1, "Good opening.")).status_code == 201
    for outsider in (other_manager, peer, other_dealership[Role.admin]):
        assert (await comment(client, outsider, session_id, 1, "Hi")).status_code == 404
        listed = await client.get(comments_of(session_id), headers=outsider.headers)
        assert listed.status_code == 404
    assert (await client.get(comments_of(session_id), headers=manager.headers)).json()["total"] == 1


async def test_the_author_or_an_admin_deletes_a_comment(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    manager, seller, admin = (dealership[r] for r in (Role.manager, Role.salesperson, Role.admin))
    session_id = await analysed(app, seller.user, "objection-price", overall=70, passed=True)
    first = (await comment(client, manager, session_id, 3, "One")).json()["id"]
    second = (await comment(client, manager, session_id, 4, "Two")).json()["id"]

    refused = await client.delete(f"{comments_of(session_id)}/{first}", headers=seller.headers)
    assert refused.status_code == 403
    for who, comment_id in ((manager, first), (admin, second)):
        deleted = await client.delete(
            f"{comments_of(session_id)}/{comment_id}", headers=who.headers
        )
        assert deleted.status_code == 204
    assert (await client.get(comments_of(session_id), headers=seller.headers)).json()["total"] == 0
    # A comment of another session is not found through this one.
    other = await analysed(app, seller.user, None)
    third = (await comment(client, manager, other, 1, "Three")).json()["id"]
    missing = await client.delete(f"{comments_of(session_id)}/{third}", headers=admin.headers)
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("at_s", "body", "status"),
    [(96.0, "Past the end of 1:35", 400), (-1, "Before it began", 422), (1, "   ", 422)],
)
async def test_a_comment_must_be_on_the_recording_and_say_something(
    app: FastAPI,
    client: httpx.AsyncClient,
    dealership: TestDealership,
    at_s: float,
    body: str,
    status: int,
) -> None:
    seller = dealership[Role.salesperson]
    session_id = await analysed(app, seller.user, None)  # 95 seconds long
    response = await comment(client, dealership[Role.manager], session_id, at_s, body)
    assert response.status_code == status, response.text


async def test_a_comment_is_at_most_2000_characters(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    session_id = await analysed(app, dealership[Role.salesperson].user, None)
    manager = dealership[Role.manager]
    assert (await comment(client, manager, session_id, 1, "x" * 2000)).status_code == 201
    assert (await comment(client, manager, session_id, 1, "x" * 2001)).status_code == 422


def test_times_read_as_a_player_shows_them() -> None:
    assert [clock(s) for s in (0, 9.9, 92.4, 3600)] == ["0:00", "0:09", "1:32", "60:00"]


async def test_comments_go_with_their_session(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    session_id = await analysed(app, seller.user, None)
    await comment(client, dealership[Role.manager], session_id, 1, "Slow down here.")
    deleted = await client.delete(f"/api/v1/sessions/{session_id}", headers=seller.headers)
    assert deleted.status_code == 204
    assert (await db.scalars(select(SessionComment))).all() == []
