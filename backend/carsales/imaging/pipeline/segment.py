"""The car matte: two general salient-object models, combined and cleaned up into one car.

Neither model knows what a car is. ISNet (DIS) draws crisp edges but also keeps signs, posts and
background cars that touch the car; U2-Net-p is blurrier and makes different mistakes. Averaging
their probabilities cancels much of what only one of them believes. What remains is shaped by
what a car photo is: one solid object, so only the largest region is kept, and glass that shows
the background through it is still car, so enclosed holes are filled.

Both models look twice: U2-Net-p's quick look at the whole photo finds the car, then both look
again at a crop around it (model_probabilities), which draws the outline finer and leaves out
more of what stands behind the car.

Measured on the development photos (bench/segmentation.py), the plain average beat weighted
averages, logit averaging, guided-filter edge snapping, GrabCut and morphological pruning; the
remaining errors are shared by both models (ground shadow at the tyres, the dark underside of the
sills, objects touching the car), where no combination of the two can help. A small model on
a thin band around the outline (edge_band.py), which also looks at the photo's lightness and
edges, settles part of them.
"""

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import onnxruntime as ort

from carsales.ai.registry import ISNET, U2NETP
from carsales.ai.sessions import get_session
from carsales.imaging.pipeline.edge_band import refine_outline
from carsales.imaging.pipeline.presets import Quality
from carsales.imaging.pipeline.types import RGB, Mask, Matte, f32

U2NETP_SIZE = 320  # the fixed input size of the U2-Net-p export
U2NETP_MEAN = np.array([0.485, 0.456, 0.406], np.float32)
U2NETP_STD = np.array([0.229, 0.224, 0.225], np.float32)
THRESHOLD = 0.5  # probabilities are averaged, so "more likely car than not"
SOFT_EDGE = 0.2  # probabilities 0.5 +- this become the matte's 0..1 edge ramp
WORKING_LONG_SIDE = 1024


@dataclass(frozen=True)
class Effort:
    isnet_long_sides: tuple[int, ...]  # ISNet input sizes (multiples of 32), averaged
    mirror_u2netp: bool  # also run U2-Net-p on the mirrored photo
    zoom: bool  # run the models again on a crop around the car (see model_probabilities)


EFFORT: dict[Quality, Effort] = {
    Quality.low: Effort(isnet_long_sides=(512,), mirror_u2netp=False, zoom=False),
    # ISNet at its native 1024 on the crop draws the outline finest. The mirrored U2-Net-p run,
    # which helps the whole-photo look, adds next to nothing on the crop (measured with ISNet at
    # 768), so its time goes to ISNet instead.
    Quality.medium: Effort(isnet_long_sides=(1024,), mirror_u2netp=False, zoom=True),
    Quality.high: Effort(isnet_long_sides=(640, 1024), mirror_u2netp=True, zoom=True),
}
ZOOM_MARGIN = 0.1  # of the car's size on each side of the crop, for what the first look missed


class Segmenter:
    """Both models, loaded once per process (see carsales.ai.sessions) and safe to share."""

    def __init__(self, isnet: ort.InferenceSession, u2netp: ort.InferenceSession) -> None:
        self._isnet = isnet
        self._u2netp = u2netp

    @classmethod
    def load(cls, model_dir: Path, threads: int = 0) -> "Segmenter":
        """Raises ModelMissingError, naming the install command, if a model is missing."""
        return cls(
            get_session(ISNET.name, model_dir, threads),
            get_session(U2NETP.name, model_dir, threads),
        )

    def isnet(self, rgb: RGB, long_side: int) -> Matte:
        """ISNet's probability at the photo's size; input at `long_side`, aspect kept."""
        height, width = rgb.shape[:2]
        scale = long_side / max(height, width)
        size = (_multiple_of_32(width * scale), _multiple_of_32(height * scale))
        # IMG.LY's preprocessing for these weights: (v - 128) / 256.
        x = (f32(_resize(rgb, size)) - 128) / 256
        (probability,) = self._isnet.run(None, {"input": f32(x.transpose(2, 0, 1)[None])})
        return _resize(probability[0, 0], (width, height))

    def u2netp(self, rgb: RGB) -> Matte:
        """U2-Net-p's probability at the photo's size; its input is a fixed 320x320."""
        height, width = rgb.shape[:2]
        x = _resize(rgb, (U2NETP_SIZE, U2NETP_SIZE)).astype(np.float32)
        x = (x / max(float(x.max()), 1.0) - U2NETP_MEAN) / U2NETP_STD
        (probability, *_) = self._u2netp.run(None, {"input.1": x.transpose(2, 0, 1)[None]})
        saliency = probability[0, 0]
        # The model's saliency is relative: rembg stretches it to 0..1 the same way.
        span = float(saliency.max() - saliency.min())
        saliency = (saliency - saliency.min()) / max(span, 1e-6)
        return _resize(saliency, (width, height))


def segment(rgb: RGB, segmenter: Segmenter, quality: Quality = Quality.medium) -> Matte:
    """The car's matte at the photo's size (0 background, 1 car)."""
    height, width = rgb.shape[:2]
    # The models see at most 1024 pixels anyway: combining at that size and enlarging the final
    # matte once keeps a 12-megapixel photo's memory and time down.
    scale = min(1.0, WORKING_LONG_SIDE / max(height, width))
    small = _resize(rgb, (round(width * scale), round(height * scale))) if scale < 1 else rgb
    matte = fuse(*model_probabilities(small, segmenter, EFFORT[quality]), small)
    return _resize(matte, (width, height)) if scale < 1 else matte


