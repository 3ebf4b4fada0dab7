"""Copy generation latency: the OpenAI-compatible provider (llama.cpp's server) against the
offline composer, per variant, and how often the model's copy fails the fact check.

    nice -n 10 .venv/bin/python -m bench.content_llm [--data ../shared/data] [--vehicles 3]
    .venv/bin/python -m bench.content_llm --base-url http://localhost:11434/v1 --model qwen2.5:1.5b

Without `--base-url` it serves Gemma 3 270M (`python -m carsales.ai install gemma3-270m`) with
the same launcher the tests use, on `--threads` cores. That is a base model, not an instruction
model: it mostly repeats its prompt, so its speed is the point, not its copy; point
`--base-url` at a real server to measure a real model's fact-check failures.

Vehicles come from the EPA table in `DATA/vehicles/mpg.csv` (year, make, model, transmission,
drive, fuel, city and highway mpg) with made-up prices and mileage (seeded); each is written
for every `--channels` channel, `--variants` variants at a time, as `generate_with_llm` does in
the app (sequential variants, a second attempt when the fact check flags one). Per variant:
latency to the first token and to the end (the second attempt included), tokens per second
while streaming; the share of variants whose first answer was flagged, and of those still
flagged after the second. The composer is timed on the same requests.
"""

import argparse
import asyncio
import csv
import random
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.speech_common import quiet_logs
from carsales.ai.openai_compat import OpenAICompatClient
from carsales.ai.registry import GEMMA3_270M, verified_path
from carsales.config import get_settings
from carsales.content.channels import Channel
from carsales.content.facts import DealerProfile
from carsales.content.generation import compose
from carsales.content.generation.llamacpp_server import llamacpp_server
from carsales.content.generation.llm import generate_with_llm
from carsales.content.generation.schemas import GenerationSettings
from carsales.vehicles.facts import VehicleFacts

DEALER = DealerProfile(
    name="Maple Motors",
    address="1200 Harbor Road, Springfield, IL 62701",
    phone="(217) 555-0142",
    website="maplemotors.example",
)
_DRIVE = {"f": "front-wheel drive", "r": "rear-wheel drive", "4": "four-wheel drive"}
_FUEL = {"r": "gasoline", "p": "premium gasoline", "d": "diesel", "e": "ethanol", "c": "CNG"}


def load_vehicles(path: Path, count: int, seed: int) -> list[VehicleFacts]:
    rng = random.Random(seed)  # noqa: S311 - made-up prices, not secrets
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    vehicles = []
    for row in rng.sample(rows, min(count, len(rows))):
        year = int(row["year"])
        vehicles.append(
            VehicleFacts(
                condition="used",
                year=year,
                make=row["manufacturer"].title(),
                model=row["model"].title(),
                body_style=row["class"],
                mileage=rng.randrange(5, 160) * 1000,
                price=rng.randrange(40, 400) * 50,
                drivetrain=_DRIVE.get(row["drv"]),
                transmission="automatic" if row["trans"].startswith("auto") else "manual",
                fuel_type=_FUEL.get(row["fl"]),
                mpg_city=int(row["cty"]),
                mpg_highway=int(row["hwy"]),
            )
        )
    return vehicles


@dataclass
class Clock:
    """Per-variant timings from the stream's callbacks."""

    started: float = 0.0
    first: dict[int, float] = field(default_factory=dict)
    last: dict[int, float] = field(default_factory=dict)
    tokens: dict[int, int] = field(default_factory=dict)

    def delta(self, index: int, piece: str) -> None:
        now = time.perf_counter()
        self.first.setdefault(index, now)
        self.last[index] = now
        self.tokens[index] = self.tokens.get(index, 0) + 1  # llama.cpp: one token an event


@dataclass
class Figures:
    first_token: list[float] = field(default_factory=list)
    per_variant: list[float] = field(default_factory=list)
    tokens_per_s: list[float] = field(default_factory=list)
    composer: list[float] = field(default_factory=list)
    variants: int = 0
    regenerated: int = 0
    flagged: int = 0
    fallbacks: int = 0


