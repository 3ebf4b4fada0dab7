"""Edge clean-up of the cut-out: the old background's colour out of the car's edge pixels."""

import cv2
import numpy as np
import numpy.typing as npt

from carsales.imaging.pipeline.types import RGB, Matte, f32, u8

Floats = npt.NDArray[np.float32]


# The local colour means are smooth, so they are estimated on a copy of at most this size and
# only the edge pixels are computed at full size: a 12-megapixel photo needs no 12-megapixel
# float buffers.
WORKING_LONG_SIDE = 1000


def decontaminate(rgb: RGB, matte: Matte) -> RGB:
    """Remove the old background's colour from the car's semi-transparent edge pixels.

    An edge pixel is a blend alpha*F + (1 - alpha)*B of car and background; composited on a new
    background, the old B shows as a halo. F is estimated by blur fusion (Forte and Pitie 2020):
    local means of the known car and background colours, large windows then small ones.
    """
    ys, xs = np.nonzero((matte > 0.01) & (matte < 0.99))
    if ys.size == 0:
        return rgb
    height, width = matte.shape
    scale = min(1.0, WORKING_LONG_SIDE / max(height, width))
    size = (max(round(width * scale), 1), max(round(height * scale), 1))
    small_alpha = f32(cv2.resize(matte, size, interpolation=cv2.INTER_AREA))
    small_image = f32(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)) / np.float32(255)
    foreground, background = small_image, small_image
    for radius in (90, 6):  # in pixels of a 1000-pixel-wide photo, as in the paper
        scaled = max(round(radius * max(size) / 1000), 1)
        mean_f, mean_b = _local_means(foreground, background, small_alpha, scaled)
        weight = small_alpha[..., None]
        foreground = f32(np.clip(_estimate(small_image, weight, mean_f, mean_b), 0, 1))
        background = mean_b
    # Nearest sample of the smooth means at each full-size edge pixel.
    sy = np.minimum((ys * scale).astype(int), size[1] - 1)
    sx = np.minimum((xs * scale).astype(int), size[0] - 1)
    alpha = matte[ys, xs][:, None]
    pixels = f32(rgb[ys, xs]) / np.float32(255)
    estimate = _estimate(pixels, alpha, mean_f[sy, sx], mean_b[sy, sx])
    out = rgb.copy()
    out[ys, xs] = u8(np.round(np.clip(estimate, 0, 1) * 255))
    return out


def _local_means(
    foreground: Floats, background: Floats, alpha: Matte, radius: int
) -> tuple[Floats, Floats]:
    """Alpha-weighted local means of the car colours and of the background colours."""

    def blur(x: Floats) -> Floats:
        return f32(cv2.blur(x, (radius, radius)))

    weight = alpha[..., None]
    blurred_alpha = blur(alpha)[..., None]
    mean_f = blur(foreground * weight) / (blurred_alpha + 1e-5)
    mean_b = blur(background * (1 - weight)) / (1 - blurred_alpha + 1e-5)
    return f32(mean_f), f32(mean_b)


def _estimate(image: Floats, alpha: Floats, mean_f: Floats, mean_b: Floats) -> Floats:
    """F = mean_F + alpha * (I - alpha * mean_F - (1 - alpha) * mean_B)."""
    return f32(mean_f + alpha * (image - alpha * mean_f - (1 - alpha) * mean_b))
