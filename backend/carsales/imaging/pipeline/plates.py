"""Licence plates: finding them offline, and masking them on the output.

No plate model ships in a package we can use, so the detector is classical, in three steps:

1. **Where.** Only the lower part of the car (from 35 % of its height down, 4 % wider on each
   side) is searched: plates sit on bumpers, and the rest of a street photo (shop signs, other
   cars' plates far behind) stays out.
2. **Candidates.** Dark characters on a light plate (or light on dark) make a dense band of
   vertical edges: a black-hat (and a top-hat) transform the size of a character, its
   horizontal gradient, closed across the gaps between characters and thresholded, gives
   blobs; each blob's rotated-free bounding box is a candidate when its aspect ratio is that
   of a plate (1.6 to 6.5: US 2:1 to EU 4.7:1, allowing for perspective), its width 6 % to 40 %
   of the car's and it lies on the car.
3. **Characters.** Inside a candidate, the character-sized connected components of the
   binarised crop (Otsu) are counted: a plate has 3 or more, roughly of one height and on one
   line; a plain rectangle (a fog lamp, a grille slot, a reflector) has none. When the
   `tesseract` binary is installed (Debian package `tesseract-ocr`) it must also read at least
   two letters or digits in the crop, which rejects stripes and grilles that merely look like
   characters. Without it the detector runs on the component test alone (see docs/imaging.md
   for both measured).

Masking (`mask_plates`) works on the final image in its own pixels: a strong blur, a solid
colour, or the dealership's logo plate scaled to cover the box.
"""

import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import cv2
import numpy as np

from carsales.imaging.pipeline.types import RGB, Matte, f32, u8

PlateBox = tuple[int, int, int, int]  # left, top, right, bottom (exclusive), in pixels

SEARCH_FROM = 0.35  # of the car's height, from its top
SIDE_SLACK = 0.04  # of the car's width, each side
MIN_ASPECT, MAX_ASPECT = 1.6, 6.5
MIN_WIDTH, MAX_WIDTH = 0.06, 0.40  # of the car's width
MIN_CHARACTERS = 2  # as counted on blurred small plates: 5-7 characters count 2 to 5
MAX_PLATES = 2  # front and rear are never both seen; a second car's plate can be
OCR_MIN_CHARACTERS = 2
OCR_TIMEOUT_S = 5.0
OCR_HEIGHT = 64  # tesseract reads best with characters 20-40 px tall
STROKE_HEIGHT = 32
DETECT_WIDTH = 960
_SQUARE = np.ones((3, 3), np.uint8)


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
    score: float  # character count and edge density, for ordering
    text: str | None = None  # what OCR read, when it ran


@cache
def tesseract_path() -> str | None:
    return shutil.which("tesseract")


def detect_plates(rgb: RGB, matte: Matte | None, use_ocr: bool | None = None) -> list[Plate]:
    """The plates on the car, best first. `matte`: the car (None: the whole photo is searched).
    `use_ocr`: None uses tesseract when it is installed."""
    ocr = tesseract_path() is not None if use_ocr is None else use_ocr
    height, width = rgb.shape[:2]
    region = _search_region(matte, width, height)
    if region is None:
        return []
    left, top, right, bottom = region
    car_width = right - left
    grey = u8(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    crop = grey[top:bottom, left:right]
    on_car = None if matte is None else matte[top:bottom, left:right] >= 0.5
    found: list[Plate] = []
    for candidate in _candidates(crop, car_width):
        box = refine(crop, candidate)
        if box is None:
            continue
        x0, y0, x1, y1 = box
        if on_car is not None and on_car[y0:y1, x0:x1].mean() < 0.6:
            continue
        patch = crop[y0:y1, x0:x1]
        characters = count_characters(patch)
        if characters < MIN_CHARACTERS:
            continue
        text = read_text(patch) if ocr else None
        if ocr and sum(ch.isalnum() for ch in text or "") < OCR_MIN_CHARACTERS:
            continue
        edges = float(np.abs(cv2.Sobel(patch, cv2.CV_32F, 1, 0)).mean()) / 255
        found.append(
            Plate((x0 + left, y0 + top, x1 + left, y1 + top), characters + 10 * edges, text)
        )
    return _suppress(found)[:MAX_PLATES]


def find_plates(rgb: RGB, matte: Matte) -> list[PlateBox]:
    """`detect_plates` on a photo of any size: a large one is searched at DETECT_WIDTH pixels
    wide (a plate there is still 30 px or more across) and the boxes mapped back."""
    width = rgb.shape[1]
    scale = min(DETECT_WIDTH / width, 1.0)
    if scale < 1:
        size = (DETECT_WIDTH, max(round(rgb.shape[0] * scale), 1))
        rgb = u8(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA))
        matte = f32(cv2.resize(matte, size, interpolation=cv2.INTER_AREA))
    return [map_box(plate.box, 1 / scale, 0, 0) for plate in detect_plates(rgb, matte)]


