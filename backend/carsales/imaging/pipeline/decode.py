"""Bytes to an upright RGB array. The type comes from the bytes, never from a file name."""

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum

import numpy as np
import pillow_heif
from PIL import Image, ImageOps

from carsales.imaging.pipeline.colour_space import in_srgb
from carsales.imaging.pipeline.errors import (
    CorruptImageError,
    ImageShapeError,
    TooManyPixelsError,
    UnsupportedImageError,
)
from carsales.imaging.pipeline.types import RGB

pillow_heif.register_heif_opener()

DEFAULT_MAX_PIXELS = 60_000_000
# The later steps (segmentation at a fixed input size, resizing, framing) need both sides to
# have some pixels: a 20000x2 strip shrinks to a zero-pixel side and fails inside OpenCV.
MIN_SIDE = 16
MAX_ASPECT = 20


class ImageKind(StrEnum):
    jpeg = "jpeg"
    png = "png"
    webp = "webp"
    heif = "heif"


# ISO-BMFF brands of HEIF stills (HEVC-coded or generic image collections).
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_SIXTEEN_BIT_GREY = {"I;16", "I;16L", "I;16B", "I"}
_PILLOW_FORMAT = {
    ImageKind.jpeg: "JPEG",
    ImageKind.png: "PNG",
    ImageKind.webp: "WEBP",
    ImageKind.heif: "HEIF",
}


def sniff(data: bytes) -> ImageKind | None:
    """The image type announced by the file's magic bytes, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return ImageKind.jpeg
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ImageKind.png
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ImageKind.webp
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return ImageKind.heif
    return None


def decode(data: bytes, max_pixels: int = DEFAULT_MAX_PIXELS) -> RGB:
    """Decode to an HxWx3 uint8 array with the EXIF orientation applied.

    Raises UnsupportedImageError, TooManyPixelsError, ImageShapeError or CorruptImageError.
    """
    kind = sniff(data)
    if kind is None:
        raise UnsupportedImageError("not a JPEG, PNG, WebP or HEIC/HEIF image")
    image = _open(data, kind, max_pixels)
    # Only the header has been read so far: refuse before allocating the pixels.
    width, height = image.size
    if width * height > max_pixels:
        raise TooManyPixelsError(
            f"the image has {width * height:,} pixels; the limit is {max_pixels:,}"
        )
    if min(width, height) < MIN_SIDE or max(width, height) > MAX_ASPECT * min(width, height):
        raise ImageShapeError(
            f"the image is {width:,} x {height:,} pixels; each side must have at least "
            f"{MIN_SIDE} and the longer side at most {MAX_ASPECT} times the shorter"
        )
    with _decoding(kind, max_pixels):
        image.load()
        return _rgb(in_srgb(ImageOps.exif_transpose(image), image.info))


def _rgb(image: Image.Image) -> RGB:
    """8-bit RGB. Pillow converts 16-bit grey (a PNG's "I;16", or "I") to RGB by clipping at 255
    rather than scaling, which turns a photo nearly white: it is scaled to 8 bits here."""
    if image.mode in _SIXTEEN_BIT_GREY:
        grey = np.asarray(image).astype(np.int64)
        eight = np.clip((grey + 128) // 257, 0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(eight[..., None], 3, axis=2))
    return np.asarray(image.convert("RGB"))


def pixel_size(head: bytes, max_pixels: int = DEFAULT_MAX_PIXELS) -> tuple[int, int] | None:
    """(width, height) read from the header alone: `head` may be the first bytes of the file
    only. None when they do not tell (not an image, or a header longer than `head`).
    Raises TooManyPixelsError past Pillow's own limit (which it refuses even to describe)."""
    kind = sniff(head)
    if kind is None:
        return None
    try:
        size: tuple[int, int] = _open(head, kind, max_pixels).size
    except CorruptImageError:
        return None
    return size


def _open(data: bytes, kind: ImageKind, max_pixels: int) -> Image.Image:
    """The image with its header read and its pixels not yet decoded."""
    with _decoding(kind, max_pixels), warnings.catch_warnings():
        # Pillow warns (and past twice its own limit, refuses) on large images; the callers
        # apply our limit instead.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(data), formats=[_PILLOW_FORMAT[kind]])


@contextmanager
def _decoding(kind: ImageKind, max_pixels: int) -> Iterator[None]:
    try:
        yield
    except Image.DecompressionBombError as exc:
        raise TooManyPixelsError(f"the image has more than {max_pixels:,} pixels") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise CorruptImageError(f"the {kind.value.upper()} data is damaged or truncated") from exc
