"""Request and response bodies of writing copy: the generation stream, live linting and
batches (camelCase on the wire)."""

from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from carsales.content.channels import Channel
from carsales.content.compliance import Finding
from carsales.content.facts import Offer
from carsales.content.generation import Scene
from carsales.content.generation.llm import Engine
from carsales.content.schemas import (
    MAX_VARIANTS,
    ContentSettings,
    CopyText,
    GeneratedVariant,
    Hashtag,
    Id,
    Line,
    Title,
)
from carsales.kit.schema import ApiModel

MAX_BATCH = 50


class StreamedVariant(ApiModel):
    """A variant as a generation stream delivered it. Only the copy is read: its findings, its
    flagged numbers and an e-mail's HTML body are worked out again by the server."""

    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
    subject: Line | None = None
    preheader: Line | None = None
    text: CopyText
    scenes: list[Scene] = Field(default=[], max_length=60)
    hashtags: list[Hashtag] = Field(default=[], max_length=30)


class StreamedCopy(ApiModel):
    """The last line of a generation stream (`GenerationDone`), sent back to be saved."""

    variants: list[StreamedVariant] = Field(min_length=1, max_length=MAX_VARIANTS)
    engine: Engine
    fallback_reason: Annotated[str, StringConstraints(max_length=1000)] | None = None


class LintRequest(ApiModel):
    channel: Channel
    text: CopyText
    subject: Line | None = None
    offer: Offer | None = None
    vehicle_id: Id | None = Field(default=None, description="For rules about the car itself")


class LintResult(ApiModel):
    findings: list[Finding]


class GenerateRequest(ApiModel):
    vehicle_id: Id | None = None
    settings: ContentSettings
    offer: Offer | None = None
    variants: int = Field(default=3, ge=1, le=MAX_VARIANTS)


class GenerationDelta(ApiModel):
    """A piece of a variant as the model writes it; `restart`: what came so far for this
    variant is dropped, a new attempt follows (its numbers did not check out)."""

    variant: int
    delta: str | None = None
    restart: bool | None = None


class GenerationDone(ApiModel):
    """The last line of a generation stream."""

    variants: list[GeneratedVariant]
    engine: Engine = Field(description="Who wrote the variants")
    fallback_reason: str | None = Field(
        description="Why the model was not used, when it failed (a few words for a notice)"
    )


class GenerationFailed(ApiModel):
    """The last line of a generation stream that broke off."""

    error: str


class BatchCreate(ApiModel):
    """One channel's copy for many vehicles: the listed ones, or the newest in stock."""

    vehicle_ids: list[Id] | None = Field(default=None, min_length=1, max_length=MAX_BATCH)
    newest: int | None = Field(default=None, ge=1, le=MAX_BATCH)
    settings: ContentSettings
    offer: Offer | None = None
    title: Title | None = None

    @model_validator(mode="after")
    def _one_selection(self) -> "BatchCreate":
        if (self.vehicle_ids is None) == (self.newest is None):
            raise ValueError("give either vehicleIds or newest")
        return self
