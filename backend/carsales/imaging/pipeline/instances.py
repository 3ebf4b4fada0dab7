"""Vehicles as instances: a car-aware model that finds each vehicle in the photo and its outline.

The salient-object models of segment.py do not know what a car is; this one does. It is a
YOLO11n-seg network fine-tuned on road traffic (carsales.ai.registry.VEHICLES): for each of 8400
candidate boxes it gives the box, a score for each of six classes and 32 coefficients that mix
32 shared mask "prototypes" (160x160, a quarter of its 640x640 input) into that box's mask.
Decoding is the usual one: the best class per candidate, a score threshold, class-agnostic
non-maximum suppression (a vehicle scored both as car and as van is one vehicle), then
sigmoid(coefficients @ prototypes), cropped to the box and mapped back from the letterboxed
input to the photo.

Its masks are blocky (one prototype pixel is 3 photo pixels of a 480x360 photo) and alone they
cut out worse than the fused matte; what it is good at is saying which object is a vehicle, where
its body is and which vehicle is the photo's subject (main_vehicle).
"""

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from carsales.imaging.pipeline.types import RGB, Mask, Matte, f32

Floats = npt.NDArray[np.float32]

CLASSES = ("bike", "bus", "car", "lorry", "tuktuk", "van")  # the model's class order
ACCEPTED = frozenset(CLASSES) - {"bike"}  # a motorbike is not what a dealer cuts out here
INPUT_SIZE = 640  # the export's fixed input
PAD_GREY = 114  # Ultralytics' letterbox padding
MASK_COEFFICIENTS = 32
MIN_SCORE = 0.25  # Ultralytics' default confidence threshold
NMS_IOU = 0.45
MAX_VEHICLES = 20  # masks are only made for this many of the best


@dataclass(frozen=True)
class Letterbox:
    """Where the photo sits in the model's square input: input = photo * scale + (left, top)."""

    scale: float
    left: int
    top: int
    width: int  # the photo's
    height: int


@dataclass(frozen=True)
class Vehicle:
    kind: str  # one of ACCEPTED
    score: float
    box: tuple[float, float, float, float]  # left, top, right, bottom, in photo pixels


@dataclass(frozen=True)
class Instance:
    vehicle: Vehicle
    probability: Matte  # at the photo's size; 0 outside the box

    @property
    def mask(self) -> Mask:
        return np.asarray(self.probability >= 0.5)


def letterbox(rgb: RGB, size: int = INPUT_SIZE, enlarge: bool = True) -> tuple[Floats, Letterbox]:
    """A YOLO model's input (1 x 3 x size x size, RGB scaled to 0..1): the photo shrunk or (with
    `enlarge`) enlarged to fit, aspect kept, centred on grey, as such models were trained."""
    height, width = rgb.shape[:2]
    scale = min(size / height, size / width, float("inf") if enlarge else 1.0)
    inner_w, inner_h = round(width * scale), round(height * scale)
    left, top = (size - inner_w) // 2, (size - inner_h) // 2
    canvas = np.full((size, size, 3), PAD_GREY, np.uint8)
    shrinking = inner_w < width
    interpolation = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
    canvas[top : top + inner_h, left : left + inner_w] = cv2.resize(
        rgb, (inner_w, inner_h), interpolation=interpolation
    )
    x = f32(canvas.transpose(2, 0, 1)[None]) / np.float32(255)
    # The exact scale of the placed photo, so that boxes and masks map back to its pixels.
    return x, Letterbox(inner_w / width, left, top, width, height)


def decode(
    candidates: Floats,
    prototypes: Floats,
    frame: Letterbox,
    min_score: float = MIN_SCORE,
    nms_iou: float = NMS_IOU,
) -> list[Instance]:
    """The vehicles in the model's outputs (1 x (4 + classes + 32) x N candidates, and
    1 x 32 x h x w prototypes), best score first, with masks at the photo's size."""
    rows = candidates[0].T  # N x (4 + classes + 32)
    classes = len(CLASSES)
    scores_by_class = rows[:, 4 : 4 + classes]
    best = scores_by_class.argmax(axis=1)
    score = scores_by_class.max(axis=1)
    keep = np.nonzero((score > min_score) & np.isin(best, _accepted_indices()))[0]
    if keep.size == 0:
        return []
    cx, cy, w, h = rows[keep, :4].T
    boxes = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=1)
    chosen = keep[non_max_suppression(boxes, score[keep], nms_iou)[:MAX_VEHICLES]]
    instances = []
    for index in chosen:
        box = _box_in_photo(rows[index, :4], frame)
        coefficients = rows[index, 4 + classes : 4 + classes + MASK_COEFFICIENTS]
        vehicle = Vehicle(CLASSES[int(best[index])], float(score[index]), box)
        instances.append(Instance(vehicle, _mask(coefficients, prototypes[0], box, frame)))
    return instances


