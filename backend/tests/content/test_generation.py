"""The offline composer: channel limits, offers with their disclosures, variety, and no number
that the inputs do not state."""

import html
import itertools
import random
import re
from pathlib import Path
from typing import Any

import pytest

from carsales.content.channels import (
    LIMITS,
    Channel,
    is_gsm7,
    sms_segments,
    spoken_seconds,
    x_length,
)
from carsales.content.compliance import lint
from carsales.content.facts import DealerProfile, Offer
from carsales.content.generation import GenerationSettings, Variant, compose, phrases
from carsales.content.generation.draft import facts_told
from carsales.content.generation.factcheck import unsupported_numbers
from carsales.content.generation.layouts import MISSING_ADDRESS
from carsales.content.generation.wording import build_words
from carsales.content.publishing.email import text_to_html
from carsales.vehicles.facts import VehicleFacts

CRV = VehicleFacts(
    vin="2HKRW2H85LH600001",
    stock_number="A1234",
    condition="used",
    year=2021,
    make="Honda",
    model="CR-V",
    trim="EX",
    body_style="Sport Utility Vehicle (SUV)/Multi-Purpose Vehicle (MPV)",
    mileage=23456,
    price=27995,
    exterior_color="Crystal Black Pearl",
    interior_color="Gray",
    drivetrain="AWD",
    transmission="CVT",
    fuel_type="Gasoline",
    mpg_city=27,
    mpg_highway=32,
    features=[
        "Apple CarPlay",
        "Heated front seats",
        "Power liftgate",
        "Backup camera",
        "Third-row seating",
    ],
)
DEALER = DealerProfile(
    name="Sunset Motors",
    address="1200 Ocean Ave, Santa Monica, CA 90401",
    phone="(310) 555-0134",
    website="https://sunsetmotors.example",
)
FINANCE = Offer(kind="finance", monthly_payment=389, term_months=60, apr=4.9, down_payment=3000)
LEASE = Offer(
    kind="lease", monthly_payment=299, term_months=36, due_at_signing=1999, security_deposit=0
)
FEATURES = [
    "Third-row seating", "Apple CarPlay", "Heated front seats", "Blind spot monitoring",
    "Power liftgate", "Backup camera", "Leather seats", "Panoramic sunroof", "Tow package",
    "Skid plates", "Adaptive cruise control", "Navigation", "Remote start", "18-inch wheels",
]  # fmt: skip


def write(
    channel: Channel,
    facts: VehicleFacts = CRV,
    *,
    dealer: DealerProfile | None = DEALER,
    offer: Offer | None = None,
    variants: int = 3,
    seed: int = 1,
    **settings: object,
) -> list[Variant]:
    chosen = GenerationSettings.model_validate({"platform": channel, **settings})
    return compose(facts, chosen, dealer=dealer, offer=offer, variants=variants, seed=seed)


def random_vehicle(rng: random.Random) -> VehicleFacts:
    """A vehicle with a random quarter of its facts missing."""
    fields = {
        "year": rng.randint(1995, 2026),
        "make": rng.choice(["Ford", "Honda", "Škoda", "BMW", "Toyota"]),
        "model": rng.choice(["F-150", "CR-V", "Octavia", "X5", "RAV4 Hybrid", "Model 3"]),
        "trim": rng.choice(["XLT", "EX-L", "Limited", "2.0T"]),
        "body_style": rng.choice(["Pickup", "SUV", "Sedan/Saloon", "Minivan", "Coupe"]),
        "mileage": rng.choice([0, rng.randint(5, 250_000)]),
        "price": rng.choice([0, rng.randint(3000, 120_000), rng.randint(3000, 9000) + 0.99]),
        "exterior_color": rng.choice(["Red", "Oxford White", "Émeraude Green"]),
        "interior_color": rng.choice(["Black", "Tan"]),
        "drivetrain": rng.choice(["AWD", "4WD", "FWD", "RWD"]),
        "transmission": rng.choice(["Automatic", "CVT", "8-Speed Automatic", "Manual"]),
        "fuel_type": rng.choice(["Gasoline", "Hybrid", "Electric", "Diesel"]),
        "mpg_city": rng.randint(12, 60),
        "mpg_highway": rng.randint(15, 60),
        "condition": rng.choice(["new", "used", "certified"]),
        "stock_number": f"S{rng.randint(1, 99999)}",
        "features": rng.sample(FEATURES, rng.randint(0, 8)),
    }
    return VehicleFacts(**{k: v for k, v in fields.items() if rng.random() < 0.75})


