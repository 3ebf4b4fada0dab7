from pydantic import Field, field_validator

from carsales.imaging.pipeline.presets import OutputFormat, Quality, SizePreset
from carsales.kit.schema import ApiModel

CUSTOM_BACKGROUND = "custom"
BACKGROUNDS = (
    "transparent, white, studio, a colour as #RRGGBB, or custom (the backdrop image uploaded "
    "with the job)"
)
BACKDROP_KEY = "backdropKey"
"""Where the server puts the stored backdrop's key in a job's settings. Deliberately not a field
of ImageJobSettings: only the server sets it (see carsales.jobs.attachments)."""


class ImageJobSettings(ApiModel):
    """What a salesperson picks for a vehicle's photo set."""

    quality: Quality = Field(default=Quality.medium, description="Resolution and effort")
    format: OutputFormat = OutputFormat.png
    background: str = Field(default="transparent", description=BACKGROUNDS)
    enhance: bool = Field(
        default=True, description="White balance, exposure and contrast, denoise, sharpen"
    )
    size: SizePreset = Field(default=SizePreset.original, description="Output size preset")

    @field_validator("background")
    @classmethod
    def _known_background(cls, value: str) -> str:
        from carsales.imaging.pipeline.compose import parse_background

        chosen = value.strip().lower()
        if chosen == CUSTOM_BACKGROUND:
            return chosen
        try:
            parse_background(chosen)
        except ValueError as exc:
            raise ValueError(f"background must be {BACKGROUNDS}") from exc
        return chosen
