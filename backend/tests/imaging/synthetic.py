"""Synthetic photos for the pipeline tests (the evaluation photos are not there in CI)."""

import io

import numpy as np
from PIL import Image


def encode(array: np.ndarray, kind: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, kind, **params)
    return buffer.getvalue()


def car_scene(width: int = 320, height: int = 240) -> tuple[np.ndarray, np.ndarray]:
    """A dark, car-shaped body with two wheels on a pale two-tone street, and its true mask."""
    yy, xx = np.mgrid[0:height, 0:width]
    rgb = np.empty((height, width, 3), np.uint8)
    rgb[:] = (205, 210, 215)
    rgb[yy > height * 0.6] = (170, 168, 160)
    mask = np.zeros((height, width), bool)
    body = (xx > width * 0.15) & (xx < width * 0.85) & (yy > height * 0.42) & (yy < height * 0.68)
    cabin = (xx > width * 0.3) & (xx < width * 0.68) & (yy > height * 0.28) & (yy <= height * 0.42)
    mask |= body | cabin
    for cx in (width * 0.3, width * 0.7):
        mask |= (xx - cx) ** 2 + (yy - height * 0.68) ** 2 < (height * 0.09) ** 2
    rgb[mask] = (150, 20, 25)
    return rgb, mask