def model_probabilities(rgb: RGB, segmenter: Segmenter, effort: Effort) -> tuple[Matte, Matte]:
    """ISNet's and U2-Net-p's car probabilities at the photo's size, each averaged over its runs.

    With `zoom`, U2-Net-p's quick look at the whole photo finds the car, and both models then
    look again at a crop around it: the car fills more of their fixed-size input, so its
    outline is drawn with more pixels, and less of the street competes with it for salience.
    Outside the crop nothing is car. Should the car reach the crop's edge inside the photo,
    the first look cut it short and the whole photo is used instead.
    """
    u2netp_whole = segmenter.u2netp(rgb)
    if not effort.zoom:
        return _isnet_and_u2netp(rgb, segmenter, effort, [u2netp_whole])
    height, width = rgb.shape[:2]
    top, bottom, left, right = car_box(u2netp_whole >= THRESHOLD, ZOOM_MARGIN)
    crop = np.ascontiguousarray(rgb[top:bottom, left:right])
    isnet_crop, u2netp_crop = _isnet_and_u2netp(crop, segmenter, effort, [])
    found = keep_main_object((isnet_crop + u2netp_crop) / 2 >= THRESHOLD)
    cut_short = (
        (top > 0 and found[0].any())
        or (bottom < height and found[-1].any())
        or (left > 0 and found[:, 0].any())
        or (right < width and found[:, -1].any())
    )
    if cut_short:
        return _isnet_and_u2netp(rgb, segmenter, effort, [u2netp_whole])
    isnet, u2netp_zoomed = np.zeros((2, height, width), np.float32)
    isnet[top:bottom, left:right] = isnet_crop
    u2netp_zoomed[top:bottom, left:right] = u2netp_crop
    # The crop's U2-Net-p runs outweigh the whole-photo one as they outnumber it.
    runs = 2 if effort.mirror_u2netp else 1
    return isnet, f32((u2netp_whole + runs * u2netp_zoomed) / (runs + 1))


def _isnet_and_u2netp(
    rgb: RGB, segmenter: Segmenter, effort: Effort, u2netp_runs: list[Matte]
) -> tuple[Matte, Matte]:
    """Both models' probabilities averaged over the effort's runs, plus any U2-Net-p runs
    already made on this same image."""
    isnet = f32(np.mean([segmenter.isnet(rgb, s) for s in effort.isnet_long_sides], axis=0))
    runs = u2netp_runs or [segmenter.u2netp(rgb)]
    if effort.mirror_u2netp:
        # U2-Net-p sees a 320x320 thumbnail; its errors there are not mirror-symmetric, while a
        # car's outline nearly is. (ISNet gains nothing from this: measured on the bench.)
        runs = [*runs, segmenter.u2netp(np.ascontiguousarray(rgb[:, ::-1]))[:, ::-1]]
    return isnet, f32(np.mean(runs, axis=0))


def car_box(mask: Mask, margin: float) -> tuple[int, int, int, int]:
    """Top, bottom, left and right (exclusive) of the largest region, grown by `margin` of its
    size and a few pixels on each side; the whole photo when there is no region."""
    height, width = mask.shape
    rows, columns = np.nonzero(keep_main_object(mask))
    if rows.size == 0:
        return 0, height, 0, width
    top, bottom = int(rows.min()), int(rows.max()) + 1
    left, right = int(columns.min()), int(columns.max()) + 1
    grow_y = round((bottom - top) * margin) + 4
    grow_x = round((right - left) * margin) + 4
    return (
        max(top - grow_y, 0),
        min(bottom + grow_y, height),
        max(left - grow_x, 0),
        min(right + grow_x, width),
    )


def fuse(isnet: Matte, u2netp: Matte, rgb: RGB | None = None) -> Matte:
    """Combine the two models' probabilities into one car matte; given the photo, the pixels
    near the outline are decided again from it (edge_band.py)."""
    probability = f32((isnet + u2netp) / 2)
    main = keep_main_object(probability >= THRESHOLD)
    if rgb is not None:
        decided, probability = refine_outline(rgb, isnet, u2netp, fill_enclosed_holes(main))
        main = keep_main_object(decided)
    car = fill_enclosed_holes(main)
    # A soft ramp across the outline (anti-aliasing, not transparency), nothing away from it.
    ramp = np.clip((probability - THRESHOLD) / (2 * SOFT_EDGE) + 0.5, 0, 1)
    near = cv2.dilate(main.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    # The matte crosses one half exactly on the kept outline, so thresholding it gives `car`.
    edge = np.where(main, np.maximum(ramp, 0.5), np.minimum(ramp, 0.499) * near)
    return f32(np.where(car & ~main, 1.0, edge))


def keep_main_object(mask: Mask) -> Mask:
    """The largest connected region: the photo's subject. Other cars, signs and clutter that
    the models found elsewhere in the frame are dropped."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        mask.astype(np.uint8), connectivity=8
    )
    if count <= 1:
        return mask
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    return np.asarray(labels == largest)


def fill_enclosed_holes(mask: Mask) -> Mask:
    """Fill background regions that do not reach the photo's border (windows, wheel spokes)."""
    background = (~mask).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(background, connectivity=4)
    height, width = mask.shape
    left, top = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    right = left + stats[:, cv2.CC_STAT_WIDTH]
    bottom = top + stats[:, cv2.CC_STAT_HEIGHT]
    enclosed = (left > 0) & (top > 0) & (right < width) & (bottom < height)
    enclosed[0] = False  # label 0 is the car itself
    return np.asarray(mask | enclosed[labels])


def _multiple_of_32(value: float) -> int:
    return max(32, round(value / 32) * 32)


def _resize(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Resize to (width, height): area averaging when shrinking, bilinear when enlarging."""
    shrinking = size[0] < image.shape[1]
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR)
