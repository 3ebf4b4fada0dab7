"""Writing copy: from the configured OpenAI-compatible model (streamed as it writes, and
fact-checked) or the offline composer, then linted. Also the stream a page reads (NDJSON), and
the check of copy a page streamed and sends back. Reads no table: a stream outlives the
request's database session, so everything it needs is gathered first (CopyInputs)."""

import asyncio
import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass

import anyio
import structlog

from carsales.ai.openai_compat import configured_client
from carsales.config import Settings
from carsales.content.channels import Channel
from carsales.content.compliance import lint
from carsales.content.facts import DealerProfile, Offer
from carsales.content.generation import GenerationSettings, Variant, compose
from carsales.content.generation.llm import Engine, flagged_numbers, generate_with_llm
from carsales.content.publishing.email import text_to_html
from carsales.content.schemas import ContentSettings, GeneratedVariant
from carsales.content.writing.schemas import (
    GenerationDelta,
    GenerationDone,
    GenerationFailed,
    StreamedCopy,
)
from carsales.vehicles.facts import VehicleFacts

log = structlog.get_logger(__name__)
DeltaSink = Callable[[GenerationDelta], Awaitable[None]]


@dataclass(frozen=True)
class Generated:
    variants: list[GeneratedVariant]
    engine: Engine
    fallback_reason: str | None


@dataclass(frozen=True)
class CopyInputs:
    """Everything that generating copy reads, gathered before a stream starts (the stream
    outlives the request's database session)."""

    facts: VehicleFacts
    settings: ContentSettings
    dealer: DealerProfile
    offer: Offer | None
    packs: tuple[str, ...]
    vehicle: VehicleFacts | None


def with_findings(variants: Sequence[Variant], inputs: CopyInputs) -> list[GeneratedVariant]:
    channel = inputs.settings.platform
    return [
        GeneratedVariant(
            **variant.model_dump(by_alias=False),
            findings=lint(
                variant.text,
                channel,
                subject=variant.subject,
                offer=inputs.offer,
                packs=inputs.packs,
                vehicle=inputs.vehicle,
            ),
        )
        for variant in variants
    ]


def _generation_settings(inputs: CopyInputs) -> GenerationSettings:
    return GenerationSettings.model_validate(inputs.settings.model_dump(by_alias=False))


def recheck(streamed: StreamedCopy, inputs: CopyInputs) -> Generated:
    """A streamed result sent back by a client, held to the same checks as fresh copy: the
    client may have altered it, so its numbers are fact-checked again (flagged, not dropped),
    it is linted, and an e-mail's HTML body is rebuilt from its text rather than taken."""
    generation = _generation_settings(inputs)
    email = generation.platform is Channel.email
    variants = []
    for sent in streamed.variants:
        variant = Variant(
            **sent.model_dump(by_alias=False),
            html=text_to_html(sent.text, sent.preheader) if email else None,
        )
        variant.flagged_numbers = flagged_numbers(
            variant, generation, inputs.facts, inputs.dealer, inputs.offer
        )
        variants.append(variant)
    return Generated(with_findings(variants, inputs), streamed.engine, streamed.fallback_reason)


async def generate_copy(
    config: Settings, inputs: CopyInputs, variants: int, on_event: DeltaSink | None = None
) -> Generated:
    """`variants` pieces of copy: from the configured OpenAI-compatible model (streamed to
    `on_event` as it writes, and fact-checked), else from the offline composer."""
    generation = _generation_settings(inputs)
    client = configured_client(config)
    if client is not None:

        async def delta(index: int, piece: str) -> None:
            if on_event is not None:
                await on_event(GenerationDelta(variant=index, delta=piece))

        async def restart(index: int) -> None:
            if on_event is not None:
                await on_event(GenerationDelta(variant=index, restart=True))

        result = await generate_with_llm(
            client,
            inputs.facts,
            generation,
            dealer=inputs.dealer,
            offer=inputs.offer,
            variants=variants,
            on_delta=delta,
            on_restart=restart,
        )
        written, engine, reason = result.variants, result.engine, result.fallback_reason
    else:
        written = await anyio.to_thread.run_sync(
            functools.partial(
                compose,
                inputs.facts,
                generation,
                dealer=inputs.dealer,
                offer=inputs.offer,
                variants=variants,
            )
        )
        engine, reason = "composer", None
        if on_event is not None:
            # The composer writes each variant at once: one piece per variant.
            for index, variant in enumerate(written):
                await on_event(GenerationDelta(variant=index, delta=variant.text))
    checked = await anyio.to_thread.run_sync(with_findings, written, inputs)
    return Generated(checked, engine, reason)


async def stream_copy(config: Settings, inputs: CopyInputs, variants: int) -> AsyncIterator[bytes]:
    """NDJSON: `{"variant", "delta"}` pieces as they are written (`{"variant", "restart"}`
    when a variant is asked for again), then one `{"variants", "engine", "fallbackReason"}`.
    A client that goes away stops the generation."""
    events: asyncio.Queue[bytes | None] = asyncio.Queue()

    async def send(event: GenerationDelta) -> None:
        await events.put(event.model_dump_json(exclude_none=True).encode() + b"\n")

    async def run() -> None:
        try:
            result = await generate_copy(config, inputs, variants, send)
            done = GenerationDone(
                variants=result.variants,
                engine=result.engine,
                fallback_reason=result.fallback_reason,
            )
            await events.put(done.model_dump_json().encode() + b"\n")
        except Exception:
            log.exception("content_stream_failed")
            failed = GenerationFailed(error="The copy could not be written.")
            await events.put(failed.model_dump_json().encode() + b"\n")
        finally:
            await events.put(None)

    task = asyncio.create_task(run())
    try:
        while (line := await events.get()) is not None:
            yield line
    finally:
        task.cancel()
