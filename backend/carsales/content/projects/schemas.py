"""Request and response bodies of content projects and their workflow (camelCase on the wire)."""

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field, StringConstraints
from pydantic.json_schema import SkipJsonSchema

from carsales.content.channels import Channel, ContentType
from carsales.content.compliance import Finding
from carsales.content.facts import Offer
from carsales.content.generation import Scene
from carsales.content.schemas import (
    MAX_VARIANTS,
    ContentBody,
    ContentSettings,
    CopyText,
    Hashtag,
    Id,
    ImageRef,
    Line,
    Title,
)
from carsales.content.writing.schemas import StreamedCopy
from carsales.kit.schema import ApiModel, PatchModel
from carsales.models import ContentStatus, RevisionAction

MAX_HTML = 100_000

Comment = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Template = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


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
    vehicle_name: str | None = Field(
        description="The vehicle's year, make, model and trim (as far as known); None without one"
    )
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
