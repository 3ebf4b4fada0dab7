"""Photo enhancement: white balance, exposure and contrast, denoise, sharpen; each switchable.

Every step is deliberately mild: a dealer's photo should look like a well-taken photo of the same
car, not a filtered one (colour accuracy matters when selling a car).
"""

from dataclasses import dataclass

import cv2
import numpy as np

from carsales.imaging.pipeline.types import RGB, u8

WHITE_BALANCE_STRENGTH = 0.7  # share of the measured colour cast that is removed
CLAHE_CLIP = 1.6
CLAHE_TILES = 8
SHARPEN_AMOUNT = 0.5


@dataclass(frozen=True)
class Enhancements:
    white_balance: bool = True
    contrast: bool = True
    denoise: bool = True
    sharpen: bool = True

    @classmethod
    def none(cls) -> "Enhancements":
        return cls(white_balance=False, contrast=False, denoise=False, sharpen=False)


def enhance(rgb: RGB, steps: Enhancements) -> RGB:
    out = rgb
    if steps.denoise:
        # First, so that white balance and contrast do not amplify the noise.
        out = denoise(out)
    if steps.white_balance:
        out = white_balance(out)
    if steps.contrast:
        out = local_contrast(out)
    if steps.sharpen:
        out = sharpen(out)
    return out


def white_balance(rgb: RGB) -> RGB:
    """Grey-world in Lab on the mid-tones: shift a* and b* so that their means move to neutral."""
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
    lightness = lab[..., 0]
    # Highlights are clipped and shadows are noisy: neither says much about the illuminant.
    midtones = (lightness > 40) & (lightness < 220)
    if not midtones.any():
        return rgb
    for channel in (1, 2):
        cast = lab[..., channel][midtones].mean() - 128
        lab[..., channel] -= WHITE_BALANCE_STRENGTH * cast
    return u8(cv2.cvtColor(u8(np.clip(lab, 0, 255)), cv2.COLOR_LAB2RGB))


def local_contrast(rgb: RGB) -> RGB:
    """Exposure and contrast by CLAHE on the lightness only, so colours keep their hue."""
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB)
    clahe = cv2.createCLAHE(clipLimit=CLAHE_CLIP, tileGridSize=(CLAHE_TILES, CLAHE_TILES))
    lab[..., 0] = clahe.apply(np.ascontiguousarray(lab[..., 0]))
    return u8(cv2.cvtColor(lab, cv2.COLOR_LAB2RGB))


def denoise(rgb: RGB) -> RGB:
    """An edge-preserving bilateral filter: removes sensor noise, keeps panel lines."""
    sigma_space = max(rgb.shape[:2]) / 1000  # about 1 px at phone-photo sizes divided by 4
    return u8(cv2.bilateralFilter(rgb, d=5, sigmaColor=12, sigmaSpace=max(sigma_space, 1.0)))


def sharpen(rgb: RGB) -> RGB:
    """Unsharp mask with a radius that scales with the image."""
    sigma = max(max(rgb.shape[:2]) / 2000, 0.8)
    blurred = cv2.GaussianBlur(rgb, (0, 0), sigmaX=sigma)
    return u8(cv2.addWeighted(rgb, 1 + SHARPEN_AMOUNT, blurred, -SHARPEN_AMOUNT, 0))
