"""Bodies that the parts of the content API share (camelCase on the wire): how copy is written
(ContentSettings), the copy a project holds (ContentBody) and its generated variants. Each part's
own bodies are in its schemas.py (projects/, writing/, outputs/)."""

from typing import Annotated, Any

from pydantic import Field, StringConstraints

from carsales.content.compliance import Finding
from carsales.content.facts import Offer
from carsales.content.generation import GenerationSettings, Scene, Variant
from carsales.kit.repository import ID_PATTERN
from carsales.kit.schema import ApiModel

MAX_VARIANTS = 5
# Generous for a print ad or an e-mail, small enough to lint on every keystroke.
MAX_TEXT = 20_000

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
CopyText = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
Hashtag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Id = Annotated[str, Field(pattern=ID_PATTERN)]


class ContentSettings(GenerationSettings):
    """How the copy was (or is to be) written, and the offer it advertises."""

    offer: Offer | None = None


class ImageRef(ApiModel):
    """A processed photo: one output of an image job of the dealership."""

    job_id: Id
    item_id: Id


class GeneratedVariant(Variant):
    findings: list[Finding] = Field(default=[], description="The linter's, on this variant")


class ContentBody(ApiModel):
    text: str = ""
    subject: str | None = None
    preheader: str | None = None
    html: str | None = None
    scenes: list[Scene] = Field(default_factory=list)
    hashtags: list[str] = Field(default_factory=list)
    images: list[ImageRef] = Field(
        default=[], description="Processed photos to use; the card takes the first"
    )
    templates: list[str] = Field(default=[], description="Layouts chosen for the outputs")
    variants: list[GeneratedVariant] = Field(
        default=[], description="Every generated variant; `text` holds the chosen one"
    )
    engine: str | None = Field(default=None, description="composer or llm")
    fallback_reason: str | None = Field(
        default=None, description="Why the model was not used, when it failed"
    )


COPY_FIELDS = frozenset({"text", "subject", "preheader", "html", "scenes", "hashtags"})


def variant_copy(variant: Variant) -> dict[str, Any]:
    """A variant's copy as a content project's `content` holds it."""
    return variant.model_dump(mode="json", include=set(COPY_FIELDS))


def generated_content(
    variants: list[GeneratedVariant],
    chosen: GeneratedVariant,
    engine: str,
    fallback_reason: str | None = None,
) -> dict[str, Any]:
    """The `content` of a freshly generated project: the chosen variant's copy, and all
    variants to choose from later."""
    content = ContentBody(
        variants=variants, engine=engine, fallback_reason=fallback_reason
    ).model_dump(mode="json")
    return {**content, **variant_copy(chosen)}
