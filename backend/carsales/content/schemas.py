"""Request and response bodies of the content API (camelCase on the wire)."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import EmailStr, Field, StringConstraints, model_validator
from pydantic.json_schema import SkipJsonSchema

from carsales.content.channels import Channel, ContentType
from carsales.content.compliance import Finding
from carsales.content.facts import Offer
from carsales.content.generation import GenerationSettings, Scene, Variant
from carsales.content.generation.llm import Engine
from carsales.kit.repository import ID_PATTERN
from carsales.kit.schema import ApiModel, PatchModel
from carsales.models import ContentStatus, RevisionAction

MAX_VARIANTS = 5
MAX_BATCH = 50
MAX_RECIPIENTS = 20
# Generous for a print ad or an e-mail, small enough to lint on every keystroke.
MAX_TEXT = 20_000
MAX_HTML = 100_000

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
CopyText = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
Hashtag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Comment = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Template = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Id = Annotated[str, Field(pattern=ID_PATTERN)]
CardFormat = Literal["square", "portrait", "landscape"]


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


class ContentEdit(ApiModel):
    """The parts of the copy to change; those left out stay as they are. Changing `text` of an
    e-mail without `html` rebuilds the HTML body from the text."""

    text: CopyText | SkipJsonSchema[None] = None
    subject: Line | None = None
    preheader: Line | None = None
    html: Annotated[str, StringConstraints(max_length=MAX_HTML)] | None = None
    scenes: list[Scene] | SkipJsonSchema[None] = Field(default=None, max_length=60)
    hashtags: list[Hashtag] | SkipJsonSchema[None] = Field(default=None, max_length=30)
    images: list[ImageRef] | SkipJsonSchema[None] = Field(default=None, max_length=10)
    templates: list[Template] | SkipJsonSchema[None] = Field(default=None, max_length=10)


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


class ContentCreate(ApiModel):
    title: Title | None = Field(default=None, description="Default: the first variant's title")
    type: ContentType | None = Field(default=None, description="Default: the platform's type")
    vehicle_id: Id | None = Field(default=None, description="None: an offer without a car")
    settings: ContentSettings
    variants: int = Field(default=3, ge=1, le=MAX_VARIANTS)
    offer: Offer | None = Field(default=None, description="Same as `settings.offer`")
    selected_variant: int = Field(default=0, ge=0, lt=MAX_VARIANTS)
    generated: StreamedCopy | None = Field(
        default=None,
        description="The result of `POST /api/v1/content/generate` with the same vehicle and "
        "settings, to keep instead of writing anew (`variants` is then ignored). It is checked "
        "like any other copy: fact check, linter and lengths.",
    )


class ContentUpdate(PatchModel):
    title: Title | SkipJsonSchema[None] = None
    content: ContentEdit | SkipJsonSchema[None] = None
    settings: ContentSettings | SkipJsonSchema[None] = None
    selected_variant: int | SkipJsonSchema[None] = Field(
        default=None, ge=0, lt=MAX_VARIANTS, description="Use this generated variant's copy"
    )


class RejectBody(ApiModel):
    comment: Comment


class RevisionOut(ApiModel):
    number: int
    action: RevisionAction
    status: ContentStatus
    author_id: str | None
    author_name: str | None
    title: str
    content: dict[str, Any] = Field(description="The copy after this step")
    comment: str | None
    created_at: datetime


class ContentSummary(ApiModel):
    id: str
    title: str
    type: ContentType
    channel: Channel
    status: ContentStatus
    vehicle_id: str | None
    owner_id: str | None
    owner_name: str | None
    batch_job_id: str | None
    content: ContentBody
    settings: ContentSettings
    findings: list[Finding]
    review_comment: str | None = Field(description="Why a reviewer sent it back")
    revision: int = Field(description="The number of the newest revision")
    published_revision: int | None = Field(
        description="The revision last published; set on a draft that was published before"
    )
    submitted_at: datetime | None
    published_at: datetime | None
    published_by_id: str | None
    created_at: datetime
    updated_at: datetime


class ContentOut(ContentSummary):
    revisions: list[RevisionOut] = Field(description="Oldest first")


class ContentListQuery(ApiModel):
    status: ContentStatus | None = None
    vehicle_id: Id | None = None
    type: ContentType | None = None
    owner_id: Id | None = None
    batch_job_id: Id | None = None


class ContentStats(ApiModel):
    draft: int
    review: int
    published: int
    total: int


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


class SendEmail(ApiModel):
    recipients: list[EmailStr] = Field(min_length=1, max_length=MAX_RECIPIENTS)


class EmailSent(ApiModel):
    recipients: list[str]
    subject: str
