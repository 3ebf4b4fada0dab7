"""Inviting many people from a CSV file: a preview that explains every bad line, then the good
lines invited and the bad ones skipped."""

from collections.abc import Callable

import httpx

from carsales.config import Settings
from carsales.models import Role
from tests.auth.conftest import Mailbox
from tests.conftest import TestDealership

BULK = "/api/v1/users/invitations/bulk"
INVITATIONS = "/api/v1/users/invitations"


def _csv(dealership: TestDealership) -> str:
    manager = dealership[Role.manager].user.email
    return "\n".join(
        [
            "Name;E-mail;Role;Manager e-mail",
            f"Nia Hire;Nia.Hire@north-motors.example;salesperson;{manager.upper()}",
            "Owen Office;owen@north-motors.example;MANAGER;",
            "",
            "No Address;;salesperson;",
            "Bad Role;bad.role@north-motors.example;boss;",
            "Twice;nia.hire@north-motors.example;salesperson;",
            f"Existing;{dealership[Role.salesperson].user.email};salesperson;",
            "Ghost Boss;ghost@north-motors.example;salesperson;nobody@north-motors.example",
            f"Manager Of Manager;mm@north-motors.example;manager;{manager}",
            "Not Mail;not-an-address;salesperson;",
        ]
    )


async def test_preview_explains_each_bad_line_and_creates_nothing(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    admin = dealership[Role.admin]
    preview = await client.post(BULK, headers=admin.headers, json={"csv": _csv(dealership)})
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert (body["valid"], body["invalid"], body["created"]) == (2, 7, 0)
    by_line = {line["line"]: line for line in body["lines"]}
    assert sorted(by_line) == [2, 3, 5, 6, 7, 8, 9, 10, 11]  # the header and blank line skipped
    assert by_line[2]["errors"] == [] and by_line[2]["email"] == "nia.hire@north-motors.example"
    assert by_line[3]["role"] == "manager"
    assert by_line[5]["errors"] == ["The e-mail address is missing."]
    assert "not a role" in by_line[6]["errors"][0]
    assert by_line[7]["errors"] == ["The same address is on line 2 already."]
    assert "already has an account" in by_line[8]["errors"][0]
    assert "manager's address" in by_line[9]["errors"][0]
    assert by_line[10]["errors"] == ["Only a salesperson reports to a manager."]
    assert "not a valid e-mail address" in by_line[11]["errors"][0]
    assert all(line["invitation"] is None for line in body["lines"])
    listed = await client.get(INVITATIONS, headers=admin.headers)
    assert listed.json() == []


async def test_create_invites_the_good_lines_only(
    client: httpx.AsyncClient, dealership: TestDealership, mailbox: Mailbox
) -> None:
    admin = dealership[Role.admin]
    created = await client.post(
        BULK, headers=admin.headers, json={"csv": _csv(dealership), "create": True}
    )
    assert created.status_code == 200, created.text
    body = created.json()
    assert (body["valid"], body["invalid"], body["created"]) == (2, 7, 2)
    invited = [line for line in body["lines"] if line["invitation"]]
    assert [line["email"] for line in invited] == [
        "nia.hire@north-motors.example",
        "owen@north-motors.example",
    ]
    assert all(line["invitation"]["emailSent"] for line in invited)
    messages = await mailbox.wait_for(2)
    greeting = {
        str(message["To"]): message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
        for message in messages
    }
    assert greeting["nia.hire@north-motors.example"].startswith("Hello Nia Hire,")
    listed = await client.get(INVITATIONS, headers=admin.headers)
    assert sorted(invitation["email"] for invitation in listed.json()) == [
        "nia.hire@north-motors.example",
        "owen@north-motors.example",
    ]


async def test_columns_without_a_header_and_unreadable_files(
    client: httpx.AsyncClient, dealership: TestDealership, configure: Callable[..., Settings]
) -> None:
    admin = dealership[Role.admin]
    plain = await client.post(
        BULK,
        headers=admin.headers,
        json={"csv": "Pat Plain,pat@north-motors.example,,\n", "create": True},
    )
    [line] = plain.json()["lines"]
    assert line["role"] == "salesperson"  # a blank role invites a salesperson
    assert line["invitation"]["inviteUrl"].startswith(configure().public_url)
    empty = await client.post(BULK, headers=admin.headers, json={"csv": "\n \n"})
    assert empty.status_code == 400
    assert empty.json()["code"] == "unreadable_csv"
    rows = "\n".join(f"P{n},p{n}@north-motors.example" for n in range(501))
    too_many = await client.post(BULK, headers=admin.headers, json={"csv": rows})
    assert too_many.status_code == 400
    assert "at most 500" in too_many.json()["detail"]
    configure(env="production", smtp_host=None)
    refused = await client.post(
        BULK, headers=admin.headers, json={"csv": "P,p@north-motors.example", "create": True}
    )
    assert refused.json()["code"] == "mail_not_configured"
