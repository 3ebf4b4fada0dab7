import io
import struct
import zlib

import numpy as np
import pillow_heif
import pytest
from PIL import Image, ImageCms

from carsales.imaging.pipeline.colour_space import nclx_profile, rgb_profile
from carsales.imaging.pipeline.decode import ImageKind, decode, sniff
from carsales.imaging.pipeline.errors import (
    CorruptImageError,
    ImageShapeError,
    TooManyPixelsError,
    UnsupportedImageError,
)
from tests.imaging.synthetic import encode

SQUARE = np.full((32, 48, 3), (10, 200, 30), np.uint8)


def _heic(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    pillow_heif.from_bytes("RGB", (array.shape[1], array.shape[0]), array.tobytes()).save(
        buffer, quality=90
    )
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (encode(SQUARE, "JPEG"), ImageKind.jpeg),
        (encode(SQUARE, "PNG"), ImageKind.png),
        (encode(SQUARE, "WEBP"), ImageKind.webp),
        (_heic(SQUARE), ImageKind.heif),
    ],
)
def test_each_accepted_type_is_recognised_and_decoded(data: bytes, kind: ImageKind) -> None:
    assert sniff(data) is kind
    decoded = decode(data)
    assert decoded.shape == (32, 48, 3)
    assert decoded.dtype == np.uint8
    assert np.abs(decoded.astype(int) - SQUARE).mean() < 8  # lossy codecs


def test_type_comes_from_the_bytes_not_the_name(tmp_path) -> None:
    renamed = tmp_path / "photo.jpg"
    renamed.write_bytes(encode(SQUARE, "PNG"))
    assert sniff(renamed.read_bytes()) is ImageKind.png
    assert decode(renamed.read_bytes()).shape == (32, 48, 3)


@pytest.mark.parametrize("data", [b"", b"GIF89a" + b"\0" * 50, b"%PDF-1.7 ...", b"<svg></svg>"])
def test_other_types_are_refused(data: bytes) -> None:
    with pytest.raises(UnsupportedImageError):
        decode(data)