def everything(variant: Variant) -> str:
    """All the words a reader sees (the HTML body's text without its tags and styles)."""
    seen = html.unescape(re.sub(r"<[^>]+>", " ", variant.html or ""))
    parts = [variant.title, variant.subject, variant.preheader, variant.text, seen]
    return "\n".join(p for p in (*parts, *variant.hashtags) if p)


def test_no_number_is_invented_over_many_vehicles_channels_and_settings() -> None:
    rng = random.Random(13)
    offers = [None, FINANCE, LEASE, Offer(kind="sale", sale_price=19999.5, expires="5/31/2026")]
    dealers = [None, DEALER, DealerProfile(name="Route 66 Motors")]
    for round_ in range(40):
        facts, offer, dealer = random_vehicle(rng), rng.choice(offers), rng.choice(dealers)
        for channel in Channel:
            settings: dict[str, Any] = {
                "tone": rng.choice(phrases.TONES),
                "target_audience": rng.choice([None, "families", "off-road", "luxury", "students"]),
                "length": rng.choice(["short", "medium", "long"]),
                "video_seconds": rng.choice([15, 30, 60]),
            }
            for variant in write(
                channel, facts, dealer=dealer, offer=offer, seed=round_, **settings
            ):
                text = everything(variant)
                assert unsupported_numbers(text, facts, dealer=dealer, offer=offer) == [], text
                assert "None" not in text and "{" not in text, text
                if not (offer and offer.due_at_signing == 0):
                    assert "$0" not in text, text


def test_missing_facts_are_left_out_not_printed() -> None:
    for facts in (VehicleFacts(), VehicleFacts(make="Ford"), VehicleFacts(price=0, mileage=0)):
        for channel in Channel:
            for variant in write(channel, facts, dealer=None):
                text = everything(variant)
                assert variant.text.strip()
                assert not re.search(r"None|\$0|\b0 miles|\{|\}|\bnull\b", text), text
                assert "  " not in variant.text


def test_named_systems_keep_their_capital_letter_mid_sentence() -> None:
    named = CRV.model_copy(update={"features": ["Honda Sensing", "Heated front seats"]})
    texts = " ".join(
        variant.text for variant in write(Channel.facebook, named, length="long", variants=5)
    )
    assert "Honda Sensing" in texts and "honda Sensing" not in texts


def test_a_feature_named_in_capitals_keeps_them_mid_sentence() -> None:
    named = CRV.model_copy(update={"features": ["Pro Power Onboard", "Heated front seats"]})
    texts = " ".join(
        variant.text for variant in write(Channel.facebook, named, length="long", variants=5)
    )
    assert "Pro Power Onboard" in texts and "pro Power Onboard" not in texts
    assert "heated front seats" in texts


def test_features_are_never_invented() -> None:
    plain = CRV.model_copy(update={"features": ["Backup camera"]})
    for channel in (Channel.instagram, Channel.facebook, Channel.email, Channel.print):
        for variant in write(channel, plain, target_audience="luxury", length="long"):
            lowered = variant.text.lower()
            for absent in ("leather", "sunroof", "navigation", "heated", "third-row"):
                assert absent not in lowered, variant.text


def test_each_channel_holds_its_limits() -> None:
    for offer in (None, FINANCE, LEASE):
        for length in ("short", "medium", "long"):
            for v in write(Channel.x, offer=offer, length=length):
                assert x_length(v.text) <= LIMITS[Channel.x].max_length, v.text
            for v in write(Channel.sms, offer=offer, length=length):
                assert is_gsm7(v.text) and sms_segments(v.text) == 1, v.text
                assert v.text.endswith("Reply STOP to opt out")
            for v in write(Channel.instagram, offer=offer, length=length):
                assert len(v.text) <= 2200 and v.hashtags
                assert all(tag.startswith("#") and tag[1:].isalnum() for tag in v.hashtags)
            for v in write(Channel.google_business, offer=offer, length=length, tone="urgent"):
                assert len(v.text) <= 1500
                assert "555" not in v.text, v.text  # no phone number, ever


