"""Placing the car on the output canvas: size presets and consistent framing across a set.

A car's height is nearly the same from every angle (its length is not), so every car of a set is
drawn at the same height: the largest height at which every car of the set fits inside the
margins. Cars are centred horizontally and stand on the same floor line.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from carsales.imaging.pipeline.presets import SizePreset
from carsales.imaging.pipeline.types import RGB, Matte

CANVAS_SIZES: dict[SizePreset, tuple[int, int]] = {
    SizePreset.landscape_1600: (1600, 1200),
    SizePreset.landscape_800: (800, 600),
    SizePreset.square_1080: (1080, 1080),
}
SIDE_MARGIN = 0.06  # of the canvas width, left and right
TOP_MARGIN = 0.10  # of the canvas height
FLOOR_MARGIN = 0.14  # of the canvas height, below the tyres: room for the shadow


@dataclass(frozen=True)
class Box:
    """A pixel rectangle; right and bottom are exclusive."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top


@dataclass(frozen=True)
class Placement:
    """Canvas size and the map from source pixels to canvas pixels: x * scale + offset."""

    width: int
    height: int
    scale: float
    offset_x: float
    offset_y: float

    def map_box(self, box: Box) -> Box:
        return Box(
            round(box.left * self.scale + self.offset_x),
            round(box.top * self.scale + self.offset_y),
            round(box.right * self.scale + self.offset_x),
            round(box.bottom * self.scale + self.offset_y),
        )


def car_box(matte: Matte, threshold: float = 0.5) -> Box | None:
    """The bounding box of the car, or None when the matte is empty."""
    rows = np.flatnonzero((matte >= threshold).any(axis=1))
    cols = np.flatnonzero((matte >= threshold).any(axis=0))
    if rows.size == 0:
        return None
    return Box(int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)


def plan_set(
    sizes: Sequence[tuple[int, int]], boxes: Sequence[Box | None], preset: SizePreset
) -> list[Placement]:
    """One placement per photo of a set, given each photo's (width, height) and car box."""
    if preset is SizePreset.original:
        return [Placement(width, height, 1.0, 0.0, 0.0) for width, height in sizes]
    width, height = CANVAS_SIZES[preset]
    room_w = width * (1 - 2 * SIDE_MARGIN)
    room_h = height * (1 - TOP_MARGIN - FLOOR_MARGIN)
    found = [box for box in boxes if box is not None]
    # The common car height: as tall as the room allows, as long as every car also fits across.
    car_height = min((min(room_h, room_w * b.height / b.width) for b in found), default=room_h)
    return [
        _place(size, box, width, height, car_height) for size, box in zip(sizes, boxes, strict=True)
    ]


def _place(
    size: tuple[int, int], box: Box | None, width: int, height: int, car_height: float
) -> Placement:
    source_w, source_h = size
    if box is None:
        # Nothing to centre on: fit the whole photo.
        scale = min(width / source_w, height / source_h)
        return Placement(
            width, height, scale, (width - source_w * scale) / 2, (height - source_h * scale) / 2
        )
    scale = car_height / box.height
    floor = height * (1 - FLOOR_MARGIN)
    offset_x = width / 2 - (box.left + box.right) / 2 * scale
    offset_y = floor - box.bottom * scale
    # A car cut by the photo's edge keeps that edge on the canvas's edge instead of showing the
    # cut in mid-air.
    cut_left, cut_right = box.left == 0, box.right == source_w
    if cut_left != cut_right:
        offset_x = 0.0 if cut_left else width - source_w * scale
    if box.bottom == source_h:
        offset_y = height - source_h * scale
    return Placement(width, height, scale, offset_x, offset_y)


def apply(placement: Placement, rgb: RGB, matte: Matte) -> tuple[RGB, Matte]:
    """The photo and matte drawn on the canvas; canvas areas outside the photo are transparent."""
    if placement.scale == 1.0 and (placement.width, placement.height) == matte.shape[::-1]:
        return rgb, matte
    source_h, source_w = matte.shape
    photo = placement.map_box(Box(0, 0, source_w, source_h))
    visible = Box(
        max(photo.left, 0),
        max(photo.top, 0),
        min(photo.right, placement.width),
        min(photo.bottom, placement.height),
    )
    canvas_rgb = np.zeros((placement.height, placement.width, 3), np.uint8)
    canvas_matte = np.zeros((placement.height, placement.width), np.float32)
    if visible.width <= 0 or visible.height <= 0:
        return canvas_rgb, canvas_matte
    # Resample only the part of the photo that lands on the canvas; INTER_AREA when shrinking
    # avoids the aliasing a plain warp would give a 12-megapixel photo drawn at 800x600.
    inverse = 1 / placement.scale
    x0 = (visible.left - placement.offset_x) * inverse
    y0 = (visible.top - placement.offset_y) * inverse
    x1 = (visible.right - placement.offset_x) * inverse
    y1 = (visible.bottom - placement.offset_y) * inverse
    crop = (
        slice(max(int(y0), 0), min(int(np.ceil(y1)), source_h)),
        slice(max(int(x0), 0), min(int(np.ceil(x1)), source_w)),
    )
    interpolation = cv2.INTER_AREA if placement.scale < 1 else cv2.INTER_LINEAR
    target = (visible.width, visible.height)
    region = (slice(visible.top, visible.bottom), slice(visible.left, visible.right))
    canvas_rgb[region] = cv2.resize(rgb[crop], target, interpolation=interpolation)
    canvas_matte[region] = cv2.resize(matte[crop], target, interpolation=interpolation)
    return canvas_rgb, canvas_matte
