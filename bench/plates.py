"""Licence plate detection: precision and recall of plate boxes, and time per photo.

    nice -n 10 .venv/bin/python -m bench.plates --data ../shared/data/car-photos \
        --data ../shared/data/car-photos-web

A found box is right when it overlaps a labelled one by IoU >= 0.5 (each labelled box matches
once). Two sets are scored:

- **labelled**: the photos as they are, against the boxes drawn by hand in
  bench/data/plates.json (photo name -> [[left, top, right, bottom], ...] in the photo's
  pixels; an empty list: no readable plate). The development photos hold none: they are side
  views, and the plates of the few front views were blurred by the data's source. So on them
  this measures false finds only (precision over what was found).
- **synthetic**: the same photos with one plate drawn on each car's lower body (white or yellow,
  EU 4.6:1 or US 2:1, 5 to 7 random letters and digits, scaled down from a large drawing and
  softened as a camera would), seeded, so recall can be measured at all.

The detector gets the car from the data set's mask (the bench measures the plate step, not the
segmentation). It needs the plate model (`make models`). Times are the detector's own, per
photo, after the model has loaded. `--min-score 0.02 --min-score 0.1` compares thresholds.

Real plates: `--openalpr DIR` (repeatable) scores a folder laid out as OpenALPR's end-to-end
benchmark (github.com/openalpr/benchmarks, `endtoend/eu`, `us` and `br`: car photos, each
`NAME.jpg` with a `NAME.txt` beside it holding `NAME.jpg x y width height text` per plate). Those
photos have no car masks, so the car comes from the cut-out the pipeline makes (medium quality),
as in a job; the same photos are also searched whole, which shows what the cut-out's "on the
car" rule costs. `--limit N` takes the first N photos of each folder.
"""

import argparse
import json
import string
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import onnxruntime as ort

from carsales.config import get_settings
from carsales.imaging.pipeline.plates import (
    MIN_SCORE,
    PlateBox,
    detect_plates,
    iou,
    plate_session,
)
from carsales.imaging.pipeline.presets import Quality
from carsales.imaging.pipeline.segment import Segmenter, segment
from carsales.imaging.pipeline.types import RGB, Matte, u8

LABELS = Path(__file__).parent / "data" / "plates.json"
MATCH_IOU = 0.5
SEED = 10


@dataclass
class Score:
    found: int = 0
    right: int = 0
    labelled: int = 0
    seconds: float = 0.0
    photos: int = 0

    def add(self, found: list[PlateBox], truth: list[PlateBox], seconds: float) -> None:
        unmatched = list(truth)
        for box in found:
            best = max(unmatched, key=lambda t: iou(box, t), default=None)
            if best is not None and iou(box, best) >= MATCH_IOU:
                unmatched.remove(best)
                self.right += 1
        self.found += len(found)
        self.labelled += len(truth)
        self.seconds += seconds
        self.photos += 1

    def line(self, name: str) -> str:
        precision = f"{self.right / self.found:.3f}" if self.found else "n/a (nothing found)"
        recall = f"{self.right / self.labelled:.3f}" if self.labelled else "n/a (no plates)"
        ms = 1000 * self.seconds / max(self.photos, 1)
        return (
            f"{name:<34} photos {self.photos:>4}  plates {self.labelled:>4}  found {self.found:>4}"
            f"  right {self.right:>4}  precision {precision}  recall {recall}  {ms:.0f} ms/photo"
        )


def photos(folders: list[Path]) -> Iterator[tuple[str, RGB, Matte]]:
    for folder in folders:
        for image_path in sorted((folder / "images").glob("*.png")):
            bgr = cv2.imread(str(image_path))
            mask = cv2.imread(str(folder / "masks" / image_path.name), cv2.IMREAD_GRAYSCALE)
            if bgr is None or mask is None:
                continue
            matte = (mask >= 128).astype(np.float32)
            yield image_path.stem, np.ascontiguousarray(bgr[:, :, ::-1]), matte


def openalpr_photos(folder: Path, limit: int | None) -> Iterator[tuple[str, RGB, list[PlateBox]]]:
    for label_path in sorted(folder.glob("*.txt"))[:limit]:
        truth: list[PlateBox] = []
        image_name = label_path.stem + ".jpg"
        for line in label_path.read_text().splitlines():
            fields = line.split()
            if len(fields) >= 5:
                image_name = fields[0]
                x, y, w, h = (int(value) for value in fields[1:5])
                truth.append((x, y, x + w, y + h))
        bgr = cv2.imread(str(folder / image_name))
        if bgr is not None:
            yield label_path.stem, np.ascontiguousarray(bgr[:, :, ::-1]), truth


