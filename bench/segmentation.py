"""Car segmentation quality and speed: our combined matte against each model alone.

    nice -n 10 .venv/bin/python -m bench.segmentation --data ../shared/data/car-photos

For each method, over every photo with a mask: mean and minimum IoU and boundary F-measure
(2 px tolerance) of the matte thresholded at 0.5, mean absolute error of the soft matte, seconds
per photo (after one warm-up photo, model loading excluded), as wall time and as CPU time (on a
shared machine the wall time includes waiting for the CPU; on an idle one it lies between the CPU
time divided by the threads and the CPU time) and peak resident memory. Each method runs in its
own process, so its peak memory is its own. Scores are computed at the photos' size,
as the masks are (the data's README explains why).

`--halves` also scores the even- and odd-numbered photos apart (fit or tune on one, check on the
other); `--worst N` lists the N worst photos; `--save-masks DIR` writes each photo's predicted mask
(0/255 PNG, the photo's name) into DIR, or DIR/<method> with several methods, so that two versions
of the code can be compared photo by photo (`bench/cutout_pictures.py`); `--error-distance` says
how far the wrong pixels lie from the true outline and what IoU would be left if every error
beyond 1, 2 or 3 px were put right (how much is gross error, how much is disagreement at the
scale of the hand-drawn masks); `--fit-band` fits the outline model of
carsales/imaging/pipeline/edge_band.py on the photos (or on one half with `--fit-on`) and prints
its coefficients instead.
"""

import argparse
import multiprocessing
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image

from carsales.config import get_settings
from carsales.imaging.pipeline import edge_band
from carsales.imaging.pipeline.instances import main_vehicle
from carsales.imaging.pipeline.presets import Quality
from carsales.imaging.pipeline.segment import (
    EFFORT,
    THRESHOLD,
    Segmenter,
    fill_enclosed_holes,
    keep_car,
    model_probabilities,
    segment,
)
from carsales.imaging.pipeline.types import RGB, Mask, Matte

TOLERANCE_PX = 2.0
DISTANCE_BINS_PX = (1.0, 2.0, 3.0, 5.0, np.inf)  # upper edges, for --error-distance
TARGETS = "targets: mean IoU >= 0.985, min IoU >= 0.96, mean BF >= 0.95, <= 1.5 s per photo"

METHODS: dict[str, Callable[[Segmenter, RGB], Matte]] = {
    "combined (medium)": lambda s, rgb: segment(rgb, s, Quality.medium),
    "combined (low)": lambda s, rgb: segment(rgb, s, Quality.low),
    "combined (high)": lambda s, rgb: segment(rgb, s, Quality.high),
    # Each model alone at its own native resolution, thresholded as it comes.
    "ISNet alone (1024)": lambda s, rgb: s.isnet(rgb, 1024),
    "U2-Net-p alone": lambda s, rgb: s.u2netp(rgb),
}
DEFAULT_METHODS = ["combined (medium)", "ISNet alone (1024)", "U2-Net-p alone"]


@dataclass(frozen=True)
class Result:
    method: str
    iou: list[float]
    boundary_f: list[float]
    mae: list[float]
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    names: list[str]
    wrong_by_distance: npt.NDArray[np.int64]  # wrong pixels within each of DISTANCE_BINS_PX
    iou_if_fixed_beyond: dict[float, list[float]]


def iou(prediction: Mask, truth: Mask) -> float:
    union = np.logical_or(prediction, truth).sum()
    return float(np.logical_and(prediction, truth).sum() / union) if union else 1.0


def _boundary(mask: Mask) -> Mask:
    inner = cv2.erode(mask.astype(np.uint8), np.ones((3, 3), np.uint8))
    return np.asarray(mask & (inner == 0))


