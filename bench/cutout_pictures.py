"""Pictures of the worst cut-outs, before and after a change, from masks saved by the bench.

    nice -n 10 .venv/bin/python -m bench.segmentation --data ../shared/data/car-photos \
        --methods "combined (medium)" --save-masks /tmp/masks/after
    (the same with the older code, into /tmp/masks/before)
    nice -n 10 .venv/bin/python -m bench.cutout_pictures --data ../shared/data/car-photos \
        --before /tmp/masks/before --after /tmp/masks/after --worst 5 --out /tmp/worst

Scores both sets of masks (0/255 PNGs named as the photos) against the data set's true masks,
prints IoU and boundary F before and after, and writes a panel for each of the N photos with the
lowest IoU after, and for each photo that lost more than `--worse-by` IoU: the error map before |
the error map after, each with the photo's name and its scores. An error map is drawn from the
true mask and the prediction alone, no photo pixels: car pixels found light grey, car pixels
missed blue, pixels taken that are not car red, background white. `contact-sheet.png` holds all
the panels, one under the other.

`--with-photo` adds a row above: the photo and both cut-outs on a checkerboard. Those panels
contain the photo: for looking at locally, never to be committed or published (car-photos-web's
images are third-party web images).
"""

import argparse
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from bench.segmentation import _load, boundary_f, iou
from carsales.imaging.pipeline.types import RGB, Mask

# RGB colours of the error map.
BACKGROUND = (255, 255, 255)
FOUND = (205, 205, 205)  # car pixels the prediction has
MISSED = (30, 90, 235)  # false negative, blue
EXTRA = (230, 30, 30)  # false positive, red
CHECKER = ((160, 160, 160), (110, 110, 110))
CHECKER_PX = 12
HEADER_PX = 22
GAP_PX = 6
FONT = cv2.FONT_HERSHEY_SIMPLEX


@dataclass(frozen=True)
class Scored:
    name: str
    iou_before: float
    iou_after: float
    bf_before: float
    bf_after: float


def error_map(prediction: Mask, truth: Mask) -> RGB:
    """Found car light grey, missed car blue, extra pixels red, the rest white."""
    picture = np.empty((*truth.shape, 3), np.uint8)
    picture[:] = BACKGROUND
    picture[truth & prediction] = FOUND
    picture[truth & ~prediction] = MISSED
    picture[~truth & prediction] = EXTRA
    return picture