async def run(
    client: OpenAICompatClient,
    vehicles: list[VehicleFacts],
    channels: list[Channel],
    variants: int,
    temperature: float,
    max_tokens: int | None,
) -> Figures:
    figures = Figures()
    for number, facts in enumerate(vehicles, start=1):
        print(f"vehicle {number}/{len(vehicles)}", file=sys.stderr)
        for channel in channels:
            settings = GenerationSettings(platform=channel, target_audience="commuters")
            clock = Clock(started=time.perf_counter())
            result = await generate_with_llm(
                client,
                facts,
                settings,
                dealer=DEALER,
                offer=None,
                variants=variants,
                on_delta=clock.delta,
                max_tokens=max_tokens,
                temperature=temperature,
            )
            if result.engine != "llm":
                figures.fallbacks += 1
                continue
            start = clock.started
            for index in range(variants):
                figures.first_token.append(clock.first[index] - start)
                figures.per_variant.append(clock.last[index] - start)
                streaming = clock.last[index] - clock.first[index]
                if streaming > 0:
                    figures.tokens_per_s.append((clock.tokens[index] - 1) / streaming)
                start = clock.last[index]
            figures.variants += variants
            figures.regenerated += result.regenerated
            figures.flagged += sum(bool(v.flagged_numbers) for v in result.variants)

            began = time.perf_counter()
            compose(facts, settings, dealer=DEALER, offer=None, variants=variants, seed=1)
            figures.composer.append((time.perf_counter() - began) / variants)
    return figures


@contextmanager
def server(args: argparse.Namespace) -> Iterator[str]:
    if args.base_url:
        yield args.base_url
        return
    directory = get_settings().model_dir
    assert directory is not None
    model = verified_path(GEMMA3_270M, directory)
    with llamacpp_server(model, threads=args.threads, context=4096) as base_url:
        yield base_url


def _ms(values: list[float]) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return f"{1000 * statistics.median(values):9.1f} {1000 * p90:9.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--vehicles", type=int, default=3)
    parser.add_argument(
        "--channels",
        nargs="+",
        default=["facebook", "x", "sms"],
        choices=[c.value for c in Channel],
    )
    parser.add_argument("--variants", type=int, default=3)
    parser.add_argument("--temperature", type=float, default=0.8)
    parser.add_argument(
        "--max-tokens", type=int, help="per answer; default: by channel and length, as the app"
    )
    parser.add_argument("--threads", type=int, default=2, help="llama.cpp threads")
    parser.add_argument("--base-url", help="an already running server instead of Gemma")
    parser.add_argument("--model", help="the model name to ask that server for")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per variant")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    quiet_logs()
    vehicles = load_vehicles(args.data / "vehicles" / "mpg.csv", args.vehicles, args.seed)
    channels = [Channel(c) for c in args.channels]
    with server(args) as base_url:
        client = OpenAICompatClient(base_url, model=args.model, timeout_s=args.timeout)
        asyncio.run(client.chat([{"role": "user", "content": "Hello"}], max_tokens=4))  # warm
        figures = asyncio.run(
            run(client, vehicles, channels, args.variants, args.temperature, args.max_tokens)
        )
    name = args.model or (args.base_url and "server") or "gemma3-270m (llama.cpp)"
    print(f"{len(vehicles)} vehicles x {len(channels)} channels x {args.variants} variants")
    print(f"{'per variant':<44} {'p50 ms':>9} {'p90 ms':>9}")
    print(f"{name + ': first token':<44} {_ms(figures.first_token)}")
    print(f"{name + ': whole variant':<44} {_ms(figures.per_variant)}")
    print(f"{'composer: whole variant':<44} {_ms(figures.composer)}")
    if figures.tokens_per_s:
        print(f"tokens/s while streaming: median {statistics.median(figures.tokens_per_s):.1f}")
    if figures.variants:
        first = figures.regenerated / figures.variants
        final = figures.flagged / figures.variants
        print(f"fact check: first answer flagged {first:.0%}, still after the retry {final:.0%}")
    print(f"requests that fell back to the composer: {figures.fallbacks}")


if __name__ == "__main__":
    main()
