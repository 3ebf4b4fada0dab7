from enum import StrEnum
from typing import Annotated

from pydantic import Field, field_validator

from carsales.imaging.pipeline.plates import PlateMask
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
LOGO_PLATE_KEY = "logoPlateKey"
"""Where the server puts the dealership's logo plate's key when a job covers plates with it;
like BACKDROP_KEY, never a field (see carsales.imaging.tasks.attach_logo_plate)."""
TOUCH_UPS_KEY = "touchUps"
"""Where a job's touch-ups are kept in its settings: by the photo's place in the upload (as a
string, "0" for the first), the list of its strokes in the photo's own pixels, in the order
drawn, each {"mode": "erase" or "restore", "radius": r, "points": [[x, y], ...]}. Written
only by the touch-up endpoints, never a field (carsales.imaging.touch_up)."""
PLATES = (
    "Licence plates: none (left as they are), blur, solid (a dark grey plate) or logo (the "
    "dealership's logo plate, uploaded once under the dealership's settings)"
)


class ImageJobSettings(ApiModel):
    """What a salesperson picks for a vehicle's photo set."""

    quality: Quality = Field(default=Quality.medium, description="Resolution and effort")
    format: OutputFormat = OutputFormat.png
    background: str = Field(default="transparent", description=BACKGROUNDS)
    enhance: bool = Field(
        default=True, description="White balance, exposure and contrast, denoise, sharpen"
    )
    size: SizePreset = Field(default=SizePreset.original, description="Output size preset")
    plates: PlateMask = Field(default=PlateMask.none, description=PLATES)
    plates_per_photo: dict[int, PlateMask] = Field(
        default_factory=dict,
        description="Per photo, by its place in the upload (0 is the first): overrides `plates`",
    )

    def plates_for(self, position: int) -> PlateMask:
        return self.plates_per_photo.get(position, self.plates)

    @property
    def masks_plates(self) -> bool:
        return any(
            how is not PlateMask.none for how in (self.plates, *self.plates_per_photo.values())
        )

    @property
    def uses_logo_plate(self) -> bool:
        return PlateMask.logo in (self.plates, *self.plates_per_photo.values())

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


ResultPixel = Annotated[float, Field(ge=0, le=100_000)]


class BrushMode(StrEnum):
    erase = "erase"  # what is not the car: cleared from the cut-out
    restore = "restore"  # car the cut-out lost: put back


class TouchUpStroke(ApiModel):
    """A round brush dragged over the result image, in the result's pixels (its natural size,
    inputPlacement.outputWidth x outputHeight)."""

    mode: BrushMode = BrushMode.erase
    radius: float = Field(gt=0, le=2_000, description="The brush's radius, in pixels")
    points: list[tuple[ResultPixel, ResultPixel]] = Field(
        min_length=1, max_length=2_000, description="The path, as [x, y] pairs"
    )


class TouchUpIn(ApiModel):
    strokes: list[TouchUpStroke] = Field(
        min_length=1,
        max_length=100,
        description="In the order drawn (a later stroke wins where two overlap): added to the "
        "photo's earlier touch-ups",
    )
