"""Touch-ups: what a user rubbed out of a cut-out by hand.

The models cannot always tell an object standing against the car from the car (a white sign
against a white bumper: docs/imaging.md). A user then paints over it on the result; the strokes,
mapped to the photo's pixels, are cleared from the matte before the car's box is taken, so the
framing, the shadow and the plates follow the touched-up car.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from carsales.imaging.pipeline.types import Matte

_SHIFT = 4  # OpenCV's fixed-point bits: strokes keep a sixteenth of a pixel


@dataclass(frozen=True)
class Stroke:
    """A round brush of `radius` drawn along `points`, in the photo's pixels."""

    radius: float
    points: tuple[tuple[float, float], ...]


def erase(matte: Matte, strokes: Sequence[Stroke]) -> Matte:
    """`matte` with every stroke cleared, its edge antialiased."""
    if not strokes:
        return matte
    brush = np.zeros(matte.shape, np.uint8)
    for stroke in strokes:
        points = np.rint(np.asarray(stroke.points) * (1 << _SHIFT)).astype(np.int32)
        radius = max(1, round(stroke.radius * (1 << _SHIFT)))
        # Filled circles at the points and lines between them: a thick polyline alone
        # leaves a single tap undrawn.
        for x, y in points:
            cv2.circle(brush, (int(x), int(y)), radius, 255, cv2.FILLED, cv2.LINE_AA, _SHIFT)
        if len(points) > 1:
            thickness = max(1, round(2 * stroke.radius))
            cv2.polylines(brush, [points], False, 255, thickness, cv2.LINE_AA, _SHIFT)
    return (matte * (1 - brush / np.float32(255))).astype(np.float32)