def run_openalpr(
    folder: Path, limit: int | None, session: ort.InferenceSession, min_scores: list[float]
) -> None:
    """Real plates: the car from the pipeline's cut-out, and the whole photo searched."""
    segmenter = Segmenter.load(get_settings().model_dir or Path())
    on_car = {min_score: Score() for min_score in min_scores}
    whole = {min_score: Score() for min_score in min_scores}
    for _, rgb, truth in openalpr_photos(folder, limit):
        matte = segment(rgb, segmenter, Quality.medium)
        for min_score in min_scores:
            for searched, scores in ((matte, on_car), (None, whole)):
                started = time.perf_counter()
                found = [plate.box for plate in detect_plates(rgb, searched, session, min_score)]
                scores[min_score].add(found, truth, time.perf_counter() - started)
    for min_score in min_scores:
        print(on_car[min_score].line(f"{folder.name}, on the cut-out car, > {min_score}"))
        print(whole[min_score].line(f"{folder.name}, whole photo, > {min_score}"))


def draw_plate(rgb: RGB, matte: Matte, rng: np.random.Generator) -> tuple[RGB, PlateBox] | None:
    """The photo with a synthetic plate on the car's lower body, and the plate's box."""
    rows = np.flatnonzero((matte >= 0.5).any(axis=1))
    cols = np.flatnonzero((matte >= 0.5).any(axis=0))
    if rows.size == 0:
        return None
    car_w, car_h = cols[-1] + 1 - cols[0], rows[-1] + 1 - rows[0]
    european = rng.random() < 0.5
    aspect = 4.6 if european else 2.0
    width = int(car_w * rng.uniform(0.12, 0.2) * (1.0 if european else 0.7))
    height = max(round(width / aspect), 6)
    for _ in range(50):
        x = int(rng.uniform(cols[0] + 0.2 * car_w, cols[-1] - 0.2 * car_w - width))
        y = int(rows[0] + rng.uniform(0.6, 0.8) * car_h)
        if matte[y : y + height, x : x + width].mean() > 0.95:
            break
    else:
        return None
    text = "".join(rng.choice(list(string.ascii_uppercase + string.digits), rng.integers(5, 8)))
    scale = 8
    big_w, big_h = width * scale, height * scale
    paper = (255, 255, 255) if rng.random() < 0.7 else (250, 205, 40)
    plate = np.full((big_h, big_w, 3), paper, np.uint8)
    cv2.rectangle(plate, (0, 0), (big_w - 1, big_h - 1), (20, 20, 20), scale)
    font = cv2.FONT_HERSHEY_DUPLEX
    (text_w, text_h), _ = cv2.getTextSize(text, font, 1.0, 2)
    size = min(0.82 * big_w / text_w, 0.62 * big_h / text_h)
    thickness = max(int(size * 2.2), 1)
    (text_w, text_h), _ = cv2.getTextSize(text, font, size, thickness)
    origin = ((big_w - text_w) // 2, (big_h + text_h) // 2)
    cv2.putText(plate, text, origin, font, size, (15, 15, 15), thickness, cv2.LINE_AA)
    small = u8(cv2.resize(plate, (width, height), interpolation=cv2.INTER_AREA))
    small = u8(cv2.GaussianBlur(small, (0, 0), sigmaX=0.6))
    shade = rng.uniform(0.7, 1.0)  # plates are rarely lit as brightly as paper
    noisy = small.astype(np.float32) * shade + rng.normal(0, 4, small.shape)
    out = rgb.copy()
    out[y : y + height, x : x + width] = u8(np.clip(noisy, 0, 255))
    return out, (x, y, x + width, y + height)


def run(
    folders: list[Path],
    labels: dict[str, list[PlateBox]],
    session: ort.InferenceSession,
    synthetic: bool,
    min_score: float,
) -> Score:
    score = Score()
    for index, (name, rgb, matte) in enumerate(photos(folders)):
        if synthetic:
            drawn = draw_plate(rgb, matte, np.random.default_rng(SEED + index))
            if drawn is None:
                continue
            rgb, truth = drawn[0], [*labels.get(name, []), drawn[1]]
        elif name in labels:
            truth = labels[name]
        else:
            continue
        started = time.perf_counter()
        found = [plate.box for plate in detect_plates(rgb, matte, session, min_score)]
        score.add(found, truth, time.perf_counter() - started)
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, action="append", default=[])
    parser.add_argument("--openalpr", type=Path, action="append", default=[])
    parser.add_argument("--limit", type=int, help="photos per --openalpr folder (default all)")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument(
        "--min-score",
        type=float,
        action="append",
        help=f"the model's score threshold; repeat to compare (default {MIN_SCORE})",
    )
    args = parser.parse_args()
    labels = {
        name: [tuple(box) for box in boxes]
        for name, boxes in json.loads(args.labels.read_text()).items()
    }
    session = plate_session()
    min_scores = args.min_score or [MIN_SCORE]
    print(f"plate boxes right at IoU >= {MATCH_IOU}")
    for folder in args.openalpr:
        run_openalpr(folder, args.limit, session, min_scores)
    for min_score in min_scores if args.data else []:
        for synthetic in (False, True):
            score = run(args.data, labels, session, synthetic, min_score)
            kind = "synthetic plates" if synthetic else "labelled photos"
            kind += ", car from the data set's mask"
            print(score.line(f"{kind}, score > {min_score}"))


if __name__ == "__main__":
    main()