def non_max_suppression(boxes: Floats, scores: Floats, iou: float) -> list[int]:
    """Indices of the boxes (left, top, right, bottom) kept, best score first: each box that
    overlaps a better one by more than `iou` (intersection over union) is dropped."""
    left, top, right, bottom = boxes.T
    areas = np.maximum(right - left, 0) * np.maximum(bottom - top, 0)
    order = np.argsort(-scores, kind="stable")
    kept: list[int] = []
    while order.size:
        best, rest = order[0], order[1:]
        kept.append(int(best))
        width = np.minimum(right[best], right[rest]) - np.maximum(left[best], left[rest])
        height = np.minimum(bottom[best], bottom[rest]) - np.maximum(top[best], top[rest])
        overlap = np.maximum(width, 0) * np.maximum(height, 0)
        union = areas[best] + areas[rest] - overlap
        order = rest[overlap <= iou * np.maximum(union, 1e-9)]
    return kept


def main_vehicle(instances: Sequence[Instance]) -> int | None:
    """The index of the vehicle the photo is about: the largest, weighed by how central it is
    and how sure the model is that it is a vehicle.

    A vehicle's weight is its mask area times (1 - d) times its score, d being the distance of
    its centroid from the photo's centre over half the diagonal (0 at the centre, 1 in a
    corner): a car half-way to a corner must be twice the size of an equally sure central one
    to be chosen over it. The score keeps a large, doubtful find (decal strips printed beside
    the car, scored 0.58 against the car's 0.76) from displacing the car.
    """
    best, best_weight = None, 0.0
    for index, instance in enumerate(instances):
        rows, columns = np.nonzero(instance.mask)
        if rows.size == 0:
            continue
        height, width = instance.probability.shape
        dy, dx = rows.mean() + 0.5 - height / 2, columns.mean() + 0.5 - width / 2
        distance = float(np.hypot(dx, dy) / np.hypot(width / 2, height / 2))
        weight = rows.size * (1 - distance) * instance.vehicle.score
        if weight > best_weight:
            best, best_weight = index, weight
    return best


def _accepted_indices() -> list[int]:
    return [index for index, name in enumerate(CLASSES) if name in ACCEPTED]


def _box_in_photo(xywh: Floats, frame: Letterbox) -> tuple[float, float, float, float]:
    cx, cy, w, h = (float(v) for v in xywh)
    left = min(max((cx - w / 2 - frame.left) / frame.scale, 0.0), float(frame.width))
    right = min(max((cx + w / 2 - frame.left) / frame.scale, 0.0), float(frame.width))
    top = min(max((cy - h / 2 - frame.top) / frame.scale, 0.0), float(frame.height))
    bottom = min(max((cy + h / 2 - frame.top) / frame.scale, 0.0), float(frame.height))
    return left, top, right, bottom


def _mask(
    coefficients: Floats,
    prototypes: Floats,
    box: tuple[float, float, float, float],
    frame: Letterbox,
) -> Matte:
    """The candidate's mask probability at the photo's size, zero outside its box.

    The logits are resampled straight from prototype to photo pixels (one bilinear warp, which
    also drops the letterbox's padding) and only then squashed, so the 0.5 contour is the
    model's own, not an artefact of resizing probabilities.
    """
    channels, proto_h, proto_w = prototypes.shape
    logits = f32(coefficients @ prototypes.reshape(channels, -1)).reshape(proto_h, proto_w)
    # Photo pixel centre x + 0.5 lies at input (x + 0.5) * scale + left, which is prototype
    # (input / stride) - 0.5 in pixel-index coordinates.
    stride = INPUT_SIZE / proto_w
    a = frame.scale / stride
    to_prototype = np.array(
        [
            [a, 0, (0.5 * frame.scale + frame.left) / stride - 0.5],
            [0, a, (0.5 * frame.scale + frame.top) / stride - 0.5],
        ],
        np.float64,
    )
    photo_logits = cv2.warpAffine(
        logits,
        to_prototype,
        (frame.width, frame.height),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE,
    )
    probability = f32(1 / (1 + np.exp(-np.clip(photo_logits, -50, 50))))
    left, top, right, bottom = box
    inside = np.zeros_like(probability)
    rows = slice(max(int(np.floor(top)), 0), max(int(np.ceil(bottom)), 0))
    columns = slice(max(int(np.floor(left)), 0), max(int(np.ceil(right)), 0))
    inside[rows, columns] = 1
    return f32(probability * inside)
