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

A third, car-aware model (instances.py) finds the vehicles in the photo and their outlines. Its
masks are blocky, but it knows which object is a vehicle: it picks the photo's main car, its
outline removes what the salient-object models fused onto the car (a bin or a sign touching it,
keep_vehicle), and where they lost much of the body (a white or chrome car on a light
background, a dark wrap on a white car) its interior is put back (body_lost). Its vehicle is
also the first look that the crop is taken around. Without a vehicle in the photo, or with only
a small one that is not what the photo is about (is_subject), the matte is made as before.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import onnxruntime as ort

from carsales.ai.registry import ISNET, U2NETP, VEHICLES
from carsales.ai.sessions import get_session
from carsales.imaging.pipeline.edge_band import refine_outline
from carsales.imaging.pipeline.instances import Instance, Vehicle, decode, letterbox, main_vehicle
from carsales.imaging.pipeline.presets import Quality
from carsales.imaging.pipeline.types import RGB, Mask, Matte, f32

U2NETP_SIZE = 320  # the fixed input size of the U2-Net-p export
U2NETP_MEAN = np.array([0.485, 0.456, 0.406], np.float32)
U2NETP_STD = np.array([0.229, 0.224, 0.225], np.float32)
THRESHOLD = 0.5  # probabilities are averaged, so "more likely car than not"
SOFT_EDGE = 0.2  # probabilities 0.5 +- this become the matte's 0..1 edge ramp
RAMP_REACH = np.ones((5, 5), np.uint8)  # the ramp outside the outline reaches 2 px, corners too
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
# U2-Net-p squeezes any image into its square input. A car's crop is long and low (2.5-3.5 times
# as wide as high), and stretched that much upright U2-Net-p took the shadow or floor under the
# sill with the car, a strip 3-10 px high between the wheels (its look at the whole 4:3 photo
# did not). So U2-Net-p sees the crop widened into the photo above and below to at most this
# aspect, and its answer is read back inside the crop alone (docs/imaging.md, 2:1 measured
# against 1.6:1 and against letterboxing).
U2NETP_MAX_STRETCH = 2.0


# The car-aware model's outline is blocky (a 480x360 photo's car is about 130 prototype pixels
# long), so it is trusted at the scale of the car, as fractions of the main vehicle's long side:
VEHICLE_REACH = 0.02  # pieces of the matte within this of its outline are the car's (mirrors)
VEHICLE_FAR = 0.06  # a piece reaching further out than this is something else: removed
VEHICLE_INTERIOR = 0.04  # the outline shrunk by this is surely body
LOST_SHARE = 0.2  # the matte misses this share of the vehicle: it lost part of the body
# A main vehicle under this share of the photo is checked against the photo's salient object
# (is_subject). The development photos' main vehicles cover 14 % or more.
SUBJECT_CHECK_SHARE = 0.1
# A piece of the final matte smaller than this share of the largest is a speck, not a car part
# (a mirror apart from the body is 0.5-1 % of it).
SPECK_SHARE = 0.002


@dataclass(frozen=True)
class Segmentation:
    """The car's matte and the vehicles the car-aware model found (boxes in photo pixels)."""

    matte: Matte
    vehicles: tuple[Vehicle, ...] = ()  # best score first
    # The one cut out; None: none found, or none the photo is about (is_subject), so the
    # salient object was cut out.
    main: int | None = None


class Segmenter:
    """The three models, loaded once per process (see carsales.ai.sessions), safe to share."""

    def __init__(
        self,
        isnet: ort.InferenceSession,
        u2netp: ort.InferenceSession,
        vehicles: ort.InferenceSession,
    ) -> None:
        self._isnet = isnet
        self._u2netp = u2netp
        self._vehicles = vehicles

    @classmethod
    def load(cls, model_dir: Path, threads: int = 0) -> "Segmenter":
        """Raises ModelMissingError, naming the install command, if a model is missing."""
        return cls(
            get_session(ISNET.name, model_dir, threads),
            get_session(U2NETP.name, model_dir, threads),
            get_session(VEHICLES.name, model_dir, threads),
        )

    def vehicles(self, rgb: RGB) -> list[Instance]:
        """The vehicles in the photo (bikes excluded), best score first, masks at its size."""
        x, frame = letterbox(rgb)
        candidates, prototypes = self._vehicles.run(None, {"images": x})
        return decode(candidates, prototypes, frame)

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
        # Only the fused output: the six side outputs would cost 6 % more, unused.
        fused = self._u2netp.get_outputs()[0].name
        (probability,) = self._u2netp.run([fused], {"input.1": x.transpose(2, 0, 1)[None]})
        saliency = probability[0, 0]
        # The model's saliency is relative: rembg stretches it to 0..1 the same way.
        span = float(saliency.max() - saliency.min())
        saliency = (saliency - saliency.min()) / max(span, 1e-6)
        return _resize(saliency, (width, height))


