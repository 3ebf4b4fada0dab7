"""The shadow a car casts on a studio floor, and a check that the car stands on it.

Two parts, as under a real car in a studio:

- **Contact** under each tyre: nearly black where the rubber meets the floor, a few pixels wide.
  The tyres are found from the matte alone: the car's lowest pixel in each column gives its
  underside profile, and the lower convex hull of that profile is the ground line through the
  points where the car touches the floor (two or three tyres in a side view, four in a three-
  quarter view, where the far tyres sit higher). Columns whose underside lies on that line are
  tyre contacts; the sill between the wheels lies above it by the ground clearance.
- **Ambient occlusion**: the floor between the underside and a little below the ground line,
  blurred wide and flat, so the car sits in a soft pool. It is moved sideways by a fixed share of
  the car's height, away from the key light.

Every length is a share of the car's height on the canvas: the framing draws every car of a set
at one height, and the light does not move between photos, so the shadows of a set agree in size
and direction whichever way each car faces.
"""

import itertools
import math
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from carsales.imaging.pipeline.frame import Box, car_box
from carsales.imaging.pipeline.types import Matte, f32

# The key light is in front of the car and to the left, so the pool falls to the right.
LIGHT_SHIFT = 0.05  # ambient pool's sideways shift, of the car's height (+: to the right)
CONTACT_OPACITY = 0.85
AMBIENT_OPACITY = 0.5
CONTACT_TOLERANCE = 0.008  # underside within this of the ground line: a tyre touching
AMBIENT_DEPTH = 0.03  # how far the pool reaches below the ground line
MAX_FLOOR_SLOPE = 0.35  # rows per column: a ground line steeper than this is a bumper's edge
TOUCHING = 0.1  # least shadow opacity right under the car that counts as touching it
_REACH = 0.2  # how far below the car any shadow can reach


def underside(matte: Matte, box: Box) -> npt.NDArray[np.int64]:
    """The lowest car row in each column of the box (-1 where the column has no car)."""
    car = matte[box.top : box.bottom, box.left : box.right] >= 0.5
    rows = car.shape[0] - 1 - np.argmax(car[::-1], axis=0)
    return np.where(car.any(axis=0), rows + box.top, -1)