def boundary_f(prediction: Mask, truth: Mask, tolerance: float = TOLERANCE_PX) -> float:
    """F-measure of boundary pixels matched within `tolerance` pixels (as in DAVIS)."""
    predicted, expected = _boundary(prediction), _boundary(truth)
    if not predicted.any() or not expected.any():
        return float(predicted.any() == expected.any())

    def distance_to(edge: Mask) -> npt.NDArray[np.floating]:
        return np.asarray(cv2.distanceTransform((~edge).astype(np.uint8), cv2.DIST_L2, 5))

    precision = float((distance_to(expected)[predicted] <= tolerance).mean())
    recall = float((distance_to(predicted)[expected] <= tolerance).mean())
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _run(method: str, data: Path, threads: int, save_masks: Path | None) -> Result:
    model_dir = get_settings().model_dir
    assert model_dir is not None
    segmenter = Segmenter.load(model_dir, threads)
    run = METHODS[method]
    names = _photo_names(data, "all")
    scores: tuple[list[float], list[float], list[float]] = ([], [], [])
    wrong_by_distance = np.zeros(len(DISTANCE_BINS_PX), np.int64)
    iou_if_fixed_beyond: dict[float, list[float]] = {1.0: [], 2.0: [], 3.0: []}
    elapsed = cpu = 0.0
    for index, name in enumerate(names):
        rgb, truth = _load(data, name)
        started, started_cpu = time.perf_counter(), time.process_time()
        matte = run(segmenter, rgb)
        if index > 0:  # the first photo warms up ONNX Runtime's kernels and arenas
            elapsed += time.perf_counter() - started
            cpu += time.process_time() - started_cpu
        predicted = matte >= 0.5
        if save_masks is not None:
            save_masks.mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(save_masks / name), predicted.astype(np.uint8) * 255)
        scores[0].append(iou(predicted, truth))
        scores[1].append(boundary_f(predicted, truth))
        scores[2].append(float(np.abs(matte - truth).mean()))
        wrong = predicted ^ truth
        distance = np.asarray(
            cv2.distanceTransform((~_boundary(truth)).astype(np.uint8), cv2.DIST_L2, 5)
        )
        bins = np.searchsorted(DISTANCE_BINS_PX, distance[wrong])  # upper edges included
        wrong_by_distance += np.bincount(bins, minlength=len(DISTANCE_BINS_PX))
        for limit, values in iou_if_fixed_beyond.items():
            values.append(iou(np.where(wrong & (distance > limit), truth, predicted), truth))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timed = max(len(names) - 1, 1)
    return Result(
        method,
        *scores,
        elapsed / timed,
        cpu / timed,
        peak_mb,
        names,
        wrong_by_distance,
        iou_if_fixed_beyond,
    )


def _photo_names(data: Path, half: str) -> list[str]:
    names = sorted(p.name for p in (data / "images").glob("*.png"))
    return names[{"all": slice(None), "even": slice(0, None, 2), "odd": slice(1, None, 2)}[half]]


def _load(data: Path, name: str) -> tuple[RGB, Mask]:
    rgb = np.asarray(Image.open(data / "images" / name).convert("RGB"))
    return rgb, np.asarray(Image.open(data / "masks" / name).convert("L")) > 127


def fit_band(data: Path, half: str, threads: int) -> None:
    """Fit edge_band's logistic regression on the medium-quality model outputs and print it."""
    model_dir = get_settings().model_dir
    assert model_dir is not None
    segmenter = Segmenter.load(model_dir, threads)
    rows, truths = [], []
    for name in _photo_names(data, half):
        rgb, truth = _load(data, name)
        instances = segmenter.vehicles(rgb)  # the first look, as segment_car takes it
        main = main_vehicle(instances)
        vehicle = None if main is None else instances[main].mask
        isnet, u2netp = model_probabilities(rgb, segmenter, EFFORT[Quality.medium], vehicle)
        car = fill_enclosed_holes(keep_car((isnet + u2netp) / 2 >= THRESHOLD, vehicle))
        features, band = edge_band.band_features(rgb, isnet, u2netp, car)
        rows.append(features)
        truths.append(truth[band])
    means, scales, weights, bias = edge_band.fit(np.concatenate(rows), np.concatenate(truths))
    for label, values in (("MEANS", means), ("SCALES", scales), ("WEIGHTS", weights)):
        print(f"{label} = {[round(float(v), 5) for v in values]}")
    print(f"BIAS = {bias:.5f}")


