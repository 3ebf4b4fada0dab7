"""A second look at the car's outline: a small per-pixel model on a thin band around it.

The averaged probabilities put the outline within a pixel or two of the truth almost everywhere;
what is left is mostly at the bottom of the car, where the sill, the tyres and their shadow meet
the ground and neither model is sure. There, how light the pixel is and where the strongest
light-to-dark edge runs say more than the models do. A logistic regression over a few such
features decides the pixels within a few pixels of the fused outline; everything further away
keeps the fused answer.

Its coefficients were fitted on the development photos (`python -m bench.segmentation
--fit-band`). Fitted on one half and scored on the other it gained as much as on the photos it saw
(the measured figures are in docs/imaging.md), so it has learnt the kind of edge, not the photos.
Richer models (a small neural network on more features) fitted their half better and the other
half worse, and alpha matting on the same band lost to the plain outline: the masks are drawn by
hand to 1-3 pixels, which is the scale this step works at.
"""

import cv2
import numpy as np
import numpy.typing as npt

from carsales.imaging.pipeline.types import RGB, Mask, Matte, f32

Floats = npt.NDArray[np.float32]

REFERENCE_LONG_SIDE = 480  # the photos the coefficients were fitted on
BAND_PX = 3  # at the reference size: the band's half-width around the fused outline
LOW_START = 0.7  # the bottom 30 % of the car's height is where sills, tyres and shadow are

FEATURES = (
    "isnet_logit",
    "u2netp_logit",
    "signed_distance",
    "low",
    "isnet_logit_low",
    "u2netp_logit_low",
    "lightness",
    "lightness_low",
    "gradient",
    "vertical_gradient_low",
)

# Fitted by bench/segmentation.py --fit-band on the 65 development photos: feature means and
# standard deviations (the model sees standardised features), then the weights and the bias.
# Refitted when the car-aware model's vehicle became the first look (segment.py), as U2-Net-p
# no longer averages in its whole-photo look.
MEANS = np.array(
    [-0.08204, 0.14276, -0.00589, 0.2451, -0.12489, 0.05065, 0.34589, 0.04006, 0.59347, 0.01265],
    np.float32,
)
SCALES = np.array(
    [2.94192, 3.11304, 0.67648, 0.32297, 1.09279, 1.20564, 0.26687, 0.09584, 0.60963, 0.28449],
    np.float32,
)
WEIGHTS = np.array(
    [1.88133, 1.58434, 0.00953, -0.18364, -0.25185, 0.56682, 0.34251, 0.16365, 0.19279, -0.22855],
    np.float32,
)
BIAS = -0.11078


def band_features(rgb: RGB, isnet: Matte, u2netp: Matte, car: Mask) -> tuple[Floats, Mask]:
    """The features of the pixels near the outline of `car` (one row each), and where they are."""
    height, width = car.shape
    scale = max(height, width) / REFERENCE_LONG_SIDE
    band_px = BAND_PX * scale
    inside = car.astype(np.uint8)
    distance_in = cv2.distanceTransform(inside, cv2.DIST_L2, 5)
    distance_out = cv2.distanceTransform(1 - inside, cv2.DIST_L2, 5)
    signed = np.where(car, distance_in, -distance_out)
    band = np.abs(signed) <= band_px
    rows = np.nonzero(car.any(axis=1))[0]
    top, bottom = (int(rows[0]), int(rows[-1])) if rows.size else (0, height - 1)
    height_in_car = (np.arange(height, dtype=np.float32) - top) / max(bottom - top, 1)
    low = np.clip((height_in_car - LOW_START) / (1 - LOW_START), 0, 1.2)[:, None]
    lightness, gradient, vertical = _lightness_and_gradients(rgb)
    isnet_logit, u2netp_logit = _logit(isnet), _logit(u2netp)
    ones = np.ones((1, width), np.float32)
    columns = (
        isnet_logit,
        u2netp_logit,
        np.clip(signed / band_px, -1, 1),
        low * ones,
        isnet_logit * low,
        u2netp_logit * low,
        lightness,
        lightness * low,
        gradient,
        vertical * low,
    )
    return f32(np.stack([c[band] for c in columns], axis=-1)), band


def car_probability(features: Floats) -> Floats:
    """The model's probability that each featured pixel is car."""
    z = ((features - MEANS) / SCALES) @ WEIGHTS + BIAS
    return f32(1 / (1 + np.exp(-z)))


def refine_outline(rgb: RGB, isnet: Matte, u2netp: Matte, car: Mask) -> tuple[Mask, Matte]:
    """`car` with the band around its outline decided again, and the band's probabilities
    (0 or 1 away from the band)."""
    features, band = band_features(rgb, isnet, u2netp, car)
    probability = f32(car.copy())
    probability[band] = car_probability(features)
    return np.asarray(probability >= 0.5), probability


def _lightness_and_gradients(rgb: RGB) -> tuple[Floats, Floats, Floats]:
    """CIELAB lightness (0..1) and its Sobel gradient magnitude and vertical component, measured
    at the reference size so that an edge has the same strength in a large photo."""
    height, width = rgb.shape[:2]
    lightness = f32(cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB)[..., 0]) / np.float32(255)
    scale = REFERENCE_LONG_SIDE / max(height, width)
    small = lightness
    if abs(scale - 1) > 0.05:
        size = (max(round(width * scale), 1), max(round(height * scale), 1))
        small = f32(cv2.resize(lightness, size, interpolation=cv2.INTER_AREA))
    gx = cv2.Sobel(small, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(small, cv2.CV_32F, 0, 1)
    gradient = f32(np.sqrt(gx * gx + gy * gy))
    if small is not lightness:
        gradient = f32(cv2.resize(gradient, (width, height), interpolation=cv2.INTER_LINEAR))
        gy = f32(cv2.resize(gy, (width, height), interpolation=cv2.INTER_LINEAR))
    return lightness, gradient, f32(gy)


def _logit(probability: Matte) -> Floats:
    p = np.clip(probability, 1e-3, 1 - 1e-3)
    return f32(np.log(p / (1 - p)))


def fit(features: Floats, truth: Mask, l2: float = 1e-3) -> tuple[Floats, Floats, Floats, float]:
    """Means, scales, weights and bias of an L2-regularised logistic regression (Newton's
    method), for bench/segmentation.py --fit-band."""
    means = features.mean(axis=0)
    scales = features.std(axis=0) + 1e-6
    x = np.hstack([(features - means) / scales, np.ones((len(features), 1), np.float32)])
    x64, y = x.astype(np.float64), truth.astype(np.float64)
    w = np.zeros(x.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-(x64 @ w)))
        gradient = x64.T @ (p - y) / len(y) + l2 * w
        hessian = (x64 * (p * (1 - p))[:, None]).T @ x64 / len(y) + l2 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return f32(means), f32(scales), f32(w[:-1]), float(w[-1])