def test_truncated_jpeg_is_corrupt() -> None:
    photo = np.random.default_rng(1).integers(0, 255, (200, 200, 3), np.uint8)
    data = encode(photo, "JPEG", quality=90)
    with pytest.raises(CorruptImageError):
        decode(data[: len(data) // 2])


def test_damaged_png_is_corrupt() -> None:
    data = bytearray(encode(SQUARE, "PNG"))
    data[60:80] = b"\xff" * 20
    with pytest.raises(CorruptImageError):
        decode(bytes(data))


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims to be width x height: a decompression bomb's header."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def test_pixel_limit_is_checked_before_decoding() -> None:
    bomb = _png_header_only(100_000, 100_000)  # 10 gigapixels in a few dozen bytes
    with pytest.raises(TooManyPixelsError, match="more than 60,000,000 pixels"):
        decode(bomb)


def test_pixel_limit_is_configurable() -> None:
    data = encode(SQUARE, "PNG")
    with pytest.raises(TooManyPixelsError):
        decode(data, max_pixels=32 * 48 - 1)
    assert decode(data, max_pixels=32 * 48).shape == (32, 48, 3)


def test_exif_orientation_is_applied() -> None:
    # Stored landscape, left half red; orientation 6 means "rotate 90 degrees clockwise to view".
    stored = np.zeros((20, 40, 3), np.uint8)
    stored[:, :20] = (255, 0, 0)
    stored[:, 20:] = (0, 0, 255)
    exif = Image.Exif()
    exif[0x0112] = 6
    upright = decode(encode(stored, "JPEG", exif=exif, quality=95))
    assert upright.shape == (40, 20, 3)
    assert upright[5, 10, 0] > 200  # the red half is now on top
    assert upright[35, 10, 2] > 200


def test_a_16_bit_grey_png_keeps_its_tones() -> None:
    # Pillow reads it as "I;16" and, converting to RGB, clipped every value over 255 to white.
    tones = np.tile(np.linspace(0, 65535, 64).round().astype(np.uint16), (16, 1))
    buffer = io.BytesIO()
    Image.fromarray(tones).save(buffer, "PNG")
    rgb = decode(buffer.getvalue())
    assert rgb.shape == (16, 64, 3) and rgb.dtype == np.uint8
    expected = np.round(tones / 257).astype(np.uint8)
    assert np.array_equal(rgb[..., 0], expected)
    assert np.array_equal(rgb[..., 1], rgb[..., 0]) and np.array_equal(rgb[..., 2], rgb[..., 0])


def _patches(*colours: tuple[int, int, int]) -> np.ndarray:
    """Flat 16x16 patches side by side, so that lossy coding keeps each colour."""
    return np.concatenate([np.full((16, 16, 3), colour, np.uint8) for colour in colours], axis=1)


# Display P3, an iPhone's colour space: its primaries and white point (D65) as CIE xy.
DISPLAY_P3 = ((0.680, 0.320), (0.265, 0.690), (0.150, 0.060))
D65 = (0.3127, 0.3290)


@pytest.mark.parametrize(("kind", "tolerance"), [("PNG", 1), ("JPEG", 3), ("HEIF", 4)])
def test_a_display_p3_photo_is_read_in_srgb(kind: str, tolerance: int) -> None:
    # An iPhone's photo: Display P3 numbers, saying so in an ICC profile. The same numbers read
    # as sRGB are a duller red. Expected: the standard P3 -> sRGB matrix, worked by hand.
    p3 = _patches((200, 80, 80), (128, 128, 128))
    data = encode(p3, kind, icc_profile=rgb_profile(DISPLAY_P3, D65), quality=95)
    _assert_p3_read_in_srgb(decode(data), tolerance)


def test_a_heif_photo_stating_display_p3_in_its_nclx_box_is_read_in_srgb() -> None:
    # HEIF can state its colour space as H.273 codes instead of a profile: P3 primaries (12)
    # with sRGB's transfer curve (13).
    p3 = _patches((200, 80, 80), (128, 128, 128))
    nclx = {"color_primaries": 12, "transfer_characteristics": 13, "matrix_coefficients": 6}
    data = encode(p3, "HEIF", quality=95, full_range_flag=1, **nclx)
    _assert_p3_read_in_srgb(decode(data), tolerance=4)


def _assert_p3_read_in_srgb(rgb: np.ndarray, tolerance: int) -> None:
    red, grey = rgb[8, 8].astype(int), rgb[8, 24].astype(int)
    assert np.abs(red - (216, 69, 75)).max() <= tolerance, red
    assert np.ptp(grey) <= tolerance and abs(int(grey[0]) - 128) <= tolerance, grey


def test_an_hdr_or_srgb_nclx_box_leaves_the_numbers() -> None:
    # PQ (16) needs tone mapping, which this does not do; BT.709 primaries are sRGB's.
    for primaries, transfer in [(9, 16), (1, 13)]:
        described = {"color_primaries": primaries, "transfer_characteristics": transfer}
        assert nclx_profile(described) is None


def test_a_photo_tagged_srgb_or_with_a_damaged_profile_keeps_its_numbers() -> None:
    colours = _patches((200, 80, 80), (30, 160, 220))
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    for icc in (srgb, b"not a profile", rgb_profile(DISPLAY_P3, D65)[:200]):
        assert np.array_equal(decode(encode(colours, "PNG", icc_profile=icc)), colours)


@pytest.mark.parametrize(("width", "height"), [(20_000, 2), (2, 20_000), (8, 8), (2100, 100)])
def test_strips_and_slivers_are_refused_before_decoding(width: int, height: int) -> None:
    # Only a header: the shape is refused before a pixel is decoded (it used to reach OpenCV,
    # which failed on it as an internal error).
    with pytest.raises(ImageShapeError, match=f"{width:,} x {height:,} pixels"):
        decode(_png_header_only(width, height))