def test_google_business_drops_a_call_to_action_with_a_phone_number() -> None:
    for v in write(Channel.google_business, call_to_action="Call 310-555-0134 now!"):
        assert "555" not in v.text and "Call 310" not in v.text


def test_sms_keeps_a_playful_tone_inside_gsm7() -> None:
    facts = CRV.model_copy(update={"exterior_color": "Rosé \u201cChampagne\u201d \u2013 Metallic"})
    for v in write(Channel.sms, facts, tone="playful", variants=5):
        assert is_gsm7(v.text) and len(v.text) <= 160, v.text


def test_email_has_a_short_subject_a_preheader_and_a_can_spam_footer() -> None:
    variants = write(Channel.email, offer=FINANCE)
    assert any("<ul>" in (v.html or "") for v in variants)
    for v in variants:
        assert v.subject and len(v.subject) <= 60
        assert v.preheader and v.html
        footer = v.text.rsplit("\n--\n", 1)[1]
        assert f"{DEALER.address}\n" in footer and "UNSUBSCRIBE" in footer
        assert f"{DEALER.address}<br>" in v.html and "UNSUBSCRIBE" in v.html
        assert not [f for f in lint(v.text, Channel.email, subject=v.subject, offer=FINANCE)
                    if f.severity == "error"]  # fmt: skip


def test_an_email_html_body_is_the_one_a_saved_draft_sends() -> None:
    # The composer's preview once had its own HTML (no preview line, no links); a saved draft
    # and the e-mail sent rebuild it from the text, so the two must be the same.
    for variant in write(Channel.email, variants=3):
        assert variant.html == text_to_html(variant.text, variant.preheader)
        assert f'<div style="display:none;max-height:0;overflow:hidden">{variant.preheader}' in (
            variant.html or ""
        )
        assert '<a href="https://sunsetmotors.example">' in (variant.html or "")


def test_email_html_keeps_lists_links_and_the_footer() -> None:
    text = (
        "Why it stands out:\n- Apple CarPlay\n- Heated seats\n\n"
        "See it at www.demomotors.example. Or https://demo.example/cr-v, today!\n\n"
        "--\nDemo Motors\n1200 Auto Mall Drive"
    )
    body = text_to_html(text)
    assert "<p>Why it stands out:</p><ul><li>Apple CarPlay</li><li>Heated seats</li></ul>" in body
    assert '<a href="https://www.demomotors.example">www.demomotors.example</a>. ' in body
    assert '<a href="https://demo.example/cr-v">https://demo.example/cr-v</a>, today!' in body
    assert "Demo Motors<br>1200 Auto Mall Drive</p>" in body and "<p>--" not in body
    assert "display:none" not in body  # no preheader, no hidden line


def test_an_email_preheader_adds_to_its_subject() -> None:
    variants = write(Channel.email, tone="urgent", variants=3, seed=7)
    priced = [v for v in variants if v.subject and "$27,995" in v.subject]
    assert priced, [v.subject for v in variants]
    for variant in variants:
        assert variant.preheader  # the highlights still fill it
        assert ("$27,995" in variant.preheader) != (variant in priced), variant


def test_email_without_an_address_says_what_to_add_and_is_flagged() -> None:
    v = write(Channel.email, dealer=DealerProfile(name="Sunset Motors"), variants=1)[0]
    assert MISSING_ADDRESS in v.text
    findings = lint(v.text, Channel.email, subject=v.subject)
    assert any(f.category == "can-spam" and f.severity == "error" for f in findings)


