"""The ad-compliance linter: US auto-advertising rules (Regulation Z and M, deceptive claims,
CAN-SPAM), platform rules and channel lengths, checked on a text. Pure: no web, no database.

The rules are data (`packs/*.toml`, one pack per jurisdiction); docs/content-compliance.md
lists them with their citations.
"""

from collections.abc import Sequence

from carsales.content.channels import Channel
from carsales.content.compliance.base import Document, PackError
from carsales.content.compliance.findings import Category, Finding, FindingSeverity
from carsales.content.compliance.packs import (
    RuleInfo,
    RulePackInfo,
    available_packs,
    select_packs,
)
from carsales.content.facts import Offer
from carsales.vehicles.facts import VehicleFacts

__all__ = [
    "Category",
    "Finding",
    "FindingSeverity",
    "PackError",
    "RuleInfo",
    "RulePackInfo",
    "available_packs",
    "lint",
]

_SEVERITY_ORDER = {FindingSeverity.error: 0, FindingSeverity.warning: 1, FindingSeverity.info: 2}


def lint(
    text: str,
    channel: Channel,
    *,
    subject: str | None = None,
    offer: Offer | None = None,
    packs: Sequence[str] = ("federal",),
    vehicle: VehicleFacts | None = None,
) -> list[Finding]:
    """The findings of the always-on packs and of `packs` on `text`, in text order.

    `subject` is an e-mail's subject line; `offer` lets a missing disclosure come with the
    sentence to insert; `vehicle` (the vehicle the ad is about) enables the rules about a
    specific vehicle, such as California's "used" label and VIN identification.
    """
    doc = Document(text, channel, subject, offer, vehicle)
    findings = [
        finding for pack in select_packs(packs) for rule in pack.rules for finding in rule.run(doc)
    ]
    findings.sort(key=lambda f: (f.start, _SEVERITY_ORDER[f.severity], f.rule))
    return findings
