"""The compliance linter: each category fires on a violation and stays quiet on its near miss,
spans point at the offending text, fixes come from the offer, packs are validated and toggled."""

import re
from pathlib import Path

import pytest

from carsales.content.channels import Channel
from carsales.content.compliance import (
    Category,
    Finding,
    FindingSeverity,
    PackError,
    available_packs,
    lint,
)
from carsales.content.compliance.packs import PACKS_DIR, load_pack
from carsales.content.facts import Offer, offer_disclosure
from carsales.vehicles.facts import VehicleFacts

DOCS = Path(__file__).parents[3] / "docs" / "content-compliance.md"
FOOTER = (
    "\n\nRiverside Ford, 1200 River Rd, Springfield, IL 62704\nUnsubscribe: https://x.example/u"
)
FINANCE = Offer(kind="finance", down_payment=2000, term_months=60, monthly_payment=389, apr=4.9)
LEASE = Offer(
    kind="lease", due_at_signing=2999, term_months=36, monthly_payment=329, security_deposit=0
)


def categories(text: str, channel: Channel = Channel.facebook, **kwargs: object) -> set[str]:
    return {
        f.category.value
        for f in lint(text, channel, **kwargs)  # type: ignore[arg-type]
        if f.severity is not FindingSeverity.info
    }


def only(findings: list[Finding], rule: str) -> Finding:
    matching = [f for f in findings if f.rule == rule]
    assert len(matching) == 1, findings
    return matching[0]


@pytest.mark.parametrize(
    "text",
    [
        "Drive home this 2023 Tucson for just $299/mo!",
        "Only $2,000 down drives you home in a 2022 Accord.",
        "72-month financing on all used trucks!",
        "0% for 60 months on all 2024 Equinox models!",
        "Only a $25 finance charge on any pre-owned vehicle!",
        "10% down and 4.9% APR gets you into a 2021 Explorer.",
        "$450/mo for 60 months with $3,000 down.",  # everything but the APR
        "Pay just $19 a day for this F-150!",
    ],
)
def test_credit_trigger_without_full_disclosure_is_reg_z(text: str) -> None:
    assert categories(text) == {"reg-z"}


@pytest.mark.parametrize(
    "text",
    [
        "Easy monthly payments and no money down options available!",
        "0.9% APR available on select 2024 Outback models.",  # an APR alone
        "Every certified Toyota has a 12-month/12,000-mile warranty.",  # months, not credit
        "$2,000 down, 60 monthly payments of $389 at 4.9% APR for qualified buyers.",
        "0% APR for 60 months: $16.67 per month per $1,000 financed, $0 down.",
        "2021 Honda CR-V EX, 34,120 miles, $26,995.",  # a cash price is not a credit term
    ],
)
def test_general_terms_and_complete_disclosures_are_not_reg_z(text: str) -> None:
    assert "reg-z" not in categories(text)


def test_lease_payment_is_reg_m_not_reg_z() -> None:
    assert categories("Lease a 2025 Accord LX for $279 a month!") == {"reg-m"}
    assert categories("Zero due at signing on the 2024 Ioniq 6 lease.") == {"reg-m"}
    # "$0 due at signing" makes it a lease ad even without the word.
    assert categories("$0 due at signing. $349/mo. 2025 Tacoma SR5.") == {"reg-m"}


def test_complete_lease_disclosure_passes() -> None:
    text = (
        "Lease the 2025 Civic Sport for $289/mo for 36 months. $2,999 due at signing. "
        "No security deposit required."
    )
    assert categories(text) == set()
    without_deposit = text.replace(" No security deposit required.", "")
    finding = only(lint(without_deposit, Channel.facebook), "reg-m-lease-disclosure")
    missing = finding.message.split("must also state ")[1].split(". ")[0]
    assert missing == "whether a security deposit is required"


