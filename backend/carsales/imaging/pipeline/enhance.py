"""Photo enhancement: white balance, exposure and contrast, denoise, sharpen; each switchable.

Every step is deliberately mild: a dealer's photo should look like a well-taken photo of the same
car, not a filtered one. The paint is what a buyer judges, so the car's colour is never changed:
the colour cast of the scene is estimated from neutral pixels outside the car (grey walls and
tarmac, white-ish areas), and inside the car only lightness changes (exposure and contrast), its
chroma and hue stay those of the photo. Tyres and glass keep their own colour with the body.
"""

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from carsales.imaging.pipeline.types import RGB, Matte, f32, u8

WHITE_BALANCE_STRENGTH = 0.7  # share of the measured colour cast that is removed
MAX_CAST_CHROMA = 8.0  # at most this much cast (CIELAB a*b* units) is removed: a cap, not a goal
NEUTRAL_CHROMA = (20.0, 12.0, 8.0)  # what counts as neutral, narrowing as the estimate improves
MIN_NEUTRAL_SHARE = 0.01  # of the photo; fewer neutral references and the cast is left alone
CAR_CLEARANCE = 0.02  # of the photo's long side: the car's own reflections and edges stay out
# The cast is one number for the whole photo: it is measured on a copy of at most this size.
MEASURE_LONG_SIDE = 800
CLAHE_CLIP = 1.6
CLAHE_TILES = 8
# Inside the car the contrast step moves lightness by at most this (L*, 0..100): a black car
# stays black, a dark red stays dark.
MAX_CAR_LIGHTNESS_CHANGE = 10.0
SHARPEN_AMOUNT = 0.5

Floats = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Enhancements:
    white_balance: bool = True
    contrast: bool = True
    denoise: bool = True
    sharpen: bool = True

    @classmethod
    def none(cls) -> "Enhancements":
        return cls(white_balance=False, contrast=False, denoise=False, sharpen=False)


def enhance(rgb: RGB, steps: Enhancements, car: Matte | None = None) -> RGB:
    """`car`: the car's matte (0 background, 1 car). Without it nothing tells paint from scene,
    so the colour cast is left alone and only exposure, contrast, noise and sharpness change."""
    out = rgb
    if steps.denoise:
        # First, so that white balance and contrast do not amplify the noise.
        out = denoise(out)
    paint = out
    if steps.white_balance and car is not None:
        out = white_balance(out, car)
    if steps.contrast or out is not paint:
        # Sharpening comes after: it moves no region's colour, only its edges' contrast.
        out = local_contrast(out, steps.contrast, None if car is None else (paint, car))
    if steps.sharpen:
        out = sharpen(out)
    return out


def white_balance(rgb: RGB, car: Matte) -> RGB:
    """Remove part of the scene's colour cast, measured on neutral pixels away from the car.

    A cast is an illuminant's tint, so it is removed as a gain per channel in linear light (von
    Kries): dark pixels (tyres, shadows) move little, unlike a shift of a* and b*. Pixels are
    neutral references when their chroma, once the current estimate is removed, is small; the
    threshold narrows over three rounds so that a strong cast is still found. The strength is
    capped (MAX_CAST_CHROMA): a wall painted a warm grey must not turn the photo blue.
    """
    small, small_car = _measuring_copy(rgb, car)
    references = _neutral_candidates(small, small_car)
    if references.sum() < MIN_NEUTRAL_SHARE * references.size:
        return rgb
    linear = _to_linear(f32(small[references]) / np.float32(255))
    gains = np.ones(3, np.float32)
    for threshold in NEUTRAL_CHROMA:
        corrected = np.clip(linear * gains, 0, 1)
        lab = _lab_of_linear(corrected)
        neutral = np.hypot(lab[:, 1], lab[:, 2]) < threshold
        if neutral.sum() < MIN_NEUTRAL_SHARE * references.size:
            return rgb
        mean = linear[neutral].mean(axis=0)
        # Keep the luminance of the references: only their colour is corrected.
        gains = f32(_luminance(mean) / np.maximum(mean, 1e-6))
    cast = _lab_of_linear(f32(linear[neutral].mean(axis=0, keepdims=True)))[0]
    chroma = float(np.hypot(cast[1], cast[2]))
    strength = WHITE_BALANCE_STRENGTH * min(1.0, MAX_CAST_CHROMA / max(chroma, 1e-6))
    # An 8-bit photo has 256 values per channel: the gains become a lookup table.
    levels = _to_linear(np.arange(256, dtype=np.float32) / np.float32(255))[:, None]
    table = _to_srgb(np.clip(levels * f32(gains**strength), 0, 1))
    lut = u8(np.round(table * 255))[None]  # 1 x 256 x 3: one table per channel
    return u8(cv2.LUT(rgb, lut))


def local_contrast(
    rgb: RGB, contrast: bool = True, keep_paint: tuple[RGB, Matte] | None = None
) -> RGB:
    """Exposure and contrast by CLAHE on the lightness only, so colours keep their hue.

    `keep_paint` = (paint, car matte): inside the car, a* and b* are taken from `paint` (the
    photo before white balance), weighted by the matte, so that only its lightness changes."""
    lab = u8(cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB))
    lightness = lab[..., 0].copy()
    if contrast:
        clahe = cv2.createCLAHE(clipLimit=CLAHE_CLIP, tileGridSize=(CLAHE_TILES, CLAHE_TILES))
        lab[..., 0] = clahe.apply(np.ascontiguousarray(lab[..., 0]))
    if keep_paint is not None:
        _paint_back(lab, lightness, *keep_paint)
    return u8(cv2.cvtColor(lab, cv2.COLOR_LAB2RGB))