@pytest.mark.parametrize("seconds", [15, 30, 60])
def test_video_scenes_are_timed_to_the_target(seconds: int) -> None:
    for v in write(Channel.video, offer=FINANCE, video_seconds=seconds, length="long"):
        scenes = v.scenes
        assert scenes[0].start_seconds == 0 and scenes[-1].end_seconds == seconds
        for before, after in itertools.pairwise(scenes):
            assert before.end_seconds == after.start_seconds
        spoken = sum(spoken_seconds(s.voice_over) for s in scenes)
        assert 0.5 * seconds <= spoken <= seconds, (spoken, v.text)
        for scene in scenes:
            assert scene.shot and scene.voice_over and scene.on_screen_text
            assert spoken_seconds(scene.voice_over) <= scene.end_seconds - scene.start_seconds + 2
        assert f"Scene {len(scenes)} (" in v.text
        # The finance offer's disclosure is on screen with the price.
        price = next(s for s in scenes if "$27,995" in s.on_screen_text)
        assert "$389 per month for 60 months at 4.9% APR with $3,000 down" in price.on_screen_text


def test_a_video_scene_shows_what_its_voice_over_tells() -> None:
    # "Voice-over: Fuel economy is rated at 27 city / 32 highway mpg." was captioned with the
    # paint colour.
    checked = 0
    for seed, tone in itertools.product(range(8), phrases.TONES):
        for variant in write(Channel.video, seed=seed, tone=tone, video_seconds=60):
            for scene in variant.scenes:
                if "32 highway mpg" in scene.voice_over and "Pearl" not in scene.voice_over:
                    assert "Crystal Black Pearl" not in scene.on_screen_text, scene
                    checked += 1
    assert checked


def test_print_ad_carries_the_full_disclosure_in_its_small_print() -> None:
    for offer, needed in (
        (FINANCE, ["$389", "60 months", "4.9% APR", "$3,000 down"]),
        (LEASE, ["Lease", "36 monthly payments of $299", "$1,999", "No security deposit"]),
    ):
        for v in write(Channel.print, offer=offer):
            small = v.text.rsplit("\n\n", 1)[1]
            assert small.startswith("Small print:")
            assert all(term in small for term in needed), small
            assert "Stock #A1234." in small and f"VIN {CRV.vin}." in small


def test_offers_pass_the_linter_on_every_channel() -> None:
    for offer in (FINANCE, LEASE, Offer(kind="finance", apr=0.9), Offer(kind="lease")):
        for channel in Channel:
            for tone in phrases.TONES:
                for v in write(channel, offer=offer, tone=tone, length="long"):
                    errors = [
                        f
                        for f in lint(v.text, channel, subject=v.subject, offer=offer, vehicle=CRV)
                        if f.severity == "error"
                    ]
                    assert errors == [], (channel, v.text, errors)


def test_an_incomplete_finance_offer_states_no_trigger_terms() -> None:
    partial = Offer(kind="finance", monthly_payment=389)  # no APR, term or down payment
    for channel in (Channel.facebook, Channel.print, Channel.x):
        for v in write(channel, offer=partial):
            assert "$389" not in v.text and "financing" in v.text.lower(), v.text


def test_variants_are_distinct_and_reproducible() -> None:
    for channel in Channel:
        first = write(channel, variants=4, seed=42)
        assert len({v.text for v in first}) == 4
        # Not only the words: the openings differ too.
        openings = {"\n".join(v.text.split("\n")[:3]) for v in first}
        assert len(openings) >= 3, [v.text for v in first]
        assert [v.text for v in write(channel, variants=4, seed=42)] == [v.text for v in first]
    sparse = VehicleFacts(make="Ford", model="Focus")
    for channel in Channel:
        assert len({v.text for v in write(channel, sparse, dealer=None, variants=3)}) == 3


def test_highlights_follow_the_audience() -> None:
    family = " ".join(v.text for v in write(Channel.facebook, target_audience="families"))
    commuter = " ".join(v.text for v in write(Channel.facebook, target_audience="commuters"))
    assert "third-row seating" in family.lower()
    assert "third-row seating" not in commuter.lower()
    assert "mpg" in commuter


@pytest.mark.parametrize("channel", list(Channel))
def test_every_variant_names_the_vehicle_it_is_about(channel: Channel) -> None:
    # An opening about the buyer ("Shopping for the family SUV?") once left a post that never
    # said which car it was selling.
    for audience, tone, length, seed in itertools.product(
        [None, *phrases.AUDIENCE_OPENINGS], phrases.TONES, ["short", "long"], range(2)
    ):
        for variant in write(
            channel, target_audience=audience, tone=tone, length=length, seed=seed
        ):
            assert "CR-V" in variant.text, variant.text