def test_missing_disclosure_spans_the_trigger_and_names_what_is_missing() -> None:
    text = "Big sale! Drive home a 2024 Sportage from $279/mo today."
    finding = only(lint(text, Channel.facebook), "reg-z-credit-disclosure")
    assert text[finding.start : finding.end] == "$279/mo"
    assert finding.severity is FindingSeverity.error and finding.category is Category.reg_z
    assert finding.citation and "1026.24(d)" in finding.citation
    for term in ("down payment", "terms of repayment", "APR"):
        assert term in finding.message


def test_fix_is_the_disclosure_built_from_the_offer() -> None:
    finding = only(lint("Just $389/mo!", Channel.x, offer=FINANCE), "reg-z-credit-disclosure")
    # The generator's wording, so that its copy and the linter's fixes agree.
    assert finding.fix is not None and finding.fix == offer_disclosure(FINANCE)
    for term in ("$389", "60", "4.9% APR", "$2,000 down"):
        assert term in finding.fix
    # With the fix inserted, the ad passes.
    assert lint(f"Just $389/mo! {finding.fix}", Channel.x, offer=FINANCE) == []

    text = "Lease for $329 a month!"
    lease = only(lint(text, Channel.x, offer=LEASE), "reg-m-lease-disclosure")
    assert lease.fix is not None and lease.fix == offer_disclosure(LEASE)
    for term in ("$2,999", "36", "$329", "No security deposit"):
        assert term in lease.fix
    assert lint(f"{text} {lease.fix}", Channel.x, offer=LEASE) == []
    deposit = LEASE.model_copy(update={"security_deposit": 450.5})
    with_deposit = only(lint(text, Channel.x, offer=deposit), "reg-m-lease-disclosure")
    assert with_deposit.fix is not None and "$450.50" in with_deposit.fix
    assert lint(f"{text} {with_deposit.fix}", Channel.x, offer=deposit) == []


def test_no_fix_when_the_offer_lacks_a_term() -> None:
    offer = FINANCE.model_copy(update={"apr": None})
    finding = only(lint("Just $389/mo!", Channel.x, offer=offer), "reg-z-credit-disclosure")
    assert finding.fix is None
    assert "APR" in finding.message
    assert only(lint("Just $389/mo!", Channel.x), "reg-z-credit-disclosure").fix is None
    # A lease offer never produces a loan disclosure: a payment with a lease offer is a lease term.
    findings = lint("Just $389/mo!", Channel.x, offer=LEASE)
    assert [(f.rule, f.fix) for f in findings] == [
        ("reg-m-lease-disclosure", offer_disclosure(LEASE))
    ]


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Guaranteed approval! Come in today.", "Guaranteed approval"),
        ("EVERYBODY DRIVES this weekend!", "EVERYBODY DRIVES"),
        ("Everyone is approved at Metro Auto.", "Everyone is approved"),
        ("No credit check financing on 100+ cars.", "No credit check"),
        (
            "We'll pay off your trade no matter what you owe!",
            "We'll pay off your trade no matter what you owe",
        ),
        ("Get a FREE* TV with every test drive!", "FREE*"),
        ("Your job is your credit! No one gets turned down.", "No one gets turned down"),
    ],
)
def test_deceptive_claims_span_the_claim(text: str, claim: str) -> None:
    findings = [f for f in lint(text, Channel.facebook) if f.category is Category.deceptive_claim]
    assert [text[f.start : f.end] for f in findings] == [claim]
    assert findings[0].severity is FindingSeverity.error


@pytest.mark.parametrize(
    "text",
    [
        "Bad credit? We work with more than 20 lenders to find options.",
        "Free coffee while you wait, and free Wi-Fi.",
        "Get approved in minutes online.",
        "We pay off your trade's loan as part of the deal.",
    ],
)
def test_honest_credit_and_free_claims_pass(text: str) -> None:
    assert categories(text) == set()


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        ("Lowest prices in town, we beat any deal!", ["Lowest prices in town", "we beat any deal"]),
        ("Guaranteed lowest price on every F-150.", ["Guaranteed lowest price"]),
        ("Nobody undersells us!", ["Nobody undersells us"]),
        ("We'll match any advertised price.", ["We'll match any advertised price"]),
        # Puffery, and "lowest" about something else, are no price claim.
        ("Best deal in town on this Civic.", []),
        ("Our lowest-mileage Tacoma yet, at $31,900.", []),
    ],
)
def test_unproven_price_claims_are_a_warning(text: str, claims: list[str]) -> None:
    findings = [f for f in lint(text, Channel.facebook) if f.rule == "unproven-price-claim"]
    assert [text[f.start : f.end] for f in findings] == claims
    assert all(f.severity is FindingSeverity.warning for f in findings)


