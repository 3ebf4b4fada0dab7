"""Touch-ups: what a user rubbed out of a cut-out, or painted back into it, by hand.

The models cannot always tell an object standing against the car from the car (a white sign
against a white bumper: docs/imaging.md), nor keep every part of a white or chrome car. A user
then paints over the result; the strokes, mapped to the photo's pixels, change the matte before
the car's box is taken, so the framing, the shadow and the plates follow the touched-up car.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from carsales.imaging.pipeline.types import Matte

_SHIFT = 4  # OpenCV's fixed-point bits: strokes keep a sixteenth of a pixel


@dataclass(frozen=True)
class Stroke:
    """A round brush of `radius` drawn along `points`, in the photo's pixels: `restore` puts
    the car back where it goes, else it erases."""

    radius: float
    points: tuple[tuple[float, float], ...]
    restore: bool = False


def _brush(shape: tuple[int, ...], stroke: Stroke) -> np.ndarray:
    """How much of each pixel the stroke covers, 0 to 1, its edge antialiased."""
    brush = np.zeros(shape, np.uint8)
    points = np.rint(np.asarray(stroke.points) * (1 << _SHIFT)).astype(np.int32)
    radius = max(1, round(stroke.radius * (1 << _SHIFT)))
    # Filled circles at the points and lines between them: a thick polyline alone leaves a
    # single tap undrawn.
    for x, y in points:
        cv2.circle(brush, (int(x), int(y)), radius, 255, cv2.FILLED, cv2.LINE_AA, _SHIFT)
    if len(points) > 1:
        thickness = max(1, round(2 * stroke.radius))
        cv2.polylines(brush, [points], False, 255, thickness, cv2.LINE_AA, _SHIFT)
    return brush / np.float32(255)


def touch_up(matte: Matte, strokes: Sequence[Stroke]) -> Matte:
    """`matte` with the strokes applied in the order drawn: a later one wins where they meet."""
    for stroke in strokes:
        brush = _brush(matte.shape, stroke)
        matte = np.maximum(matte, brush) if stroke.restore else matte * (1 - brush)
    return matte.astype(np.float32, copy=False)