def _summary(label: str, values: list[float], boundary: list[float], mae: list[float]) -> str:
    return (
        f"{label:<20} {np.mean(values):8.4f} {np.min(values):8.4f} "
        f"{np.mean(boundary):7.4f} {np.mean(mae):7.4f}"
    )


def _print_error_distance(result: Result) -> None:
    shares = result.wrong_by_distance / max(int(result.wrong_by_distance.sum()), 1)
    bins, lower = [], 0.0
    for upper, share in zip(DISTANCE_BINS_PX, shares, strict=True):
        if lower == 0:
            label = f"up to {upper:g}"
        elif np.isfinite(upper):
            label = f"{lower:g}-{upper:g}"
        else:
            label = f"over {lower:g}"
        bins.append(f"{label} px {share:.0%}")
        lower = upper
    print("    wrong pixels by distance to the true outline: " + ", ".join(bins))
    for limit, values in result.iou_if_fixed_beyond.items():
        print(
            f"    errors beyond {limit:g} px put right: mean IoU {np.mean(values):.4f}, "
            f"min {np.min(values):.4f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/car-photos"))
    parser.add_argument("--threads", type=int, default=2, help="ONNX Runtime intra-op threads")
    parser.add_argument(
        "--methods", nargs="+", choices=list(METHODS), default=DEFAULT_METHODS, metavar="METHOD"
    )
    parser.add_argument("--worst", type=int, default=0, help="Also list the N worst photos")
    parser.add_argument(
        "--error-distance", action="store_true", help="Also say where the wrong pixels are"
    )
    parser.add_argument("--halves", action="store_true", help="Also score even and odd photos")
    parser.add_argument(
        "--save-masks",
        type=Path,
        metavar="DIR",
        help="Write each photo's predicted mask (0/255 PNG) here (DIR/<method> with several)",
    )
    parser.add_argument("--fit-band", action="store_true", help="Fit edge_band and print it")
    parser.add_argument("--fit-on", choices=["all", "even", "odd"], default="all")
    args = parser.parse_args()
    if args.fit_band:
        fit_band(args.data, args.fit_on, args.threads)
        return

    count = len(list((args.data / "images").glob("*.png")))
    print(f"{count} photos in {args.data}, {args.threads} threads")
    print(
        f"{'method':<20} {'mean IoU':>8} {'min IoU':>8} {'BF@2px':>7} {'MAE':>7} "
        f"{'s/photo':>8} {'CPU s':>6} {'peak MB':>8}"
    )
    context = multiprocessing.get_context("spawn")
    for method in args.methods:
        save_masks = args.save_masks
        if save_masks is not None and len(args.methods) > 1:
            save_masks = save_masks / method
        with context.Pool(1) as pool:
            result = pool.apply(_run, (method, args.data, args.threads, save_masks))
        print(
            f"{result.method:<20} {np.mean(result.iou):8.4f} {np.min(result.iou):8.4f} "
            f"{np.mean(result.boundary_f):7.4f} {np.mean(result.mae):7.4f} "
            f"{result.seconds:8.2f} {result.cpu_seconds:6.2f} {result.peak_rss_mb:8.0f}",
            flush=True,
        )
        if args.halves:
            for half, part in (
                ("  even photos", slice(0, None, 2)),
                ("  odd photos", slice(1, None, 2)),
            ):
                print(
                    _summary(half, result.iou[part], result.boundary_f[part], result.mae[part]),
                    flush=True,
                )
        for i in np.argsort(result.iou)[: args.worst]:
            print(f"    {result.names[i]}: IoU {result.iou[i]:.4f} BF {result.boundary_f[i]:.4f}")
        if args.error_distance:
            _print_error_distance(result)
    print(TARGETS)


if __name__ == "__main__":
    main()
