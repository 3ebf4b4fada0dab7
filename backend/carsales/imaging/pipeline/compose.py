"""Putting the cut-out car on a background: transparent, a solid colour, a studio, an image."""

import re
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from carsales.imaging.pipeline.frame import Box, car_box
from carsales.imaging.pipeline.shadow import contact_shadow
from carsales.imaging.pipeline.types import RGB, RGBA, Matte, f32, u8

Colour = tuple[int, int, int]
WHITE: Colour = (255, 255, 255)
_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")


@dataclass(frozen=True)
class Transparent:
    pass


@dataclass(frozen=True)
class SolidColour:
    colour: Colour


@dataclass(frozen=True)
class Studio:
    """A seamless studio: a wall that curves into the floor, with a contact shadow (see
    pipeline/shadow.py)."""

    wall: Colour = (232, 233, 235)
    floor: Colour = (200, 201, 204)


@dataclass(frozen=True)
class BackdropImage:
    """A dealer's own backdrop (a showroom, a branded wall), scaled to cover the canvas."""

    image: RGB


Background = Transparent | SolidColour | Studio | BackdropImage


def parse_background(text: str) -> Background:
    """`transparent`, `white`, `studio` or a `#RRGGBB` colour."""
    named: dict[str, Background] = {
        "transparent": Transparent(),
        "white": SolidColour(WHITE),
        "studio": Studio(),
    }
    if text.lower() in named:
        return named[text.lower()]
    match = _HEX.match(text)
    if match is None:
        raise ValueError(f"background must be transparent, white, studio or #RRGGBB, not {text!r}")
    value = int(match.group(1), 16)
    return SolidColour((value >> 16, (value >> 8) & 0xFF, value & 0xFF))


def compose(rgb: RGB, matte: Matte, background: Background) -> RGB | RGBA:
    """RGBA for a transparent background, otherwise the car over the background as RGB."""
    if isinstance(background, Transparent):
        alpha = np.round(matte * 255).astype(np.uint8)
        return np.dstack([rgb, alpha])
    height, width = matte.shape
    box = car_box(matte)
    canvas = _backdrop(background, width, height, box)
    # A car on a plain colour is a catalogue cut-out; on a floor it needs a shadow to stand.
    if box is not None and not isinstance(background, SolidColour):
        canvas *= (1 - contact_shadow(matte, box))[..., None]
    weight = matte[..., None]
    out = rgb.astype(np.float32) * weight + canvas * (1 - weight)
    return np.clip(np.round(out), 0, 255).astype(np.uint8)


def _backdrop(
    background: SolidColour | Studio | BackdropImage, width: int, height: int, box: Box | None
) -> npt.NDArray[np.float32]:
    if isinstance(background, SolidColour):
        return np.full((height, width, 3), background.colour, np.float32)
    if isinstance(background, Studio):
        return studio_backdrop(width, height, background, box)
    return _cover(background.image, width, height).astype(np.float32)


def studio_backdrop(
    width: int, height: int, studio: Studio, box: Box | None
) -> npt.NDArray[np.float32]:
    """A vertical wall-to-floor gradient whose bend sits behind the car's lower body."""
    horizon = box.bottom - 0.45 * box.height if box is not None else 0.6 * height
    bend = 0.12 * height  # height of the curved cove between wall and floor
    rows = np.arange(height, dtype=np.float32)
    # Smoothstep across the cove: no visible seam between wall and floor.
    t = np.clip((rows - (horizon - bend / 2)) / bend, 0, 1)
    t = t * t * (3 - 2 * t)
    wall = np.array(studio.wall, np.float32)
    floor = np.array(studio.floor, np.float32)
    # The wall darkens slightly towards the top and the floor lightens towards the camera,
    # as under studio lights.
    wall_shade = 1 - 0.06 * np.clip(1 - rows / max(horizon, 1), 0, 1)
    floor_shade = 1 + 0.05 * np.clip((rows - horizon) / max(height - horizon, 1), 0, 1)
    column = (wall * wall_shade[:, None]) * (1 - t[:, None]) + (floor * floor_shade[:, None]) * t[
        :, None
    ]
    canvas = np.repeat(column[:, None, :], width, axis=1)
    # A gentle vignette keeps the eye on the car.
    x = (np.arange(width, dtype=np.float32) - width / 2) / (width / 2)
    canvas *= (1 - 0.05 * x**2)[None, :, None]
    return f32(np.clip(canvas, 0, 255))


def _cover(image: RGB, width: int, height: int) -> RGB:
    """Scale the image to cover width x height and crop the centre."""
    source_h, source_w = image.shape[:2]
    scale = max(width / source_w, height / source_h)
    resized_w, resized_h = max(round(source_w * scale), width), max(round(source_h * scale), height)
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    resized = u8(cv2.resize(image, (resized_w, resized_h), interpolation=interpolation))
    left, top = (resized_w - width) // 2, (resized_h - height) // 2
    return resized[top : top + height, left : left + width]
