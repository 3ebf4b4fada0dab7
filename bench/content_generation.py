"""The offline composer over real vehicles: invented numbers, repetition, linter errors, speed.

    .venv/bin/python -m bench.content_generation --data ../shared/data/vehicles/vin-decodes.tsv

Vehicles: rows of NHTSA vPIC decodes (year, make, model, trim, body class) picked at even steps
through the file among rows that have a year, make and model, so the pick is the same on every
run. What a decode does not hold (price, miles, colours, mpg, features, condition) is made up by
a seeded random generator, and a quarter of those facts are left out, as in a real inventory
export. Each vehicle gets every channel, 3 variants per request, with a tone, audience, length,
offer (none, sale, finance, lease) and video length taken in turn; the dealership's profile is
complete (name, address, phone, website).

Printed per channel and overall:
- unsupported: share of variants with a number the inputs do not state (fact check, must be 0);
- trigram J: mean pairwise Jaccard similarity of the word trigrams of the variants of one
  request (0: nothing shared, 1: the same text), and dupes: variants identical to another of
  the same request;
- told twice: share of variants whose copy names one of the vehicle's facts (its colour, its
  mileage, all- or four-wheel drive) or one of its features more than once ("Act fast: this
  Rapid Red F-150..." and then "Rapid Red, 41,200 miles, and ready to go today!"); video
  scripts are left out, as their on-screen text repeats the voice-over on purpose;
- lint errors: share of variants with an error finding of the federal rule pack;
- ms/variant: generation time per variant (mean and 95th percentile), linting excluded.
"""

import argparse
import csv
import itertools
import random
import statistics
import time
from collections import defaultdict
from pathlib import Path

from carsales.content.channels import Channel
from carsales.content.compliance import lint
from carsales.content.facts import DealerProfile, Offer
from carsales.content.generation import GenerationSettings, Variant, compose
from carsales.content.generation.factcheck import unsupported_numbers
from carsales.vehicles.facts import VehicleFacts

DEALER = DealerProfile(
    name="Riverside Auto Group",
    address="2450 River Road, Columbus, OH 43215",
    phone="(614) 555-0187",
    website="https://riverside-auto.example",
)
OFFERS = (
    None,
    Offer(kind="sale", sale_price=None, expires="the end of the month"),
    Offer(kind="finance", monthly_payment=349, term_months=60, apr=3.9, down_payment=2500),
    Offer(kind="lease", monthly_payment=289, term_months=36, due_at_signing=2999,
          security_deposit=0, details="Plus tax, title and license."),
)  # fmt: skip
FEATURES = (
    "Third-row seating", "Apple CarPlay", "Android Auto", "Heated front seats",
    "Blind spot monitoring", "Power liftgate", "Backup camera", "Leather seats",
    "Panoramic sunroof", "Tow package", "Skid plates", "Adaptive cruise control", "Navigation",
    "Remote start", "Bose premium audio", "Lane keeping assist", "Roof rails", "Keyless entry",
    "18-inch alloy wheels", "Wireless charging",
)  # fmt: skip
COLOURS = ("Oxford White", "Magnetic Gray", "Crystal Black", "Rapid Red", "Lunar Silver", "Blue")
TONES = ("friendly", "professional", "urgent", "playful")
AUDIENCES = (None, "families", "first-time buyers", "commuters", "off-road", "luxury")
LENGTHS = ("short", "medium", "long")
VARIANTS = 3


