"""Photos in sRGB, whatever colour space they say they are in (littleCMS does the converting).

The models, the paint check and every viewer of the output (which carries no profile) take
pixels as sRGB. A JPEG, PNG or WebP states another colour space with an embedded ICC profile,
used as it is. A HEIF photo may state it as an "nclx" colour description instead (ITU-T H.273
codes, with the primaries' chromaticities, as pillow-heif reads them): for that, a matrix and
curve profile is built here from the stated primaries, white point and transfer curve.
"""

import io
import math
import struct
from collections.abc import Mapping
from typing import Any

import numpy as np
from PIL import Image, ImageCms

XY = tuple[float, float]
Curve = tuple[float, float, float, float, float]

# ICC parametric curves of type 3, (g, a, b, c, d): Y = (aX + b)^g for X >= d, else Y = cX.
SRGB_CURVE: Curve = (2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045)
BT709_CURVE: Curve = (1 / 0.45, 1 / 1.099, 0.099 / 1.099, 1 / 4.5, 0.081)
# H.273 transfer characteristics this can express: sRGB's curve, and BT.709's, which BT.601 and
# BT.2020 share. HDR curves (PQ, HLG) need tone mapping, not a profile, and are left alone.
TRANSFER_CURVES: dict[int, Curve] = {
    13: SRGB_CURVE,
    **dict.fromkeys((1, 6, 14, 15), BT709_CURVE),
}
# H.273 colour primaries that need no conversion: BT.709 (sRGB's) and "unspecified".
SRGB_PRIMARIES = frozenset({1, 2})

_SRGB = ImageCms.createProfile("sRGB")
_COLORANTS = ("red_colorant", "green_colorant", "blue_colorant")
_SRGB_COLORANTS = tuple(
    getattr(ImageCms.ImageCmsProfile(_SRGB).profile, name) for name in _COLORANTS
)
SRGB_TOLERANCE = 0.002  # of a primary's XYZ: sRGB2014 and lcms's sRGB differ by 0.0002
_D50 = np.array([0.9642, 1.0, 0.8249])  # the ICC profile connection space's white
_BRADFORD = np.array(
    [[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]]
)


def in_srgb(image: Image.Image, info: Mapping[Any, Any]) -> Image.Image:
    """`image` in sRGB, given what its file says (`info`: Pillow's, with "icc_profile" or a
    HEIF's "nclx_profile")."""
    return _in_srgb(image, _stated_profile(info))


def _stated_profile(info: Mapping[Any, Any]) -> bytes | None:
    """The colour space the photo says it is in: its ICC profile, or a HEIF's nclx box."""
    icc: bytes | None = info.get("icc_profile")
    if icc:
        return icc
    nclx = info.get("nclx_profile")
    return nclx_profile(nclx) if isinstance(nclx, dict) else None


def _in_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """The photo's colours in sRGB, which the models, the paint check and every viewer of the
    output (which carries no profile) assume. Phones save in wider spaces and say so (an iPhone:
    Display P3); read as sRGB numbers, a red paint would come out duller.
    A profile that is sRGB already, or that cannot be read, leaves the pixels as they are."""
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if _is_srgb(profile):
            return image
        mode = "CMYK" if image.mode == "CMYK" else "RGB"
        # Colorimetric: a paint that sRGB can show keeps its exact colour.
        transform = ImageCms.buildTransform(
            profile, _SRGB, mode, "RGB", ImageCms.Intent.RELATIVE_COLORIMETRIC
        )
        return transform.apply(image.convert(mode))
    except (OSError, ImageCms.PyCMSError):  # Pillow raises OSError for a profile it cannot read
        return image


def _is_srgb(profile: ImageCms.ImageCmsProfile) -> bool:
    """Its primaries are sRGB's (the many sRGB profiles differ in name and in rounding)."""
    colorants = tuple(getattr(profile.profile, name) for name in _COLORANTS)
    if profile.profile.xcolor_space.strip() != "RGB" or None in colorants:
        return False
    return all(
        math.isclose(ours, theirs, abs_tol=SRGB_TOLERANCE)
        for colorant, srgb in zip(colorants, _SRGB_COLORANTS, strict=True)
        for ours, theirs in zip(colorant[0], srgb[0], strict=True)
    )


def nclx_profile(nclx: Mapping[str, float]) -> bytes | None:
    """An ICC profile for a HEIF photo's nclx colour description; None when it is sRGB's
    already, or not one a profile can express (an HDR curve, missing chromaticities)."""
    curve = TRANSFER_CURVES.get(int(nclx.get("transfer_characteristics", 2)))
    if int(nclx.get("color_primaries", 2)) in SRGB_PRIMARIES or curve is None:
        return None
    try:
        primaries = tuple(
            (float(nclx[f"color_primary_{c}_x"]), float(nclx[f"color_primary_{c}_y"]))
            for c in ("red", "green", "blue")
        )
        white = (float(nclx["color_primary_white_x"]), float(nclx["color_primary_white_y"]))
    except KeyError:
        return None
    return rgb_profile(primaries, white, curve)


def rgb_profile(primaries: tuple[XY, ...], white: XY, curve: Curve = SRGB_CURVE) -> bytes:
    """A minimal ICC v2 display profile: the red, green and blue primaries and the white point
    as CIE xy, and one transfer curve for the three channels."""

    def xyz(x: float, y: float) -> np.ndarray:
        return np.array([x / y, 1.0, (1 - x - y) / y])

    columns = np.stack([xyz(*primary) for primary in primaries], axis=1)
    to_xyz = columns * np.linalg.solve(columns, xyz(*white))  # scaled so that white is Y = 1
    cone_white, cone_d50 = _BRADFORD @ xyz(*white), _BRADFORD @ _D50
    adapt = np.linalg.inv(_BRADFORD) @ np.diag(cone_d50 / cone_white) @ _BRADFORD
    to_d50 = adapt @ to_xyz  # the profile connection space is D50

    def fixed(values: np.ndarray | Curve) -> bytes:
        return b"".join(struct.pack(">i", round(value * 65536)) for value in values)

    name = b"Stated by the photo\0"
    parametric = b"para\0\0\0\0" + struct.pack(">HH", 3, 0) + fixed(curve)
    tags = {
        b"desc": b"desc\0\0\0\0" + struct.pack(">I", len(name)) + name + bytes(4 + 4 + 3 + 67),
        b"cprt": b"text\0\0\0\0" + b"No copyright\0",
        b"wtpt": b"XYZ \0\0\0\0" + fixed(_D50),
        b"rXYZ": b"XYZ \0\0\0\0" + fixed(to_d50[:, 0]),
        b"gXYZ": b"XYZ \0\0\0\0" + fixed(to_d50[:, 1]),
        b"bXYZ": b"XYZ \0\0\0\0" + fixed(to_d50[:, 2]),
        b"rTRC": parametric,
        b"gTRC": parametric,
        b"bTRC": parametric,
    }
    table, data = b"", b""
    offset = 128 + 4 + 12 * len(tags)
    for signature, body in tags.items():
        body += bytes(-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    header = (
        struct.pack(">I4sI4s4s4s", offset + len(data), b"", 0x02100000, b"mntr", b"RGB ", b"XYZ ")
        + bytes(12)  # creation date: none
        + b"acsp"
        + bytes(28)  # platform, flags, device, attributes, rendering intent
        + fixed(_D50)
        + bytes(48)  # creator, profile id, reserved
    )
    return header + struct.pack(">I", len(tags)) + table + data
