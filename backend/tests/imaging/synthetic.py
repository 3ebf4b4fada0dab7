"""Synthetic photos for the pipeline tests (the evaluation photos are not there in CI)."""

import io
import struct

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


# Display P3 (an iPhone's colour space): its primaries and white point (D65), as CIE xy.
DISPLAY_P3 = ((0.680, 0.320), (0.265, 0.690), (0.150, 0.060))
D65 = (0.3127, 0.3290)
_D50 = np.array([0.9642, 1.0, 0.8249])
_BRADFORD = np.array(
    [[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]]
)


def rgb_icc_profile(
    primaries: tuple[tuple[float, float], ...] = DISPLAY_P3,
    white: tuple[float, float] = D65,
    gamma: float = 2.2,
) -> bytes:
    """A minimal ICC v2 display profile (matrix and gamma curves): what a phone embeds to say
    its pixels are in a space other than sRGB. Built here, as no such file ships with the
    system or the packages."""

    def xyz(x: float, y: float) -> np.ndarray:
        return np.array([x / y, 1.0, (1 - x - y) / y])

    columns = np.stack([xyz(*primary) for primary in primaries], axis=1)
    to_xyz = columns * np.linalg.solve(columns, xyz(*white))  # scaled so that white is Y = 1
    cone_white, cone_d50 = _BRADFORD @ xyz(*white), _BRADFORD @ _D50
    adapt = np.linalg.inv(_BRADFORD) @ np.diag(cone_d50 / cone_white) @ _BRADFORD
    to_d50 = adapt @ to_xyz  # the profile connection space is D50

    def fixed(values: np.ndarray) -> bytes:
        return b"".join(struct.pack(">i", round(value * 65536)) for value in values)

    name = b"Test wide gamut\0"
    tags = {
        b"desc": b"desc\0\0\0\0" + struct.pack(">I", len(name)) + name + bytes(4 + 4 + 3 + 67),
        b"cprt": b"text\0\0\0\0" + b"No copyright\0",
        b"wtpt": b"XYZ \0\0\0\0" + fixed(_D50),
        **{
            tag: b"XYZ \0\0\0\0" + fixed(to_d50[:, index])
            for index, tag in enumerate([b"rXYZ", b"gXYZ", b"bXYZ"])
        },
        **{
            tag: b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"
            for tag in [b"rTRC", b"gTRC", b"bTRC"]
        },
    }
    table, data = b"", b""
    offset = 128 + 4 + 12 * len(tags)
    for signature, body in tags.items():
        body += bytes(-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (
        struct.pack(">I4sI4s4s4s", size, b"", 0x02100000, b"mntr", b"RGB ", b"XYZ ")
        + struct.pack(">6H", 2026, 12, 5, 0, 0, 0)
        + b"acsp"
        + bytes(28)
        + fixed(_D50)
        + bytes(48)
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data