def pick_vehicles(path: Path, count: int, seed: int) -> list[VehicleFacts]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [
            row
            for row in csv.DictReader(handle, delimiter="\t")
            if row["model_year"].isdigit() and row["make"] and row["model"]
        ]
    step = max(1, len(rows) // count)
    rng = random.Random(seed)  # noqa: S311 (made-up data, reproducible)
    return [made_up(row, rng) for row in rows[::step][:count]]


def made_up(row: dict[str, str], rng: random.Random) -> VehicleFacts:
    year = int(row["model_year"])
    invented = {
        "stock_number": f"R{rng.randint(1000, 99999)}",
        "condition": "new" if year >= 2025 else rng.choice(["used", "used", "certified"]),
        "mileage": rng.randint(5, 180_000) if year < 2025 else rng.randint(0, 50),
        "price": rng.choice([rng.randint(4, 95) * 1000 - 5, rng.randint(4000, 95000) + 0.5]),
        "exterior_color": rng.choice(COLOURS),
        "interior_color": rng.choice(("Black", "Gray", "Tan")),
        "drivetrain": rng.choice(("AWD", "4WD", "FWD", "RWD")),
        "transmission": rng.choice(("Automatic", "CVT", "6-Speed Manual", "8-Speed Automatic")),
        "fuel_type": rng.choice(("Gasoline", "Gasoline", "Hybrid", "Diesel")),
        "mpg_city": rng.randint(14, 55),
        "mpg_highway": rng.randint(18, 60),
        "features": rng.sample(FEATURES, rng.randint(0, 8)),
    }
    kept = {key: value for key, value in invented.items() if rng.random() < 0.75}
    trim = row["trim"] if row["trim"] not in ("", "None") else None
    body = row["body_class"] if row["body_class"] not in ("", "None") else None
    return VehicleFacts(
        vin=row["vin"], year=year, make=row["make"], model=row["model"], trim=trim,
        body_style=body, **kept,
    )  # fmt: skip


def trigrams(text: str) -> set[tuple[str, ...]]:
    words = text.lower().split()
    return set(zip(words, words[1:], words[2:], strict=False))


def similarity(variants: list[Variant]) -> float:
    pairs = list(itertools.combinations([trigrams(v.text) for v in variants], 2))
    return statistics.mean(len(a & b) / len(a | b) if a | b else 1.0 for a, b in pairs)


def told_twice(text: str, facts: VehicleFacts) -> bool:
    told = [*facts.features]
    if facts.exterior_color:
        told.append(facts.exterior_color)
    if facts.mileage:
        told.append(f"{facts.mileage:,} miles")
    if facts.drivetrain in ("AWD", "4WD"):
        told.append(facts.drivetrain)
    lowered = text.lower()
    return any(lowered.count(fact.lower()) > 1 for fact in told)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="vin-decodes.tsv")
    parser.add_argument("--vehicles", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    vehicles = pick_vehicles(args.data, args.vehicles, args.seed)
    stats: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    turn = 0
    for facts in vehicles:
        for channel in Channel:
            turn += 1
            offer = OFFERS[turn % len(OFFERS)]
            if offer and offer.kind == "sale" and facts.price:
                offer = offer.model_copy(update={"sale_price": round(facts.price * 0.95)})
            settings = GenerationSettings(
                platform=channel,
                tone=TONES[turn % len(TONES)],
                target_audience=AUDIENCES[turn % len(AUDIENCES)],
                length=LENGTHS[turn % len(LENGTHS)],
                video_seconds=(15, 30, 60)[turn % 3],
            )
            started = time.perf_counter()
            variants = compose(
                facts, settings, dealer=DEALER, offer=offer, variants=VARIANTS, seed=turn
            )
            per_variant = (time.perf_counter() - started) * 1000 / VARIANTS
            row = stats[channel.value]
            row["similarity"].append(similarity(variants))
            row["dupes"].append(VARIANTS - len({v.text for v in variants}))
            for variant in variants:
                seen = " ".join(
                    p
                    for p in (variant.title, variant.subject, variant.preheader, variant.text)
                    if p
                )
                bad = unsupported_numbers(seen, facts, dealer=DEALER, offer=offer)
                errors = [
                    f
                    for f in lint(variant.text, channel, subject=variant.subject, offer=offer)
                    if f.severity == "error"
                ]
                row["unsupported"].append(1.0 if bad else 0.0)
                if channel is not Channel.video:
                    row["twice"].append(1.0 if told_twice(variant.text, facts) else 0.0)
                row["errors"].append(1.0 if errors else 0.0)
                row["ms"].append(per_variant)
                if bad or errors:
                    print(f"! {channel} {facts.vin}: {[n.text for n in bad]} {errors[:1]}")
    print(f"{len(vehicles)} vehicles x {len(Channel)} channels x {VARIANTS} variants")
    print(
        f"{'channel':<16} {'variants':>8} {'unsupported':>11} {'trigram J':>9} {'dupes':>5} "
        f"{'told twice':>10} {'lint errors':>11} {'ms/variant':>10} {'p95 ms':>7}"
    )
    total: dict[str, list[float]] = defaultdict(list)
    for name, row in [*stats.items(), ("all", total)]:
        if name != "all":
            for key, values in row.items():
                total[key] += values
        ms = sorted(row["ms"])
        print(
            f"{name:<16} {len(row['unsupported']):>8} {statistics.mean(row['unsupported']):>11.1%} "
            f"{statistics.mean(row['similarity']):>9.2f} {sum(row['dupes']):>5.0f} "
            f"{_share(row['twice']):>10} {statistics.mean(row['errors']):>11.1%} "
            f"{statistics.mean(ms):>10.2f} "
            f"{ms[int(0.95 * (len(ms) - 1))]:>7.2f}"
        )


def _share(values: list[float]) -> str:
    return f"{statistics.mean(values):.1%}" if values else "-"


if __name__ == "__main__":
    main()
