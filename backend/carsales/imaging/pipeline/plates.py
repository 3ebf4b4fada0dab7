"""Licence plates: finding them offline, and masking them on the output.

Plates are found by a YOLOv8s-seg network trained on licence plates (carsales.ai.registry.PLATES,
one class, "plate"). Of its outputs only the boxes are read: for each of 8400 candidates a box
and a plate score (the 32 mask coefficients that follow are not needed to cover a plate, and the
prototype output is left unused). Decoding is the usual one: a score threshold and non-maximum
suppression, then the box mapped back from the letterboxed input to the photo.

Where: the model sees the car's box widened by the car's own width and height on each side,
clipped to the photo (the whole photo when there is no matte): it needs the scene around a
plate (on the bench, at a 0.05 threshold, the car's box with a 4 % margin found 39 of 105
synthetic plates and 10 false boxes on the real photos; with the car's size around it, 45 and
4). A region larger than the model's 640x640 input is shrunk to fit, so a car that fills a
large photo keeps its plate at the size it has relative to the car (6 % of the car's width is
still about 38 px); a smaller region is placed at its own size, not enlarged (enlarging the
car's crop to 640 found fewer plates). A box must lie on the car (half of it in the matte): a
plate on the street or on a car behind is not the car's.

Masking (`mask_plates`) works on the final image in its own pixels: a strong blur, a solid
colour, or the dealership's logo plate scaled to cover the box.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import cv2
import numpy as np
import onnxruntime as ort

from carsales.ai.registry import PLATES
from carsales.ai.sessions import get_session
from carsales.config import get_settings
from carsales.imaging.pipeline.instances import letterbox, non_max_suppression
from carsales.imaging.pipeline.types import RGB, Matte, u8

PlateBox = tuple[int, int, int, int]  # left, top, right, bottom (exclusive), in pixels

INPUT_SIZE = 640  # the export's fixed input
# The model scores the bench's synthetic plates low (0.01 to 0.75; it was trained on real ones).
# Above 0.1 it found nothing on 105 real photos without a readable plate; at 0.05 it found 4
# more of the 105 synthetic plates and as many false boxes, at 0.02 16 more and 12 false ones
# (docs/imaging.md). A false box smears the car and silences the "no plate found" warning.
MIN_SCORE = 0.1
NMS_IOU = 0.45
MAX_PLATES = 2  # front and rear are never both seen; a second car's plate can be
CAR_MARGIN = 1.0  # of the car's width and height, each side: the model needs the scene around it
MIN_ON_CAR = 0.5  # share of a box that must lie in the matte


class PlateMask(StrEnum):
    none = "none"
    blur = "blur"
    solid = "solid"
    logo = "logo"


SOLID_COLOUR = (40, 40, 40)
MASK_GROW_X, MASK_GROW_Y = 0.06, 0.3  # of the box's width and height, on each side


@dataclass(frozen=True)
class Masking:
    """How one photo's plates are covered: the boxes found, in the photo's pixels."""

    how: PlateMask
    boxes: tuple[PlateBox, ...]
    logo: RGB | None = None  # the dealership's logo plate, for PlateMask.logo


@dataclass(frozen=True)
class Plate:
    box: PlateBox
    score: float  # the model's


def plate_session(model_dir: Path | None = None) -> ort.InferenceSession:
    """The plate model's shared session (carsales.ai.sessions); `model_dir` None: the
    configured model cache. Raises ModelMissingError, naming the install command."""
    directory = model_dir or get_settings().model_dir
    assert directory is not None  # filled in by Settings
    return get_session(PLATES.name, directory)


def detect_plates(
    rgb: RGB, matte: Matte | None, session: ort.InferenceSession, min_score: float = MIN_SCORE
) -> list[Plate]:
    """The plates on the car, best first. `matte`: the car (None: the whole photo is searched,
    and any plate in it counts)."""
    height, width = rgb.shape[:2]
    region = _search_region(matte, width, height)
    if region is None:
        return []
    left, top, right, bottom = region
    # Never enlarged: enlarging the car's region found fewer plates.
    x, frame = letterbox(rgb[top:bottom, left:right], INPUT_SIZE, enlarge=False)
    (candidates, *_) = session.run(None, {"images": x.astype(np.float16)})
    scale, pad_x, pad_y = frame.scale, frame.left, frame.top
    rows = candidates[0].T.astype(np.float32)  # N x (4 + 1 + 32)
    score = rows[:, 4]
    keep = np.nonzero(score > min_score)[0]
    if keep.size == 0:
        return []
    cx, cy, w, h = rows[keep, :4].T
    boxes = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=1)
    found: list[Plate] = []
    for index in non_max_suppression(boxes, score[keep], NMS_IOU):
        x0, y0, x1, y1 = boxes[index]
        box = (
            max(int(np.floor((x0 - pad_x) / scale)) + left, 0),
            max(int(np.floor((y0 - pad_y) / scale)) + top, 0),
            min(int(np.ceil((x1 - pad_x) / scale)) + left, width),
            min(int(np.ceil((y1 - pad_y) / scale)) + top, height),
        )
        if box[2] <= box[0] or box[3] <= box[1]:
            continue
        if matte is not None and matte[box[1] : box[3], box[0] : box[2]].mean() < MIN_ON_CAR:
            continue
        found.append(Plate(box, float(score[keep][index])))
        if len(found) == MAX_PLATES:
            break
    return found


def find_plates(rgb: RGB, matte: Matte, model_dir: Path | None = None) -> list[PlateBox]:
    """The boxes of the plates on the car (`detect_plates` with the shared session)."""
    return [plate.box for plate in detect_plates(rgb, matte, plate_session(model_dir))]


def _search_region(matte: Matte | None, width: int, height: int) -> PlateBox | None:
    if matte is None:
        return 0, 0, width, height
    rows = np.flatnonzero((matte >= 0.5).any(axis=1))
    cols = np.flatnonzero((matte >= 0.5).any(axis=0))
    if rows.size == 0:
        return None
    slack_x = int(CAR_MARGIN * (cols[-1] + 1 - cols[0]))
    slack_y = int(CAR_MARGIN * (rows[-1] + 1 - rows[0]))
    return (
        max(int(cols[0]) - slack_x, 0),
        max(int(rows[0]) - slack_y, 0),
        min(int(cols[-1]) + 1 + slack_x, width),
        min(int(rows[-1]) + 1 + slack_y, height),
    )


def iou(a: PlateBox, b: PlateBox) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    overlap = width * height
    area = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1])
    return overlap / (area - overlap)


def map_box(box: PlateBox, scale: float, offset_x: float, offset_y: float) -> PlateBox:
    """A box in the photo's pixels mapped to the output's (x * scale + offset)."""
    left, top, right, bottom = box
    return (
        int(np.floor(left * scale + offset_x)),
        int(np.floor(top * scale + offset_y)),
        int(np.ceil(right * scale + offset_x)),
        int(np.ceil(bottom * scale + offset_y)),
    )


def mask_plates(
    image: np.ndarray, boxes: Sequence[PlateBox], how: PlateMask, logo: RGB | None = None
) -> np.ndarray:
    """`image` (RGB or RGBA) with each box (grown by MASK_GROW_X and MASK_GROW_Y) blurred,
    filled or covered by `logo`; a copy. Only pixels inside the grown boxes change; alpha is
    kept."""
    if how is PlateMask.none or not boxes:
        return image
    out = image.copy()
    height, width = image.shape[:2]
    for box in boxes:
        # The box found holds the characters; the plate's margins and frame reach a little
        # further, and a stray character left showing would defeat the mask.
        grow_x, grow_y = (
            round(MASK_GROW_X * (box[2] - box[0])),
            round(MASK_GROW_Y * (box[3] - box[1])),
        )
        left, top = max(box[0] - grow_x, 0), max(box[1] - grow_y, 0)
        right, bottom = min(box[2] + grow_x, width), min(box[3] + grow_y, height)
        if right <= left or bottom <= top:
            continue
        region = out[top:bottom, left:right, :3]
        if how is PlateMask.blur:
            # Shrunk to 4 x 2 pixels and stretched back: no character survives, at any size.
            tiny = cv2.resize(np.ascontiguousarray(region), (4, 2), interpolation=cv2.INTER_AREA)
            region[:] = u8(cv2.resize(tiny, (right - left, bottom - top)))
        elif how is PlateMask.solid or logo is None:
            region[:] = SOLID_COLOUR
        else:
            region[:] = _cover(logo, right - left, bottom - top)
    return out


def _cover(logo: RGB, width: int, height: int) -> RGB:
    """The logo scaled to fill width x height (the plate box is the logo plate's place)."""
    interpolation = cv2.INTER_AREA if logo.shape[1] > width else cv2.INTER_LINEAR
    return u8(cv2.resize(logo, (width, height), interpolation=interpolation))
