"""Synthetic photos for the pipeline tests (the evaluation photos are not there in CI)."""

import io

import cv2
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


def with_plate(rgb: np.ndarray, box: tuple[int, int, int, int], text: str = "AB12CDE") -> None:
    """Draws a white licence plate with dark characters into `rgb` at box (left, top, right,
    bottom), as a camera would see it: drawn large, scaled down, softened."""
    left, top, right, bottom = box
    width, height = right - left, bottom - top
    scale = 8
    plate = np.full((height * scale, width * scale, 3), 245, np.uint8)
    cv2.rectangle(plate, (0, 0), (width * scale - 1, height * scale - 1), (20, 20, 20), scale)
    font = cv2.FONT_HERSHEY_DUPLEX
    (text_w, text_h), _ = cv2.getTextSize(text, font, 1.0, 2)
    size = min(0.82 * width * scale / text_w, 0.62 * height * scale / text_h)
    thickness = max(int(size * 2.2), 1)
    (text_w, text_h), _ = cv2.getTextSize(text, font, size, thickness)
    origin = ((width * scale - text_w) // 2, (height * scale + text_h) // 2)
    cv2.putText(plate, text, origin, font, size, (15, 15, 15), thickness, cv2.LINE_AA)
    small = cv2.resize(plate, (width, height), interpolation=cv2.INTER_AREA)
    rgb[top:bottom, left:right] = cv2.GaussianBlur(small, (0, 0), sigmaX=0.6)