@pytest.mark.parametrize("channel", [c for c in Channel if c is not Channel.video])
def test_the_price_is_stated_once(channel: Channel) -> None:
    # First-time buyers' highlights once listed "Priced at $27,995" above "Priced at $27,995."
    # (A video shows its price on screen as its voice-over says it: that is once.)
    for audience, tone, length in itertools.product(
        [None, *phrases.AUDIENCE_OPENINGS], phrases.TONES, ["short", "long"]
    ):
        for variant in write(channel, target_audience=audience, tone=tone, length=length):
            assert variant.text.count("$27,995") == 1, variant.text


@pytest.mark.parametrize("channel", [c for c in Channel if c is not Channel.video])
def test_no_two_sentences_of_a_variant_open_alike(channel: Channel) -> None:
    # "Don't miss this 2024 Toyota RAV4! Don't miss the Apple CarPlay!" read as a stutter, as did
    # a print ad's "ACT FAST: HONDA CR-V" over "Act fast: this ... Honda CR-V is available now!"
    # (A video's scenes are labelled alike.)
    for audience, tone, length, seed in itertools.product(
        [None, *phrases.AUDIENCE_OPENINGS], phrases.TONES, ["short", "medium", "long"], range(4)
    ):
        settings: dict[str, Any] = {"target_audience": audience, "tone": tone, "length": length}
        for variant in write(channel, seed=seed, **settings):
            sentences = re.split(r"(?<=[.!?])\s+|\n+", variant.text)
            openings = [" ".join(s.lower().split()[:2]) for s in sentences if len(s.split()) > 2]
            assert len(openings) == len(set(openings)), variant.text


def test_off_road_hooks_promise_ability_only_for_a_car_that_drives_all_four_wheels() -> None:
    def openings(drivetrain: str) -> str:
        facts = CRV.model_copy(update={"drivetrain": drivetrain})
        return " ".join(
            variant.text.split("\n", 1)[0]
            for seed in range(12)
            for variant in write(Channel.facebook, facts, target_audience="off-road", seed=seed)
        )

    assert "pavement" in openings("4WD").lower()
    assert "pavement" not in openings("FWD").lower()


@pytest.mark.parametrize(
    ("feature", "meaning"),
    [
        ("Trailer backup assist", "for the boat, the camper or the trailer"),
        ("Power-folding mirrors", "for comfortable drives"),
        ("Hybrid powertrain", "to save fuel"),
        ("Traffic sign recognition", "for extra peace of mind"),
        # Features that no topic describes are named without a benefit, never a wrong one: a
        # generator is not comfort, sunshades and a sign reader save no fuel, folding seats tow
        # nothing.
        ("Pro Power Onboard", None),
        ("Powertrain warranty", None),
        ("Second-row sunshades", None),
        ("Stow 'n Go seating", None),
    ],
)
def test_a_feature_is_sold_for_what_it_does(feature: str, meaning: str | None) -> None:
    facts = VehicleFacts(make="Ford", model="F-150", features=[feature])
    settings = GenerationSettings(platform=Channel.facebook)
    (light,) = [h for h in build_words(facts, settings, None, None).highlights if not h.fact]
    assert light.benefit == (f"{feature} {meaning}" if meaning else feature)


def test_tone_changes_words_and_punctuation() -> None:
    playful = " ".join(v.text for v in write(Channel.instagram, tone="playful"))
    professional = " ".join(v.text for v in write(Channel.instagram, tone="professional"))
    urgent = " ".join(v.text for v in write(Channel.facebook, tone="urgent"))
    assert re.search("[\U0001f300-\U0001faff]", playful)
    assert "!" not in professional
    assert urgent.count("!") >= 3