def segment(rgb: RGB, segmenter: Segmenter, quality: Quality = Quality.medium) -> Matte:
    """The car's matte at the photo's size (0 background, 1 car)."""
    return segment_car(rgb, segmenter, quality).matte


def segment_car(rgb: RGB, segmenter: Segmenter, quality: Quality = Quality.medium) -> Segmentation:
    """The main car's matte at the photo's size, and the vehicles found."""
    height, width = rgb.shape[:2]
    # The models see at most 1024 pixels anyway: combining at that size and enlarging the final
    # matte once keeps a 12-megapixel photo's memory and time down.
    scale = min(1.0, WORKING_LONG_SIDE / max(height, width))
    small = _resize(rgb, (round(width * scale), round(height * scale))) if scale < 1 else rgb
    instances = segmenter.vehicles(small)
    main = main_vehicle(instances)
    whole_look: list[Matte] = []  # U2-Net-p on the whole photo, once asked for

    def saliency() -> Matte:
        if not whole_look:
            whole_look.append(segmenter.u2netp(small))
        return whole_look[0]

    if main is not None and not is_subject(instances[main].mask, saliency):
        main = None
    vehicle = instances[main].mask if main is not None else None
    probabilities = model_probabilities(small, segmenter, EFFORT[quality], vehicle, whole_look)
    matte = fuse(*probabilities, small, vehicle)
    vehicles = tuple(_in_photo(instance.vehicle, 1 / scale) for instance in instances)
    return Segmentation(_resize(matte, (width, height)) if scale < 1 else matte, vehicles, main)


def is_subject(vehicle: Mask, saliency: Callable[[], Matte]) -> bool:
    """Whether the main vehicle found is what the photo is about.

    The vehicle model was fine-tuned on traffic. It can miss a car that fills the frame (a
    close rear view) and find only a car at the photo's side or far behind it; cutting that
    one out would lose the photo's subject. So a small vehicle (under SUBJECT_CHECK_SHARE of
    the photo) is checked against the photo's salient object (`saliency`, asked for only
    then): an object more than twice the vehicle's size that covers less than half of it is
    what the photo is about, and the vehicle is not.
    """
    size = int(vehicle.sum())
    if size >= SUBJECT_CHECK_SHARE * vehicle.size:
        return True
    salient = keep_main_object(saliency() >= THRESHOLD)
    return not (salient.sum() > 2 * size and (salient & vehicle).sum() < size / 2)


def _in_photo(vehicle: Vehicle, factor: float) -> Vehicle:
    left, top, right, bottom = (round(value * factor, 1) for value in vehicle.box)
    return Vehicle(vehicle.kind, round(vehicle.score, 3), (left, top, right, bottom))


def model_probabilities(
    rgb: RGB,
    segmenter: Segmenter,
    effort: Effort,
    vehicle: Mask | None = None,
    u2netp_whole: Sequence[Matte] = (),
) -> tuple[Matte, Matte]:
    """ISNet's and U2-Net-p's car probabilities at the photo's size, each averaged over its runs.

    With `zoom`, a first look finds the car, and both models then look again at a crop around
    it: the car fills more of their fixed-size input, so its outline is drawn with more pixels,
    and less of the street competes with it for salience. Outside the crop nothing is car.
    Should the car reach the crop's edge inside the photo, the first look cut it short and the
    whole photo is used instead. The first look is the main `vehicle` found by the car-aware
    model; without one, U2-Net-p's quick look at the whole photo, which then also counts in
    U2-Net-p's average. U2-Net-p sees the crop widened to at most U2NETP_MAX_STRETCH.
    `u2netp_whole`: U2-Net-p's look at the whole photo where it was already taken, not taken
    again.
    """
    taken = list(u2netp_whole)
    if not effort.zoom:
        return _isnet_and_u2netp(rgb, segmenter, effort, taken)
    if vehicle is not None and vehicle.any():
        averaged: list[Matte] = []  # the whole-photo look is not averaged in (below)
        first_look = vehicle
    else:
        taken = averaged = taken or [segmenter.u2netp(rgb)]
        first_look = averaged[0] >= THRESHOLD
    height, width = rgb.shape[:2]
    top, bottom, left, right = car_box(first_look, ZOOM_MARGIN)
    crop = np.ascontiguousarray(rgb[top:bottom, left:right])
    isnet_crop = _isnet(crop, segmenter, effort)
    v_top, v_bottom, v_left, v_right = unstretched_box(
        (top, bottom, left, right), height, width, U2NETP_MAX_STRETCH
    )
    view = np.ascontiguousarray(rgb[v_top:v_bottom, v_left:v_right])
    u2netp_view = _u2netp(view, segmenter, effort, [])
    u2netp_crop = u2netp_view[top - v_top : bottom - v_top, left - v_left : right - v_left]
    found = keep_main_object((isnet_crop + u2netp_crop) / 2 >= THRESHOLD)
    cut_short = (
        (top > 0 and found[0].any())
        or (bottom < height and found[-1].any())
        or (left > 0 and found[:, 0].any())
        or (right < width and found[:, -1].any())
    )
    if cut_short:
        return _isnet_and_u2netp(rgb, segmenter, effort, taken)
    isnet, u2netp_zoomed = np.zeros((2, height, width), np.float32)
    isnet[top:bottom, left:right] = isnet_crop
    u2netp_zoomed[top:bottom, left:right] = u2netp_crop
    if not averaged:
        # Measured on the bench, the whole-photo look adds nothing once the car-aware model
        # has found the car (with the outline model fitted either way), and it costs 0.25 s.
        return isnet, u2netp_zoomed
    # The crop's U2-Net-p runs outweigh the whole-photo one as they outnumber it.
    runs = 2 if effort.mirror_u2netp else 1
    return isnet, f32((averaged[0] + runs * u2netp_zoomed) / (runs + 1))


