"""The trail in words: sentences for each action, without ids, JSON or the browser string."""

from typing import Any

import pytest

from carsales.audit.service import AuditAction
from carsales.audit.summary import _SENTENCES, Names, summarise, target_name
from carsales.content.scope import ContentAudit
from carsales.dealerships.service import PROFILE_UPDATED
from carsales.models import AuditEvent
from carsales.vehicles.service import VehicleAudit

ADA, SAL = "a" * 32, "s" * 32
NAMES = Names(
    people={ADA: "Ada Admin", SAL: "Sal Person"},
    targets={("content", "c" * 32): "Spring sale post", ("dealership", "d" * 32): "North Motors"},
)


def event(action: str, target: tuple[str, str] | None = None, **details: Any) -> AuditEvent:
    return AuditEvent(
        action=action,
        actor_id=ADA,
        actor_email="admin@north.example",
        target_type=target[0] if target else None,
        target_id=target[1] if target else None,
        user_agent="Mozilla/5.0 Firefox/140.0",
        details=details,
    )


def known_actions() -> set[str]:
    actions = {PROFILE_UPDATED}
    for holder in (AuditAction, ContentAudit, VehicleAudit):
        actions |= {value for name, value in vars(holder).items() if not name.startswith("_")}
    return actions


def test_every_known_action_has_its_own_sentence() -> None:
    assert known_actions() - set(_SENTENCES) == set()


@pytest.mark.parametrize(
    ("recorded", "sentence"),
    [
        (
            event("auth.login_succeeded", ("user", ADA), method="totp"),
            "Ada Admin signed in with a two-factor code.",
        ),
        (
            event("user.deactivated", ("user", SAL), sessions_revoked=2),
            "Ada Admin deactivated the account of Sal Person and ended 2 sign-in sessions.",
        ),
        (
            event("user.deactivated", ("user", SAL), sessions_revoked=0),
            "Ada Admin deactivated the account of Sal Person.",
        ),
        (
            event(
                "user.invitation_sent",
                ("invitation", "i" * 32),
                email="new@x.example",
                role="manager",
            ),
            "Ada Admin invited new@x.example as a manager.",
        ),
        (
            event("user.profile_updated", ("user", SAL), fields=["first_name", "phone"]),
            "Ada Admin updated the first name, phone of Sal Person.",
        ),
        (
            event(
                "dealership.renamed",
                ("dealership", "d" * 32),
                old_name="North",
                new_name="North Motors",
            ),
            "Ada Admin renamed the dealership from “North” to “North Motors”.",
        ),
        (
            event("content.published", ("content", "c" * 32), revision=3),
            "Ada Admin published “Spring sale post”.",
        ),
        (
            # Deleted since: the title the event kept.
            event("content.deleted", ("content", "e" * 32), title="Old draft"),
            "Ada Admin deleted the draft “Old draft”.",
        ),
        (
            event(
                "vehicle.imported",
                ("vehicle", ""),
                filename="stock.csv",
                rows=3,
                created=2,
                updated=1,
                errors=0,
            ),
            "Ada Admin imported “stock.csv” into the inventory: 3 rows, 2 added, 1 updated, "
            "0 with errors.",
        ),
    ],
)
def test_sentences(recorded: AuditEvent, sentence: str) -> None:
    assert summarise(recorded, NAMES) == sentence


def test_a_former_user_and_an_unknown_actor() -> None:
    gone = event("user.manager_changed", ("user", SAL), old_manager_id="f" * 32, new_manager_id=ADA)
    gone.actor_id = None
    gone.actor_email = None
    assert summarise(gone, NAMES) == (
        "The system changed the manager of Sal Person from a former user to Ada Admin."
    )
    assert target_name(event("auth.logout"), NAMES) is None