def test_length_by_channel_and_severity() -> None:
    assert categories("a" * 280, Channel.x) == set()
    over = lint("a" * 281, Channel.x)
    assert [(f.rule, f.severity, f.start, f.end) for f in over] == [
        ("channel-length", FindingSeverity.error, 280, 281)
    ]
    # X counts a URL as 23 whatever its length.
    assert categories("b" * 250 + " https://example.com/ " + "c" * 10, Channel.x) == {"length"}
    assert categories("see https://example.com/" + "c" * 300 + " now", Channel.x) == set()
    # Facebook's fold is only a warning.
    assert [f.severity for f in lint("word " * 100, Channel.facebook)] == [FindingSeverity.warning]
    assert lint("a" * 5000, Channel.print) == []


def test_sms_segments_are_info_until_over_two() -> None:
    two = "a" * 280 + " Reply STOP to opt out"
    findings = lint(two, Channel.sms)
    assert [(f.rule, f.severity) for f in findings] == [("sms-segments", FindingSeverity.info)]
    assert "2 SMS segments (GSM-7" in findings[0].message
    # One emoji switches to UCS-2: 3 segments, an error, and the info points at the emoji.
    emoji = "Our Telluride event ends Sunday 🚗 " + "x" * 110 + " Reply STOP to opt out"
    findings = lint(emoji, Channel.sms)
    length = only(findings, "channel-length")
    assert length.severity is FindingSeverity.error and "3 SMS segments (UCS-2" in length.message
    info = only(findings, "sms-segments")
    assert emoji[info.start : info.end] == "🚗"
    assert categories("x" * 330 + " Reply STOP", Channel.sms) == {"length"}


def test_email_subject_length_is_a_warning() -> None:
    body = "Hello" + FOOTER
    assert lint(body, Channel.email, subject="s" * 60) == []
    finding = only(lint(body, Channel.email, subject="s" * 61), "channel-length")
    assert finding.severity is FindingSeverity.warning and "61 characters" in finding.message


def test_phone_number_in_a_google_business_post() -> None:
    text = "Call us today at (555) 201-3344 to book a test drive!"
    finding = only(lint(text, Channel.google_business), "google-business-phone")
    assert text[finding.start : finding.end] == "(555) 201-3344"
    assert finding.severity is FindingSeverity.error
    assert lint(text, Channel.facebook) == []
    for number in ("1-800-555-0199", "555.867.5309", "555-210-8899"):
        assert categories(f"Text {number} now", Channel.google_business) == {"platform-rule"}
    assert (
        categories("A 7-year/100,000-mile warranty, open 8am-2pm.", Channel.google_business)
        == set()
    )


def test_instagram_hashtag_limit_and_caption_links() -> None:
    tags = " ".join(f"#tag{i}" for i in range(31))
    finding = only(lint(f"New arrival! {tags}", Channel.instagram), "instagram-hashtags")
    assert finding.severity is FindingSeverity.error and "31" in finding.message
    assert f"New arrival! {tags}"[finding.start : finding.end] == "#tag30"
    assert categories(f"New arrival! {tags.rsplit(' ', 1)[0]}", Channel.instagram) == set()
    link = only(lint("See www.dealer.example/suv", Channel.instagram), "instagram-link")
    assert link.category is Category.style and link.severity is FindingSeverity.info


