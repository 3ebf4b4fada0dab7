"""The whole pipeline: photo bytes in, marketplace-ready image bytes out.

In two passes, so that a vehicle's photos can share one framing: `cut_out` each photo (decode,
segment, enhance), `plan_set` from all the car boxes, then `render` each. A failed photo is
reported on its own and does not fail the others.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from carsales.imaging.pipeline.compose import (
    WHITE,
    Background,
    SolidColour,
    Transparent,
    compose,
)
from carsales.imaging.pipeline.decode import DEFAULT_MAX_PIXELS, decode
from carsales.imaging.pipeline.enhance import Enhancements, enhance
from carsales.imaging.pipeline.errors import ImageError, NoCarError
from carsales.imaging.pipeline.export import encode
from carsales.imaging.pipeline.frame import Box, Placement, apply, car_box, plan_set
from carsales.imaging.pipeline.instances import Vehicle
from carsales.imaging.pipeline.plates import Masking, map_box, mask_plates
from carsales.imaging.pipeline.presets import OutputFormat, Quality, SizePreset
from carsales.imaging.pipeline.refine import decontaminate
from carsales.imaging.pipeline.segment import Segmentation, Segmenter, segment_car
from carsales.imaging.pipeline.touch_up import Stroke, touch_up
from carsales.imaging.pipeline.types import RGB, Matte

LOSSY_QUALITY = {Quality.low: 80, Quality.medium: 88, Quality.high: 94}

# With no vehicle recognised, the cut-out is the photo's most salient object. Of the 34 such
# photos among OpenALPR's 444 (docs/imaging.md, "When no car is found"), the 4 whose cut-out
# covered under 2 % of the photo had cut out a fragment (a wheel, a tail light, a tailgate
# handle); the next smallest, at 5.6 %, was a whole car. No car a dealer photographs is that
# small.
MIN_UNRECOGNISED_SHARE = 0.03
NO_CAR = (
    "No car was found in this photo, so there is nothing to cut out. Use a photo that shows "
    "the whole car in good light; an interior photo can go in an Enhancement only job, which "
    "keeps its background."
)
ERASED_ALL = (
    "The touch-up erased the whole car, so there is nothing left to cut out. Undo the "
    "touch-ups and paint over only what is not part of the car."
)


@dataclass(frozen=True)
class Options:
    background: Background = field(default_factory=Transparent)
    quality: Quality = Quality.medium
    output: OutputFormat = OutputFormat.png
    size: SizePreset = SizePreset.original
    enhancements: Enhancements = field(default_factory=Enhancements)
    max_pixels: int = DEFAULT_MAX_PIXELS
    touch_ups: tuple[Stroke, ...] = ()
    """What the user rubbed out of this photo's cut-out or painted back (see touch_up)."""


@dataclass(frozen=True)
class Cutout:
    """A decoded, enhanced photo and its car matte; the vehicles found in it, and which of them
    is the car cut out (see segment.Segmentation)."""

    rgb: RGB
    matte: Matte
    box: Box | None
    vehicles: tuple[Vehicle, ...] = ()
    main_vehicle: int | None = None

    @property
    def size(self) -> tuple[int, int]:
        height, width = self.matte.shape
        return width, height


def cut_out(data: bytes, options: Options, segmenter: Segmenter) -> Cutout:
    """Raises ImageError (unsupported, corrupt, too many pixels; NoCarError: no car found)."""
    rgb = decode(data, options.max_pixels)
    # The models see the photo as taken: enhancement would move it away from what they learnt.
    segmentation = segment_car(rgb, segmenter, options.quality)
    if not found_a_car(segmentation):
        raise NoCarError(NO_CAR)
    matte = touch_up(segmentation.matte, options.touch_ups)
    if not (matte >= 0.5).any():
        raise NoCarError(ERASED_ALL)
    # Told where the car is, enhancement keeps its paint and reads the scene's cast elsewhere.
    photo = enhance(rgb, options.enhancements, matte)
    if options.quality is not Quality.low:
        photo = decontaminate(photo, matte)
    return Cutout(photo, matte, car_box(matte), segmentation.vehicles, segmentation.main)


def found_a_car(segmentation: Segmentation) -> bool:
    """Whether the cut-out holds a car: a vehicle the car-aware model recognised, or a salient
    object large enough to be one."""
    car = segmentation.matte >= 0.5
    if not car.any():
        return False
    return segmentation.main is not None or float(car.mean()) >= MIN_UNRECOGNISED_SHARE


def render(
    cutout: Cutout, placement: Placement, options: Options, plates: Masking | None = None
) -> bytes:
    """`plates`: the licence plates to cover, found on the cut-out's photo."""
    rgb, matte = apply(placement, cutout.rgb, cutout.matte)
    background = options.background
    if isinstance(background, Transparent) and not options.output.supports_alpha:
        background = SolidColour(WHITE)
    image = compose(rgb, matte, background)
    if plates is not None:
        # Covered on the output, in its own pixels: a blur at the photo's size would be
        # scaled with it and a logo resampled twice.
        boxes = [
            map_box(box, placement.scale, placement.offset_x, placement.offset_y)
            for box in plates.boxes
        ]
        image = mask_plates(image, boxes, plates.how, plates.logo)
    return encode(image, options.output, LOSSY_QUALITY[options.quality])


def process_set(
    photos: Sequence[bytes], options: Options, segmenter: Segmenter
) -> list[bytes | ImageError]:
    """Each photo's output, or the error that stopped it, in input order."""
    cutouts: list[Cutout | ImageError] = []
    for data in photos:
        try:
            cutouts.append(cut_out(data, options, segmenter))
        except ImageError as exc:
            cutouts.append(exc)
    good = [cutout for cutout in cutouts if isinstance(cutout, Cutout)]
    placements = iter(plan_set([c.size for c in good], [c.box for c in good], options.size))
    return [
        render(cutout, next(placements), options) if isinstance(cutout, Cutout) else cutout
        for cutout in cutouts
    ]