def _paint_back(lab: RGB, lightness: npt.NDArray[np.uint8], paint: RGB, car: Matte) -> None:
    """In place: the car's a* and b* (OpenCV's 8-bit Lab) from `paint`, with a soft edge.

    Its lightness changes by at most MAX_CAR_LIGHTNESS_CHANGE (`lightness`: L before the contrast
    step). A saturated paint made lighter at the same a* and b* can leave the sRGB gamut, and
    clipping would then dull it (a deep red loses chroma): there the lightness change is halved,
    and dropped if still needed."""
    rows = np.flatnonzero(car.max(axis=1) > 0.002)
    if rows.size == 0:
        return
    columns = np.flatnonzero(car.max(axis=0) > 0.002)
    # Only the car's box, widened by the blur's reach: a 12-megapixel photo needs no
    # 12-megapixel float copies.
    reach = 4
    height, width = car.shape
    box = np.s_[
        max(rows[0] - reach, 0) : min(rows[-1] + reach + 1, height),
        max(columns[0] - reach, 0) : min(columns[-1] + reach + 1, width),
    ]
    weight = f32(cv2.GaussianBlur(np.ascontiguousarray(car[box]), (0, 0), 1.0))
    # Inside the car the matte is 1 and values are copied; only its soft edge is blended.
    car_part, whole = weight > 0.005, weight >= 0.995
    edge = car_part & ~whole
    edge_weight = weight[edge][:, None]
    region = np.ascontiguousarray(lab[box])
    old = lightness[box].astype(np.int16)

    paint_ab = cv2.cvtColor(np.ascontiguousarray(paint[box]), cv2.COLOR_RGB2LAB)[..., 1:]
    chroma = region[..., 1:]
    np.copyto(chroma, paint_ab, where=whole[..., None])
    chroma[edge] = u8(np.round(edge_weight * paint_ab[edge] + (1 - edge_weight) * chroma[edge]))

    change = region[..., 0].astype(np.int16) - old
    cap = round(MAX_CAR_LIGHTNESS_CHANGE * 255 / 100)
    limited = np.clip(change, -cap, cap)
    blended = np.round(edge_weight[:, 0] * limited[edge] + (1 - edge_weight[:, 0]) * change[edge])
    limited[edge] = blended.astype(np.int16)
    limited[~car_part] = change[~car_part]
    region[..., 0] = u8(np.clip(old + limited, 0, 255))

    outside = _outside_gamut(region) & car_part
    for share in (0.5, 0.0):
        if not outside.any():
            break
        lighter = region[..., 0][outside].astype(np.int16)
        region[..., 0][outside] = u8(np.round(old[outside] + share * (lighter - old[outside])))
        # Only the pixels just moved can still be outside: check those alone again.
        outside[outside] = _outside_gamut(region[outside][None])[0]
    lab[box] = region


def _outside_gamut(lab: RGB) -> npt.NDArray[np.bool_]:
    """Where sRGB cannot show these OpenCV 8-bit Lab colours: converted to sRGB (which clips)
    and back, their a* or b* moves by more than the rounding."""
    back = cv2.cvtColor(cv2.cvtColor(lab, cv2.COLOR_LAB2RGB), cv2.COLOR_RGB2LAB)
    moved = cv2.absdiff(back, lab)
    return np.asarray(np.maximum(moved[..., 1], moved[..., 2]) > 2, dtype=np.bool_)


def denoise(rgb: RGB) -> RGB:
    """An edge-preserving bilateral filter: removes sensor noise, keeps panel lines."""
    sigma_space = max(rgb.shape[:2]) / 1000  # about 1 px at phone-photo sizes divided by 4
    return u8(cv2.bilateralFilter(rgb, d=5, sigmaColor=12, sigmaSpace=max(sigma_space, 1.0)))


def sharpen(rgb: RGB) -> RGB:
    """Unsharp mask with a radius that scales with the image."""
    sigma = max(max(rgb.shape[:2]) / 2000, 0.8)
    blurred = cv2.GaussianBlur(rgb, (0, 0), sigmaX=sigma)
    return u8(cv2.addWeighted(rgb, 1 + SHARPEN_AMOUNT, blurred, -SHARPEN_AMOUNT, 0))


def _measuring_copy(rgb: RGB, car: Matte) -> tuple[RGB, Matte]:
    height, width = rgb.shape[:2]
    scale = MEASURE_LONG_SIDE / max(height, width)
    if scale >= 1:
        return rgb, car
    size = (max(round(width * scale), 1), max(round(height * scale), 1))
    return (
        u8(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)),
        f32(cv2.resize(car, size, interpolation=cv2.INTER_AREA)),
    )


def _neutral_candidates(rgb: RGB, car: Matte) -> npt.NDArray[np.bool_]:
    """Pixels that may show the illuminant: away from the car, neither clipped nor black."""
    radius = max(round(CAR_CLEARANCE * max(rgb.shape[:2])), 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
    near_car = cv2.dilate((car > 0.05).astype(np.uint8), kernel).astype(bool)
    brightest, darkest = rgb.max(axis=2), rgb.min(axis=2)
    return np.asarray(~near_car & (brightest < 250) & (darkest > 40), dtype=np.bool_)


def _lab_of_linear(linear: Floats) -> Floats:
    srgb = _to_srgb(linear)[None]
    return f32(cv2.cvtColor(f32(srgb), cv2.COLOR_RGB2LAB)[0])


def _luminance(linear: Floats) -> float:
    return float(linear @ np.array([0.2126, 0.7152, 0.0722], np.float32))


def _to_linear(srgb: Floats) -> Floats:
    return f32(np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4))


def _to_srgb(linear: Floats) -> Floats:
    return f32(np.where(linear <= 0.0031308, linear * 12.92, 1.055 * linear ** (1 / 2.4) - 0.055))