def test_sms_needs_opt_out_instructions() -> None:
    finding = only(lint("Huge sale this weekend!", Channel.sms), "sms-opt-out")
    assert (
        finding.severity is FindingSeverity.warning and finding.category is Category.platform_rule
    )
    assert lint("Huge sale this weekend! Reply STOP to opt out", Channel.sms) == []


def test_can_spam_footer() -> None:
    body = "Our year-end clearance is on."
    assert lint(body + FOOTER, Channel.email, subject="Clearance") == []
    missing = lint(body, Channel.email, subject="Clearance")
    assert {f.rule for f in missing} == {"can-spam-postal-address", "can-spam-unsubscribe"}
    # A missing footer is pointed at where it belongs: the end of the text.
    assert all((f.start, f.end) == (len(body), len(body)) for f in missing)
    assert all(f.severity is FindingSeverity.error for f in missing)
    po_box = body + "\n\nOak Street Chevrolet, P.O. Box 118, Dayton\nOpt out: reply REMOVE"
    assert lint(po_box, Channel.email) == []
    # Only e-mail is checked.
    assert lint(body, Channel.facebook) == []


USED = VehicleFacts(
    vin="1FTEW1EP8LKD41234",
    stock_number="F1123",
    condition="used",
    year=2020,
    make="Ford",
    model="F-150",
)


def test_california_rules_run_only_with_the_pack_and_a_vehicle() -> None:
    text = "2020 Ford F-150 XLT, 41,000 miles, $31,500. Stock #F1123."
    assert lint(text, Channel.facebook, vehicle=USED) == []
    assert lint(text, Channel.facebook, packs=["california"]) == []  # no vehicle: no rule
    findings = lint(text, Channel.facebook, packs=["federal", "california"], vehicle=USED)
    assert {f.rule for f in findings} == {"ca-used-label", "ca-vehicle-identification"}
    for finding in findings:
        assert text[finding.start : finding.end] == "F-150"
        assert finding.citation and finding.citation.startswith("Cal. Veh. Code")


@pytest.mark.parametrize(
    "text",
    [
        "Used 2020 Ford F-150 XLT. VIN 1FTEW1EP8LKD41234.",
        "Pre-owned 2020 F-150, VIN ending LKD41234.",
        "Previously owned 2020 F-150, license 8ABC123.",
    ],
)
def test_california_identification_and_label_satisfied(text: str) -> None:
    assert lint(text, Channel.facebook, packs=["california"], vehicle=USED) == []


def test_california_new_vehicle_needs_no_used_label_and_oac_is_spelled_out() -> None:
    new = USED.model_copy(update={"condition": "new"})
    findings = lint(
        "2020 F-150, VIN 1FTEW1EP8LKD41234", Channel.x, packs=["california"], vehicle=new
    )
    assert findings == []
    text = "$1,500 down, 60 monthly payments of $389 at 4.9% APR OAC."
    assert lint(text, Channel.x) == []
    finding = only(lint(text, Channel.x, packs=["california"]), "ca-credit-abbreviation")
    assert text[finding.start : finding.end] == "OAC."


@pytest.mark.parametrize(
    ("text", "added"),
    [
        ("2024 Tucson, now $29,999 plus dealer fees.", "plus dealer fees"),
        ("$41,250 plus destination and tax.", "plus destination"),
        ("$18,900, excluding reconditioning fee.", "excluding reconditioning fee"),
        # What the statute lets a dealer add: taxes, government fees, the document fee.
        ("2024 Tucson, now $29,999 plus tax, title, license and doc fee.", None),
    ],
)
def test_california_price_must_include_dealer_charges(text: str, added: str | None) -> None:
    def spans(packs: list[str]) -> list[str]:
        found = lint(text, Channel.facebook, packs=packs)
        return [text[f.start : f.end] for f in found if f.rule == "ca-price-plus-fees"]

    assert spans(["federal"]) == []  # only with the California pack
    assert spans(["federal", "california"]) == ([added] if added else [])