def _search_region(matte: Matte | None, width: int, height: int) -> PlateBox | None:
    if matte is None:
        return 0, int(height * SEARCH_FROM), width, height
    rows = np.flatnonzero((matte >= 0.5).any(axis=1))
    cols = np.flatnonzero((matte >= 0.5).any(axis=0))
    if rows.size == 0:
        return None
    car_w = cols[-1] + 1 - cols[0]
    car_h = rows[-1] + 1 - rows[0]
    slack = int(SIDE_SLACK * car_w)
    return (
        max(int(cols[0]) - slack, 0),
        int(rows[0] + SEARCH_FROM * car_h),
        min(int(cols[-1]) + 1 + slack, width),
        int(rows[-1]) + 1,
    )


def _candidates(grey: np.ndarray, car_width: int) -> list[PlateBox]:
    """Boxes of plate shape where vertical edges are dense, in `grey`'s pixels."""
    height, width = grey.shape
    if height < 8 or width < 16:
        return []
    # A character is roughly 1/60 of a car's width across; the kernels follow the car's size.
    char = max(round(car_width / 60), 2)
    boxes: list[PlateBox] = []
    for transform in (cv2.MORPH_BLACKHAT, cv2.MORPH_TOPHAT):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (char * 4 + 1, char * 2 + 1))
        hat = cv2.morphologyEx(grey, transform, kernel)
        gradient = np.abs(cv2.Sobel(hat, cv2.CV_32F, 1, 0, ksize=3))
        gradient = u8(255 * gradient / max(float(gradient.max()), 1e-6))
        gradient = u8(cv2.GaussianBlur(gradient, (0, 0), sigmaX=max(char / 2, 1)))
        closing = cv2.getStructuringElement(cv2.MORPH_RECT, (char * 3 + 1, max(char // 2, 1) + 1))
        closed = u8(cv2.morphologyEx(gradient, cv2.MORPH_CLOSE, closing))
        _, binary = cv2.threshold(closed, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        binary = u8(cv2.dilate(u8(cv2.erode(binary, _SQUARE)), _SQUARE))  # opened: specks go
        contours, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in contours:
            x, y, w, h = cv2.boundingRect(contour)
            if h == 0 or not MIN_ASPECT <= w / h <= MAX_ASPECT:
                continue
            if not MIN_WIDTH * car_width <= w <= MAX_WIDTH * car_width:
                continue
            boxes.append((x, y, x + w, y + h))
    return boxes


def refine(grey: np.ndarray, box: PlateBox) -> PlateBox | None:
    """The plate's outline around a candidate: the closed edge blob is rarely the plate
    itself (it spills onto a bumper's edge or stops short of the plate's margins). The rows
    and then the columns where vertical edges are dense are the characters; the plate is
    those, widened by its usual margins (characters fill about 60 % of a plate's height and
    80 % of its width)."""
    x0, y0, x1, y1 = box
    height, width = grey.shape
    pad_x, pad_y = (x1 - x0) // 2, y1 - y0
    left, top = max(x0 - pad_x, 0), max(y0 - pad_y, 0)
    right, bottom = min(x1 + pad_x, width), min(y1 + pad_y, height)
    edges = np.abs(cv2.Sobel(grey[top:bottom, left:right], cv2.CV_32F, 1, 0, ksize=3))
    rows = edges[:, x0 - left : x1 - left].mean(axis=1)
    text_top, text_bottom = _span(rows, (y0 + y1) // 2 - top, 0.5)
    columns = cv2.blur(edges[text_top:text_bottom], (max((y1 - y0) // 2, 1), 1))
    text_left, text_right = _span(columns.mean(axis=0), (x0 + x1) // 2 - left, 0.3)
    text_h, text_w = text_bottom - text_top, text_right - text_left
    if text_h < 3 or text_w < 2 * text_h:
        return None
    text = (left + text_left, top + text_top, left + text_right, top + text_bottom)
    refined = _plate_around(grey, text) or _with_margins(text, width, height)
    aspect = (refined[2] - refined[0]) / max(refined[3] - refined[1], 1)
    return refined if MIN_ASPECT <= aspect <= MAX_ASPECT else None


def _plate_around(grey: np.ndarray, text: PlateBox) -> PlateBox | None:
    """The plate as the light (or dark) region that holds the characters: the window around
    them binarised (Otsu), the characters closed into their background, and the component
    under the text's centre. None when that region leaks into the body (a white plate on a
    white car): larger than four times the text, or not around it."""
    x0, y0, x1, y1 = text
    height, width = grey.shape
    text_h, text_w = y1 - y0, x1 - x0
    left, top = max(x0 - text_w // 2, 0), max(y0 - text_h, 0)
    right, bottom = min(x1 + text_w // 2, width), min(y1 + text_h, height)
    window = grey[top:bottom, left:right]
    _, binary = cv2.threshold(window, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    inner = binary[y0 - top : y1 - top, x0 - left : x1 - left]
    paper = binary if inner.mean() >= 128 else 255 - binary  # the plate's own polarity
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (text_h // 2 * 2 + 1, text_h // 2 * 2 + 1))
    closed = u8(cv2.morphologyEx(u8(paper), cv2.MORPH_CLOSE, kernel))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(closed)
    label = labels[(y0 + y1) // 2 - top, (x0 + x1) // 2 - left]
    if label == 0:
        return None
    x, y, w, h, _ = stats[label]
    plate = (left + int(x), top + int(y), left + int(x + w), top + int(y + h))
    # The region holds the characters' middle and is a plate's size for them (the edge
    # profile may have run onto the plate's frame, so the text box can be the wider one).
    plausible = 1.1 * text_h <= h <= 3 * text_h and w >= 0.6 * text_w
    if not plausible or w * h > 4 * text_w * text_h:
        return None
    return plate


def _with_margins(text: PlateBox, width: int, height: int) -> PlateBox:
    """A plate's usual margins around its characters."""
    x0, y0, x1, y1 = text
    margin_y, margin_x = round(0.3 * (y1 - y0)), round(0.1 * (x1 - x0))
    return (
        max(x0 - margin_x, 0),
        max(y0 - margin_y, 0),
        min(x1 + margin_x, width),
        min(y1 + margin_y, height),
    )


def _span(profile: np.ndarray, centre: int, fraction: float) -> tuple[int, int]:
    """The run of `profile` above `fraction` of its peak that holds the peak nearest to
    `centre`, as (start, end)."""
    centre = min(max(centre, 0), profile.size - 1)
    window = max(profile.size // 4, 1)
    near = slice(max(centre - window, 0), min(centre + window + 1, profile.size))
    peak = near.start + int(np.argmax(profile[near]))
    above = profile >= fraction * float(profile[peak])
    start, end = peak, peak + 1
    while start > 0 and above[start - 1]:
        start -= 1
    while end < profile.size and above[end]:
        end += 1
    return start, end


def count_characters(patch: np.ndarray) -> int:
    """About how many characters a plate-shaped crop holds, from the dark strokes that cross
    its middle: on a 480x360 photo a plate is 8-15 px tall and its characters blur into each
    other, so connected components undercount; the light-dark alternation along the middle
    rows survives. Strokes are the profile's valleys deeper than a fifth of its range (the
    darker polarity is taken as ink, light-on-dark plates are flipped), and a character has
    about two of them. A plain rectangle has none; a grille or a stripe pattern has many,
    which is what OCR is for."""
    height, width = patch.shape
    if height < 5 or width < 10:
        return 0
    scale = max(STROKE_HEIGHT / height, 1.0)
    size = (round(width * scale), round(height * scale))
    large = u8(cv2.resize(patch, size, interpolation=cv2.INTER_CUBIC))
    band = large[int(0.3 * large.shape[0]) : int(0.7 * large.shape[0]) + 1]
    profile = band.astype(np.float32).mean(axis=0)
    # Leave out the plate's frame and whatever lies just outside it.
    margin = max(int(0.06 * profile.size), 1)
    profile = profile[margin:-margin]
    if np.median(profile) < profile.mean():  # mostly dark: light characters, flip
        profile = 255 - profile
    return _valleys(profile, 0.2 * float(np.ptp(profile))) // 2


def _valleys(profile: np.ndarray, depth: float) -> int:
    """Local minima with at least `depth` of rise on both sides before a deeper minimum."""
    if depth <= 1:
        return 0
    count, low, high, falling = 0, float(profile[0]), float(profile[0]), True
    for value in profile[1:].tolist():
        if falling:
            low = min(low, value)
            if value - low >= depth:
                if high - low >= depth:
                    count += 1
                falling, high = False, value
        else:
            high = max(high, value)
            if high - value >= depth:
                falling, low = True, value
    # A valley at the very end has no rise after it: it is the frame, not a character.
    return count


def read_text(patch: np.ndarray) -> str:
    """What tesseract reads in a plate crop (one line of capitals and digits), or ""."""
    path = tesseract_path()
    if path is None:
        return ""
    height, width = patch.shape
    scale = OCR_HEIGHT / max(height, 1)
    size = (max(round(width * scale), 1), OCR_HEIGHT)
    large = u8(cv2.resize(patch, size, interpolation=cv2.INTER_CUBIC))
    _, binary = cv2.threshold(large, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if binary.mean() < 128:  # tesseract wants dark text on light
        binary = 255 - binary
    padded = cv2.copyMakeBorder(binary, 16, 16, 16, 16, cv2.BORDER_CONSTANT, value=255)
    ok, png = cv2.imencode(".png", padded)
    if not ok:
        return ""
    try:
        result = subprocess.run(  # noqa: S603 - a fixed binary, no shell, our own arguments
            [
                path,
                "stdin",
                "stdout",
                "--psm",
                "7",
                "-c",
                "tessedit_char_whitelist=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
            ],
            input=bytes(png),
            capture_output=True,
            timeout=OCR_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout.decode("utf-8", "replace").strip()


def _suppress(plates: list[Plate]) -> list[Plate]:
    """Best first; a box overlapping a better one by more than a third is dropped."""
    kept: list[Plate] = []
    for plate in sorted(plates, key=lambda p: -p.score):
        if all(iou(plate.box, other.box) <= 1 / 3 for other in kept):
            kept.append(plate)
    return kept


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
