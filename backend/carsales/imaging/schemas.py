from pydantic import Field, field_validator

from carsales.imaging.pipeline.presets import OutputFormat, Quality, SizePreset
from carsales.kit.schema import ApiModel

BACKGROUNDS = "transparent, white, studio or a colour as #RRGGBB"


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

        try:
            parse_background(value)
        except ValueError as exc:
            raise ValueError(f"background must be {BACKGROUNDS}") from exc
        return value.strip().lower()
