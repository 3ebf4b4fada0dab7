"""Trigger terms and the disclosures they require (Regulation Z for credit, Regulation M for
leases), and the disclosure sentence built from an offer.

A rule names its trigger terms and its required disclosures by the pack's `[terms]`. A trigger
belongs to the rule's scope (credit or lease) when its own sentence says so ("lease",
"financing"); a sentence that says neither takes the ad's scope, then the offer's kind, then the
rule's default. So "$299/mo" is a lease payment in a lease ad and a loan payment elsewhere.
"""

import re
from dataclasses import dataclass

from carsales.content.compliance.base import Checker, Document, Hit, Params, any_match, find_all
from carsales.content.facts import offer_disclosure

DISCLOSURE_PLACEHOLDERS = frozenset({"trigger", "missing", "count"})


@dataclass(frozen=True)
class Required:
    label: str
    all_of: tuple[tuple[re.Pattern[str], ...], ...]
    """Each group must match somewhere in the text (any pattern of the group)."""

    def present(self, text: str) -> bool:
        return all(any_match(group, text) for group in self.all_of)


# The disclosure wording is shared with the generator (facts.offer_disclosure); a rule builds a
# fix only from an offer of its own kind, so a lease offer never yields a loan disclosure.
FIX_KINDS = ("finance", "lease")


def _required(params: Params) -> list[Required]:
    raw = params.raw("required")
    if not isinstance(raw, list) or not raw:
        raise params.error("required", "must be a non-empty array of tables")
    items: list[Required] = []
    for index, entry in enumerate(raw):
        where = f"required[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
            raise params.error(where, "needs a string `label`")
        groups = entry.get("all_of")
        if (
            not isinstance(groups, list)
            or not groups
            or not all(isinstance(g, list) and g for g in groups)
        ):
            raise params.error(f"{where}.all_of", "must be a list of non-empty lists of term names")
        extra = sorted(set(entry) - {"label", "all_of"})
        if extra:
            raise params.error(f"{where}.{extra[0]}", "is not a field of a required disclosure")
        items.append(
            Required(
                entry["label"],
                tuple(tuple(params.lookup_terms(g, f"{where}.all_of")) for g in groups),
            )
        )
    return items


def _flag(params: Params, name: str) -> bool:
    value = params.raw(name)
    if not isinstance(value, bool):
        raise params.error(name, "must be true or false")
    return value


def disclosure(params: Params) -> Checker:
    triggers = params.term("triggers")
    required = _required(params)
    own_scope = params.term("scope")
    other_scope = params.term("other_scope")
    own_kinds = set(params.strings("offer_kinds"))
    other_kinds = set(params.strings("other_offer_kinds"))
    default = _flag(params, "default_scope")
    fix_kind = params.string("fix", choices=FIX_KINDS)

    def in_scope(doc: Document, start: int) -> bool:
        sentence_start, sentence_end = doc.sentence_at(start)
        sentence = doc.text[sentence_start:sentence_end]
        if any_match(own_scope, sentence):
            return True
        if any_match(other_scope, sentence):
            return False
        if any_match(own_scope, doc.text):
            return True
        if any_match(other_scope, doc.text):
            return False
        kind = doc.offer.kind if doc.offer else None
        if kind in own_kinds:
            return True
        if kind in other_kinds:
            return False
        return default

    def check(doc: Document) -> list[Hit]:
        found = [m for m in find_all(triggers, doc.text) if in_scope(doc, m.start())]
        if not found:
            return []
        missing = [item.label for item in required if not item.present(doc.text)]
        if not missing:
            return []
        # One finding per rule, on the first trigger: a single disclosure answers them all.
        first = found[0]
        values = {
            "trigger": first.group(0).strip(),
            "missing": _join(missing),
            "count": len(found),
        }
        offer = doc.offer
        fix = offer_disclosure(offer) if offer and offer.kind == fix_kind else None
        return [Hit(first.start(), first.end(), values, fix)]

    return check


def _join(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]