def test_phrase_banks_hold_no_numbers() -> None:
    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [s for v in [*value.keys(), *value.values()] for s in strings(v)]
        if isinstance(value, tuple | list | frozenset):
            return [s for v in value for s in strings(v)]
        return []

    banks = [s for name, value in vars(phrases).items() if name.isupper() for s in strings(value)]
    assert len(banks) > 200
    with_digits = [
        s for s in banks if re.search(r"\d", s) and s not in ("4wd", "4x4", "3rd row", "3rd-row")
    ]
    assert with_digits == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (('casual = "friendly"', 'casual = "chummy"'), "tone_synonyms.casual"),
        (('benefit = "{feature} for all the gear"', "benefit = 3"), "topics.cargo.benefit"),
        (("[greetings]\n", "[greetings]\nshouty = 'HEY'\n"), "greetings"),
        (("[sign_offs]", "[sign_off]"), "sign_off"),
    ],
)
def test_a_broken_phrase_file_is_refused_naming_the_file_and_key(
    tmp_path: Path, change: tuple[str, str], where: str
) -> None:
    text = phrases.PHRASES_FILE.read_text(encoding="utf-8")
    assert change[0] in text
    broken = tmp_path / "phrases.toml"
    broken.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(phrases.PhraseBankError) as caught:
        phrases.load_phrases(broken)
    assert str(caught.value).startswith(f"{broken}: ")
    assert where in str(caught.value)


def test_factcheck_catches_invented_numbers_and_accepts_formatting() -> None:
    text = (
        "2021 Honda CR-V for $27,995.00 (27995), 23,456 miles, 27 city / 32 highway mpg. "
        "Call 310-555-0134 or 3105550134, 1200 Ocean Ave, 90401. Finance at 4.90% APR, "
        "$389/mo for 60 months, $3,000 down. Scene 2 (0:05-0:12)"
    )
    assert unsupported_numbers(text, CRV, dealer=DEALER, offer=FINANCE) == []
    invented = "Only $26,995 with 15,000 miles, three rows and a V8. 0% APR!"
    found = [n.text for n in unsupported_numbers(invented, CRV, dealer=DEALER, offer=FINANCE)]
    assert found == ["26,995", "15,000", "three", "8", "0"]
    # Without the dealer, its phone number is not supported either.
    assert [n.text for n in unsupported_numbers("Call 555-0134", CRV, dealer=None, offer=None)] == [
        "555",
        "0134",
    ]


@pytest.mark.parametrize("channel", [Channel.facebook, Channel.instagram, Channel.email])
def test_a_fact_is_told_once_in_the_copy(channel: Channel) -> None:
    # "Act fast: this Crystal Black Pearl CR-V..." then "Crystal Black Pearl, 23,456 miles...":
    # the opening, the story and the highlights each chose the colour on their own; and a
    # feature told in a sentence was listed again below it; "Pavement optional: the AWD ..."
    # was followed by "AWD for sure footing in any weather".
    told_twice = []
    facts = ("Crystal Black Pearl", "23,456 miles", "AWD", "Apple CarPlay", "Power liftgate")
    for seed, tone, audience in itertools.product(range(10), phrases.TONES, [None, "off-road"]):
        for variant in write(
            channel, seed=seed, tone=tone, target_audience=audience, length="long"
        ):
            for fact in facts:
                if variant.text.lower().count(fact.lower()) > 1:
                    told_twice.append((fact, variant.text))
    assert told_twice == []


def test_a_video_says_the_dealership_address_and_website_once_and_as_spoken() -> None:
    # "Head to Sunset Motors today! Find us at Sunset Motors, 1200 Ocean Ave, ..."
    for seed, tone in itertools.product(range(20), phrases.TONES):
        for variant in write(Channel.video, seed=seed, tone=tone, video_seconds=30):
            assert variant.scenes, variant.text
            ending = variant.scenes[-1].voice_over
            assert ending.count("Sunset Motors") <= 1, ending
            assert ending.count("1200 Ocean Ave") <= 1, ending
            # Read out, a web address has no "https://".
            assert all("://" not in scene.voice_over for scene in variant.scenes), ending


def test_a_fact_is_found_as_whole_words_in_any_case() -> None:
    values = {"color": "red", "miles": "41,200 miles", "condition": "new"}
    assert facts_told("Red, 41,200 miles, and ready to go today!", values) == {"color", "miles"}
    assert facts_told("Redesigned inside, renewed outside.", values) == set()
