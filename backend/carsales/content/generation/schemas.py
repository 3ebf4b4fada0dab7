"""What a generation request asks for and what it returns (camelCase on the wire)."""

from typing import Literal

from pydantic import Field

from carsales.content.channels import Channel
from carsales.kit.schema import ApiModel

Length = Literal["short", "medium", "long"]


class GenerationSettings(ApiModel):
    platform: Channel
    target_audience: str | None = Field(
        default=None,
        max_length=60,
        description="families, first-time-buyers, commuters, off-road, luxury, or free text",
    )
    tone: str = Field(
        default="friendly", max_length=30, description="friendly, professional, urgent, playful"
    )
    length: Length = "medium"
    call_to_action: str | None = Field(
        default=None, max_length=200, description="Used as written instead of a stock one"
    )
    video_seconds: int = Field(default=30, ge=10, le=180)


class Scene(ApiModel):
    number: int
    start_seconds: float
    end_seconds: float
    shot: str
    voice_over: str
    on_screen_text: str


class Variant(ApiModel):
    title: str
    subject: str | None = None
    """E-mail only: the subject line."""
    preheader: str | None = None
    """E-mail only: the preview line after the subject."""
    text: str
    """The copy to post; e-mail: the plain-text body with its footer; video: the readable script;
    print: headline, body, price block and small print, separated by blank lines."""
    html: str | None = None
    """E-mail only: the HTML body."""
    scenes: list[Scene] = Field(default_factory=list)
    hashtags: list[str] = Field(default_factory=list)
    flagged_numbers: list[str] = Field(default_factory=list)
    """Numbers in the text that the inputs do not support (set by a model-backed generator)."""