def ground_line(bottom: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """The floor line under each column: the lower convex hull of the underside (image rows grow
    downwards), through the points where the car touches the floor. NaN where there is no car or
    the hull is steeper than a floor seen in perspective: the edge from the lowest tyre up to a
    bumper's corner (every hull starts and ends at the car's outermost columns) is not floor."""
    line = np.full(bottom.shape, np.nan)
    xs = np.flatnonzero(bottom >= 0)
    hull: list[tuple[int, int]] = []
    for x in xs:
        point = (int(x), int(bottom[x]))
        # Drop the last hull point while it lies on or above the line from the one before it
        # to this point: it is not among the lowest.
        while len(hull) >= 2:
            (x0, y0), (x1, y1) = hull[-2], hull[-1]
            if (x1 - x0) * (point[1] - y0) - (y1 - y0) * (point[0] - x0) < 0:
                break
            hull.pop()
        hull.append(point)
    for (x0, y0), (x1, y1) in itertools.pairwise(hull):
        if abs(y1 - y0) <= MAX_FLOOR_SLOPE * (x1 - x0):
            line[x0 : x1 + 1] = np.linspace(y0, y1, x1 - x0 + 1)
    if len(hull) == 1:
        line[hull[0][0]] = hull[0][1]
    return np.where(bottom >= 0, line, np.nan)


def contact_columns(bottom: npt.NDArray[np.int64], height: int) -> npt.NDArray[np.float32]:
    """How firmly each column touches the floor: 1 on the ground line, 0 from the tolerance up."""
    line = ground_line(bottom)
    tolerance = max(1.5, CONTACT_TOLERANCE * height)
    touch = np.clip(1 - (line - bottom) / tolerance, 0, 1)
    return f32(np.nan_to_num(touch, nan=0.0))


def contact_shadow(matte: Matte, box: Box, light_shift: float = LIGHT_SHIFT) -> Matte:
    """Shadow opacity (0 to 1) on the floor around the car, the size of the matte."""
    canvas_h, canvas_w = matte.shape
    size = box.height
    shift = round(light_shift * size)
    pad = math.ceil(0.15 * size) + abs(shift)
    # Only the region under the car's lower half can be shadowed: blur that, not the canvas.
    top, bottom_row = (
        box.top + box.height // 2,
        min(canvas_h, box.bottom + math.ceil(_REACH * size)),
    )
    left, right = max(0, box.left - pad), min(canvas_w, box.right + pad)
    shadow = np.zeros((canvas_h, canvas_w), np.float32)
    if bottom_row <= top:
        return shadow
    bottom = underside(matte, box)
    line = ground_line(bottom)
    # Where no floor line runs (under an overhang), the pool starts at the underside.
    line = np.where(np.isnan(line), bottom, line)
    rows = np.arange(top, bottom_row)[:, None]
    has_car = bottom >= 0

    # Contact: a short vertical seed centred on each touching column's lowest pixel, so that the
    # blurred shadow is darkest right under the tyre and fades downwards.
    half = max(1, round(0.006 * size))
    seed = (np.abs(rows - bottom[None, :]) <= half) * contact_columns(bottom, size)[None, :]
    sigma_y = max(0.8, 0.004 * size)
    contact = _blur(_place(seed, box, left, right, 0), 0.01 * size, sigma_y)
    # A seed strip as wide as the tyre's patch peaks below 1 once blurred: undo that.
    contact = np.clip(contact / math.erf((half + 0.5) / (sigma_y * math.sqrt(2))), 0, 1)

    # Ambient: from the underside down to a little below the ground line, shifted from the light.
    # It starts inside the car (hidden there) so that it is at full strength right under it.
    sigma_y = 0.012 * size
    reach = line + AMBIENT_DEPTH * size
    start = bottom - 2 * sigma_y
    pool = has_car[None, :] & (rows >= start[None, :]) & (rows <= reach[None, :])
    # The pool stays under the car and stretches away from the light: moved as a whole, it would
    # leave lit floor under one side of each tyre.
    pool_seed = pool.astype(np.float32)
    spread = np.maximum(
        _place(pool_seed, box, left, right, 0), _place(pool_seed, box, left, right, shift)
    )
    ambient = _blur(spread, 0.035 * size, sigma_y)

    opacity = 1 - (1 - AMBIENT_OPACITY * ambient) * (1 - CONTACT_OPACITY * contact)
    shadow[top:bottom_row, left:right] = opacity
    return shadow


def _place(
    columns: npt.NDArray[np.float32] | npt.NDArray[np.float64],
    box: Box,
    left: int,
    right: int,
    shift: int,
) -> npt.NDArray[np.float32]:
    """Box-wide columns placed in the region [left, right), moved `shift` pixels sideways."""
    region = np.zeros((columns.shape[0], right - left), np.float32)
    start = box.left + shift - left
    lo, hi = max(start, 0), min(start + columns.shape[1], right - left)
    if hi > lo:
        region[:, lo:hi] = columns[:, lo - start : hi - start]
    return region


def _blur(
    image: npt.NDArray[np.float32], sigma_x: float, sigma_y: float
) -> npt.NDArray[np.float32]:
    # Zero beyond the region (no shadow there), not the default mirror image of its edge.
    return f32(
        cv2.GaussianBlur(
            image,
            (0, 0),
            sigmaX=max(sigma_x, 0.5),
            sigmaY=max(sigma_y, 0.5),
            borderType=cv2.BORDER_CONSTANT,
        )
    )


@dataclass(frozen=True)
class Band:
    """One slice of the car's width, for the grounding check."""

    left: int
    right: int
    lowest: int  # the car's lowest row in the slice
    darkest: int  # the row where the shadow below that is darkest (mean over the slice)
    under: float  # shadow opacity right below each column's lowest car pixel, mean of the slice
    peak: float  # shadow opacity at `darkest`
    tyre: bool  # the slice holds a tyre's contact

    @property
    def gap(self) -> int:
        """Floor pixels between the car and the darkest shadow: 0 when they touch."""
        return self.darkest - self.lowest - 1

    @property
    def touching(self) -> bool:
        """The shadow right under the car is at least half as dark as its darkest: no strip of
        lit floor between car and shadow."""
        return self.under >= max(0.5 * self.peak, TOUCHING)


def grounding(matte: Matte, shadow: Matte, bands: int = 16) -> list[Band]:
    """The car's width cut into `bands` slices; in each, where the shadow is darkest below the
    car's lowest pixel. A floating car shows as a gap, or as a shadow that does not touch."""
    box = car_box(matte)
    if box is None:
        return []
    bottom = underside(matte, box)
    tyres = contact_columns(bottom, box.height) > 0.5
    below = np.minimum(bottom + 1, matte.shape[0] - 1)
    under = shadow[below, np.arange(box.left, box.right)]
    reach = math.ceil(_REACH * box.height)
    edges = np.linspace(0, box.width, bands + 1).round().astype(int)
    found = []
    for start, end in itertools.pairwise(edges):
        columns = slice(start, end)
        lowest = int(bottom[columns].max()) if end > start else -1
        if lowest < 0 or lowest + 1 >= matte.shape[0]:
            continue
        window = shadow[lowest + 1 : lowest + 1 + reach, box.left + start : box.left + end]
        profile = window.mean(axis=1)
        darkest = int(np.argmax(profile))
        found.append(
            Band(
                left=box.left + start,
                right=box.left + end,
                lowest=lowest,
                darkest=lowest + 1 + darkest,
                under=float(under[columns][bottom[columns] >= 0].mean()),
                peak=float(profile[darkest]),
                tyre=bool(tyres[columns].any()),
            )
        )
    return found