def _isnet_and_u2netp(
    rgb: RGB, segmenter: Segmenter, effort: Effort, u2netp_runs: list[Matte]
) -> tuple[Matte, Matte]:
    """Both models' probabilities averaged over the effort's runs, plus any U2-Net-p runs
    already made on this same image."""
    return _isnet(rgb, segmenter, effort), _u2netp(rgb, segmenter, effort, u2netp_runs)


def _isnet(rgb: RGB, segmenter: Segmenter, effort: Effort) -> Matte:
    return f32(np.mean([segmenter.isnet(rgb, s) for s in effort.isnet_long_sides], axis=0))


def _u2netp(rgb: RGB, segmenter: Segmenter, effort: Effort, u2netp_runs: list[Matte]) -> Matte:
    runs = u2netp_runs or [segmenter.u2netp(rgb)]
    if effort.mirror_u2netp:
        # U2-Net-p sees a 320x320 thumbnail; its errors there are not mirror-symmetric, while a
        # car's outline nearly is. (ISNet gains nothing from this: measured on the bench.)
        runs = [*runs, segmenter.u2netp(np.ascontiguousarray(rgb[:, ::-1]))[:, ::-1]]
    return f32(np.mean(runs, axis=0))


def unstretched_box(
    box: tuple[int, int, int, int], height: int, width: int, max_stretch: float
) -> tuple[int, int, int, int]:
    """The box (top, bottom, left, right) grown across its short side, about its centre and
    within the photo, until its long side is at most `max_stretch` times the short one (or the
    photo's edges stop it)."""
    top, bottom, left, right = box
    box_h, box_w = bottom - top, right - left
    if box_w > max_stretch * box_h:
        grown = min(height, round(box_w / max_stretch))
        top = min(max(0, (top + bottom) // 2 - grown // 2), height - grown)
        return top, top + grown, left, right
    if box_h > max_stretch * box_w:
        grown = min(width, round(box_h / max_stretch))
        left = min(max(0, (left + right) // 2 - grown // 2), width - grown)
        return top, bottom, left, left + grown
    return box


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


def fuse(isnet: Matte, u2netp: Matte, rgb: RGB | None = None, vehicle: Mask | None = None) -> Matte:
    """Combine the two models' probabilities into one car matte; given the photo, the pixels
    near the outline are decided again from it (edge_band.py); given the main vehicle's mask
    from the car-aware model, the matte keeps to that vehicle (keep_vehicle) and gets back the
    body it lost (body_lost). Specks apart from the car are dropped (drop_specks)."""
    probability = f32((isnet + u2netp) / 2)
    main = keep_car(probability >= THRESHOLD, vehicle)
    if rgb is not None:
        decided, probability = refine_outline(rgb, isnet, u2netp, fill_enclosed_holes(main))
        main = keep_car(decided, vehicle)
    car = fill_enclosed_holes(main)
    if vehicle is not None:
        car = fill_enclosed_holes(car | body_lost(car, vehicle))
    # A soft ramp across the outline (anti-aliasing, not transparency), nothing away from it.
    ramp = np.clip((probability - THRESHOLD) / (2 * SOFT_EDGE) + 0.5, 0, 1)
    near = cv2.dilate(main.astype(np.uint8), RAMP_REACH) > 0
    # The matte crosses one half exactly on the kept outline, so thresholding it gives `car`.
    outside = np.minimum(ramp, 0.499) * near
    if vehicle is not None:
        # What keep_vehicle cut off gets no ramp, or a faint strip of the bin would stay.
        outside *= probability < THRESHOLD
    edge = np.where(main, np.maximum(ramp, 0.5), outside)
    return drop_specks(f32(np.where(car & ~main, 1.0, edge)))


def drop_specks(matte: Matte) -> Matte:
    """The matte without pieces smaller than SPECK_SHARE of the largest, and their soft rims.

    The vehicle keeps every piece near its outline, so a few pixels of a bollard or of a
    spoiler's tip can stay apart from the body (6 of the 105 development photos, 1-33 px):
    in a studio render they float beside the car, and the framing would count them.
    """
    solid = matte >= 0.5
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        solid.astype(np.uint8), connectivity=8
    )
    if count <= 2:
        return matte
    areas = stats[1:, cv2.CC_STAT_AREA]
    small = np.flatnonzero(areas < SPECK_SHARE * areas.max()) + 1
    if small.size == 0:
        return matte
    specks = np.isin(labels, small)
    rims = (cv2.dilate(specks.astype(np.uint8), RAMP_REACH) > 0) & ~(solid & ~specks)
    return f32(np.where(rims, 0, matte))


def keep_car(mask: Mask, vehicle: Mask | None) -> Mask:
    """The car in `mask`: what belongs to the vehicle, or without one the largest region."""
    return keep_main_object(mask) if vehicle is None else keep_vehicle(mask, vehicle)


def keep_vehicle(mask: Mask, vehicle: Mask) -> Mask:
    """The regions of `mask` that touch the vehicle, less any piece that reaches well beyond the
    vehicle's outline: something touching the car (a bin, a sign, another car), cut off along
    that outline. Pieces just outside it (a mirror the blocky outline missed) stay."""
    if not vehicle.any():
        return keep_main_object(mask)
    length = _long_side(vehicle)
    _, labels = cv2.connectedComponents(mask.astype(np.uint8), connectivity=8)
    touching = np.unique(labels[_dilate(vehicle, VEHICLE_REACH * length) & mask])
    kept = np.isin(labels, touching[touching > 0])
    # Measured from the vehicle's convex hull: where the blocky mask falls short of a concave
    # part of the car (the sill between the wheels), the matte's piece is the car's.
    hull = _convex_hull(vehicle)
    near = _dilate(hull, VEHICLE_REACH * length)
    outside = kept & ~near
    _, labels = cv2.connectedComponents(outside.astype(np.uint8), connectivity=8)
    far = labels[outside & ~_dilate(hull, VEHICLE_FAR * length)]
    if far.size == 0:
        return kept
    removed = np.isin(labels, np.unique(far))
    # Also the strip of the removed piece between the vehicle's outline and `near`.
    removed |= _dilate(removed, VEHICLE_REACH * length + 2) & ~hull
    return np.asarray(kept & ~removed)


def _convex_hull(mask: Mask) -> Mask:
    # The outer contours hold every point the hull can pass through, a tenth of the mask's.
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    hull = np.zeros(mask.shape, np.uint8)
    cv2.fillConvexPoly(hull, cv2.convexHull(np.concatenate(contours)), 1)
    return np.asarray(hull > 0)


def body_lost(car: Mask, vehicle: Mask) -> Mask:
    """The parts of the vehicle the matte lost, when it lost much (LOST_SHARE): the vehicle's
    interior, and its whole mask away from the matte's outline. Near that outline the matte
    is finer than the vehicle's blocky mask and keeps its say."""
    missed = vehicle & ~car
    if missed.sum() <= LOST_SHARE * vehicle.sum():
        return np.zeros_like(car)
    reach = VEHICLE_INTERIOR * _long_side(vehicle)
    interior = _erode(vehicle, reach)
    away = vehicle & ~_dilate(car, reach)
    return np.asarray((interior | away) & ~car)


def _long_side(mask: Mask) -> int:
    rows, columns = np.nonzero(mask)
    return int(max(np.ptp(rows), np.ptp(columns))) + 1 if rows.size else 0


def _disk(radius: float) -> np.ndarray:
    r = max(round(radius), 1)
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))


def _dilate(mask: Mask, radius: float) -> Mask:
    return np.asarray(cv2.dilate(mask.astype(np.uint8), _disk(radius)) > 0)


def _erode(mask: Mask, radius: float) -> Mask:
    return np.asarray(cv2.erode(mask.astype(np.uint8), _disk(radius)) > 0)


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