def cutout(rgb: RGB, prediction: Mask) -> RGB:
    """The photo where the prediction says car, a checkerboard elsewhere."""
    rows, columns = np.indices(prediction.shape)
    dark = ((rows // CHECKER_PX + columns // CHECKER_PX) % 2).astype(bool)
    board = np.where(dark[..., None], np.array(CHECKER[1]), np.array(CHECKER[0]))
    return np.where(prediction[..., None], rgb, board).astype(np.uint8)


def _titled(picture: RGB, title: str) -> RGB:
    header = np.full((HEADER_PX, picture.shape[1], 3), 255, np.uint8)
    cv2.putText(header, title, (4, HEADER_PX - 7), FONT, 0.5, (0, 0, 0), 1, cv2.LINE_AA)
    return np.vstack([header, picture])


def _row(pictures: list[RGB]) -> RGB:
    gap = np.full((pictures[0].shape[0], GAP_PX, 3), 255, np.uint8)
    parts: list[RGB] = []
    for picture in pictures:
        parts += [picture, gap]
    return np.hstack(parts[:-1])


def _legend(width: int) -> RGB:
    strip = np.full((HEADER_PX, width, 3), 255, np.uint8)
    x = 4
    for colour, label in ((FOUND, "car found"), (MISSED, "car missed"), (EXTRA, "not car, taken")):
        cv2.rectangle(strip, (x, 5), (x + 12, 17), colour, -1)
        cv2.putText(strip, label, (x + 17, 16), FONT, 0.45, (0, 0, 0), 1, cv2.LINE_AA)
        x += 30 + cv2.getTextSize(label, FONT, 0.45, 1)[0][0]
    return strip


def panel(data: Path, before: Path, after: Path, scored: Scored, with_photo: bool) -> RGB:
    rgb, truth = _load(data, scored.name)
    predictions = [_read_mask(folder / scored.name) for folder in (before, after)]
    label = scored.name.removesuffix(".png")
    maps = [
        _titled(error_map(prediction, truth), f"{label} {when}: IoU {value:.3f} BF {bf:.3f}")
        for prediction, when, value, bf in zip(
            predictions,
            ("before", "after"),
            (scored.iou_before, scored.iou_after),
            (scored.bf_before, scored.bf_after),
            strict=True,
        )
    ]
    rows = [_row(maps)]
    if with_photo:
        blank = np.full_like(maps[0], 255)
        photos = [_titled(rgb, label)] + [
            _titled(cutout(rgb, prediction), f"cut-out {when}")
            for prediction, when in zip(predictions, ("before", "after"), strict=True)
        ]
        rows = [_row(photos), _row([blank, *maps])]
    width = rows[0].shape[1]
    return np.vstack([*rows, _legend(width)])


def _read_mask(path: Path) -> Mask:
    mask = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    if mask is None:
        raise SystemExit(f"no mask {path}")
    return np.asarray(mask > 127)


def score(data: Path, before: Path, after: Path) -> list[Scored]:
    names = sorted({p.name for p in before.glob("*.png")} & {p.name for p in after.glob("*.png")})
    scored = []
    for name in names:
        _, truth = _load(data, name)
        old, new = _read_mask(before / name), _read_mask(after / name)
        ious = iou(old, truth), iou(new, truth)
        scored.append(Scored(name, *ious, boundary_f(old, truth), boundary_f(new, truth)))
    return scored


def choose(scored: list[Scored], worst: int, worse_by: float) -> list[Scored]:
    """The `worst` lowest IoU after, then any other photo whose IoU fell by more than `worse_by`."""
    chosen = sorted(scored, key=lambda s: s.iou_after)[:worst]
    fallen = sorted(
        (s for s in scored if s.iou_before - s.iou_after > worse_by and s not in chosen),
        key=lambda s: s.iou_after - s.iou_before,
    )
    return chosen + fallen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="images/ and masks/ in here")
    parser.add_argument("--before", type=Path, required=True, help="masks of the older code")
    parser.add_argument("--after", type=Path, required=True, help="masks of the newer code")
    parser.add_argument("--worst", type=int, default=5, help="Pictures of the N worst after")
    parser.add_argument(
        "--worse-by", type=float, default=0.01, help="Also photos whose IoU fell by more"
    )
    parser.add_argument("--out", type=Path, required=True, help="Folder for the pictures")
    parser.add_argument(
        "--with-photo",
        action="store_true",
        help="Also show the photo and the cut-outs (local viewing only: never commit these)",
    )
    args = parser.parse_args()

    scored = score(args.data, args.before, args.after)
    print(f"{len(scored)} photos in {args.data}")
    print(
        f"mean IoU {np.mean([s.iou_before for s in scored]):.4f} -> "
        f"{np.mean([s.iou_after for s in scored]):.4f}, mean BF "
        f"{np.mean([s.bf_before for s in scored]):.4f} -> "
        f"{np.mean([s.bf_after for s in scored]):.4f}"
    )
    print(f"{'photo':<12} {'IoU before':>10} {'IoU after':>10} {'BF before':>10} {'BF after':>10}")
    args.out.mkdir(parents=True, exist_ok=True)
    panels = []
    for item in choose(scored, args.worst, args.worse_by):
        print(
            f"{item.name.removesuffix('.png'):<12} {item.iou_before:10.4f} {item.iou_after:10.4f} "
            f"{item.bf_before:10.4f} {item.bf_after:10.4f}"
        )
        picture = panel(args.data, args.before, args.after, item, args.with_photo)
        cv2.imwrite(str(args.out / item.name), cv2.cvtColor(picture, cv2.COLOR_RGB2BGR))
        panels.append(picture)
    if panels:
        gap = np.full((GAP_PX * 2, panels[0].shape[1], 3), 255, np.uint8)
        sheet = np.vstack([part for picture in panels for part in (picture, gap)][:-1])
        cv2.imwrite(str(args.out / "contact-sheet.png"), cv2.cvtColor(sheet, cv2.COLOR_RGB2BGR))
    if args.with_photo:
        print(f"{args.out} holds the photos: look at it here, never commit or publish it")


if __name__ == "__main__":
    main()