def test_available_packs_and_unknown_pack() -> None:
    packs = available_packs()
    assert [p.id for p in packs][:2] == ["federal", "california"]
    assert packs[0].always_on and not packs[1].always_on
    for pack in packs:
        for rule in pack.rules:
            assert rule.citation and rule.summary
    with pytest.raises(ValueError, match="unknown compliance pack 'texas'"):
        lint("Hello", Channel.x, packs=["texas"])


def test_findings_serialise_in_camel_case_order() -> None:
    findings = lint("Guaranteed approval! Call 555-210-8899", Channel.google_business)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert set(findings[0].model_dump(mode="json")) == {
        "category",
        "rule",
        "severity",
        "message",
        "start",
        "end",
        "citation",
        "fix",
    }


GOOD_RULE = """
[[rules]]
id = "r1"
category = "deceptive-claim"
severity = "error"
engine = "phrases"
summary = "s"
message = "{match}"
citation = "c"
patterns = ['bad']
"""


def write_pack(directory: Path, body: str, name: str = "test-pack") -> Path:
    path = directory / f"{name}.toml"
    path.write_text(f'id = "{name}"\nname = "N"\ndescription = "D"\n{body}', encoding="utf-8")
    return path


def test_a_valid_custom_pack_loads(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path, GOOD_RULE))
    assert [rule.info.id for rule in pack.rules] == ["r1"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (('engine = "phrases"', 'engine = "magic"'), "rules[0] (r1).engine"),
        (('category = "deceptive-claim"', 'category = "legal"'), "rules[0] (r1).category"),
        (('severity = "error"', 'severity = "fatal"'), "rules[0] (r1).severity"),
        (("patterns = ['bad']", "patterns = ['(bad']"), "rules[0] (r1).patterns"),
        (("patterns = ['bad']", "patterns = ['{nope}']"), "rules[0] (r1).patterns"),
        (("patterns = ['bad']", "patterns = ['bad']\nmax = 3"), "rules[0] (r1).max"),
        (("patterns = ['bad']", ""), "rules[0] (r1).patterns"),
        (('message = "{match}"', 'message = "{count}"'), "rules[0] (r1).message"),
        (('summary = "s"\n', ""), "rules[0] (r1).summary"),
    ],
)
def test_pack_errors_name_the_file_and_the_field(
    tmp_path: Path, change: tuple[str, str], field: str
) -> None:
    path = write_pack(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert str(path) in str(caught.value)
    assert field in str(caught.value)


def test_pack_level_errors(tmp_path: Path) -> None:
    wrong_id = tmp_path / "other.toml"
    wrong_id.write_text(write_pack(tmp_path, GOOD_RULE).read_text(), encoding="utf-8")
    with pytest.raises(PackError, match=r"other\.toml: id: 'test-pack' must equal"):
        load_pack(wrong_id)
    with pytest.raises(PackError, match=r"test-pack\.toml: not valid TOML"):
        load_pack(write_pack(tmp_path, "rules = [\n"))
    with pytest.raises(PackError, match=r"used twice"):
        load_pack(write_pack(tmp_path, GOOD_RULE + GOOD_RULE))
    disclosure = """
[terms]
money = ['\\$\\d+']
[[rules]]
id = "d"
category = "reg-z"
severity = "error"
engine = "disclosure"
summary = "s"
message = "{trigger}"
triggers = ["money"]
required = [{ label = "x", all_of = [["nothing"]] }]
scope = ["money"]
other_scope = ["money"]
offer_kinds = []
other_offer_kinds = []
default_scope = true
fix = "finance"
"""
    with pytest.raises(
        PackError, match=r"rules\[0\] \(d\)\.required\[0\]\.all_of: unknown term 'nothing'"
    ):
        load_pack(write_pack(tmp_path, disclosure))


def test_shipped_packs_load_and_the_doc_lists_every_rule() -> None:
    doc = DOCS.read_text(encoding="utf-8")
    for path in sorted(PACKS_DIR.glob("*.toml")):
        pack = load_pack(path)
        assert f"`{pack.info.id}`" in doc
        for rule in pack.rules:
            assert re.search(rf"`{re.escape(rule.info.id)}`", doc), rule.info.id
