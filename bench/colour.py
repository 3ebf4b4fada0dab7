"""Does enhancement keep the paint? The body's colour before and after, in CIEDE2000.

    nice -n 10 .venv/bin/python -m bench.colour --data ../shared/data/car-photos \
        --data ../shared/data/car-photos-web

For every photo with a mask: the median Lab colour of the car (its mask eroded by a few pixels,
so that no background or edge pixel counts) in the photo and in the enhanced photo, and their
CIEDE2000 difference with lightness weighted down (k_L = 4: correcting exposure is allowed,
moving the hue or the chroma is not). Printed per data set: mean and worst difference, how many
photos exceed 3, the worst photos, and how much contrast the enhancement added (the standard
deviation of L* over the whole photo, before and after), so that a change which keeps the paint
by doing nothing shows up.

Enhancement is told where the car is, as in the pipeline: by default from the segmentation
models at medium quality (as a full-pipeline job does); `--matte truth` gives it the data set's
own mask instead (quicker, no models needed). `--pairs DIR --pair-names car-024 ...` also writes
side-by-side pictures (before | after) of the named photos for the documentation (`--only` the
same names skips the others).
"""

import argparse
import statistics
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from carsales.config import get_settings
from carsales.imaging.pipeline.colour import ciede2000, median_lab, to_lab
from carsales.imaging.pipeline.enhance import Enhancements, enhance
from carsales.imaging.pipeline.presets import Quality
from carsales.imaging.pipeline.segment import Segmenter, segment
from carsales.imaging.pipeline.types import RGB, Mask, Matte, f32

ERODE_PX = 4
K_L = 4.0
OVER = 3.0
TARGETS = "targets: mean <= 1.5, worst <= 3 (CIEDE2000, k_L = 4)"
PAIR_HEIGHT = 180


def _read(path: Path) -> RGB:
    return np.asarray(Image.open(path).convert("RGB"))


def _body(mask_path: Path) -> Mask:
    mask = np.asarray(Image.open(mask_path).convert("L")) > 127
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * ERODE_PX + 1, 2 * ERODE_PX + 1))
    return cv2.erode(mask.astype(np.uint8), kernel).astype(bool)


def _photos(data: Path) -> list[tuple[str, Path, Path]]:
    return [
        (image.stem, image, data / "masks" / image.name)
        for image in sorted((data / "images").glob("*.png"))
        if (data / "masks" / image.name).exists()
    ]


def _contrast(rgb: RGB) -> float:
    return float(to_lab(rgb)[..., 0].std())


def matte_source(kind: str) -> Callable[[RGB, Path], Matte]:
    if kind == "truth":
        return lambda rgb, mask_path: f32(np.asarray(Image.open(mask_path).convert("L")) / 255)
    settings = get_settings()
    assert settings.model_dir is not None
    segmenter = Segmenter.load(settings.model_dir)
    return lambda rgb, mask_path: segment(rgb, segmenter, Quality.medium)


def _pair(before: RGB, after: RGB) -> Image.Image:
    height, width = before.shape[:2]
    size = (round(width * PAIR_HEIGHT / height), PAIR_HEIGHT)
    halves = [cv2.resize(x, size, interpolation=cv2.INTER_AREA) for x in (before, after)]
    return Image.fromarray(np.hstack(halves))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, action="append", required=True)
    parser.add_argument("--matte", choices=("model", "truth"), default="model")
    parser.add_argument("--worst", type=int, default=5)
    parser.add_argument("--limit", type=int, default=0, help="first N photos of each set")
    parser.add_argument("--only", nargs="*", default=[], help="these photos only (names)")
    parser.add_argument("--pairs", type=Path, help="folder for before|after pictures")
    parser.add_argument("--pair-names", nargs="*", default=[])
    args = parser.parse_args()

    matte_of = matte_source(args.matte)
    steps = Enhancements()
    print(f"enhancement: {steps}; car matte from: {args.matte}; {TARGETS}")
    for data in args.data:
        photos = [p for p in _photos(data) if not args.only or p[0] in args.only]
        photos = photos[: args.limit or None]
        if not photos:
            continue
        scores: list[tuple[float, str, tuple[float, float, float]]] = []
        contrast_before, contrast_after = [], []
        for name, image_path, mask_path in photos:
            rgb = _read(image_path)
            body = _body(mask_path)
            after = enhance(rgb, steps, matte_of(rgb, mask_path))
            lab_before, lab_after = median_lab(rgb, body), median_lab(after, body)
            difference = float(ciede2000(lab_before, lab_after, k_l=K_L))
            shift = tuple(float(x) for x in lab_after - lab_before)
            scores.append((difference, name, (shift[0], shift[1], shift[2])))
            contrast_before.append(_contrast(rgb))
            contrast_after.append(_contrast(after))
            if args.pairs and name in args.pair_names:
                args.pairs.mkdir(parents=True, exist_ok=True)
                _pair(rgb, after).save(args.pairs / f"enhance-{name}.jpg", quality=85)
        values = [score for score, _, _ in scores]
        print(
            f"\n{data.name}: {len(values)} photos; CIEDE2000 (k_L = 4) of the body's median "
            f"colour: mean {statistics.fmean(values):.2f}, worst {max(values):.2f}, "
            f"{sum(v > OVER for v in values)} over {OVER:g}"
        )
        print(
            f"  contrast (std of L* over the photo): {statistics.fmean(contrast_before):.1f} "
            f"before, {statistics.fmean(contrast_after):.1f} after"
        )
        for score, name, (dl, da, db) in sorted(scores, reverse=True)[: args.worst]:
            print(f"  {name}: {score:.2f}  (dL* {dl:+.1f}, da* {da:+.1f}, db* {db:+.1f})")


if __name__ == "__main__":
    main()
