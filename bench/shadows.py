"""Does the car stand on its shadow? Grounding of the studio contact shadow, and its cost.

    nice -n 10 .venv/bin/python -m bench.shadows --data ../shared/data/car-photos \
        --data ../shared/data/car-photos-web

Every photo is framed as a job frames it (4:3 1600x1200 by default) and given the studio's
contact shadow (carsales/imaging/pipeline/shadow.py). The car's width is cut into 16 slices; in
each, the gap in pixels between the car's lowest pixel and the row where the shadow below it is
darkest, and whether the shadow touches the car (right under the car it is at least half as dark
as at its darkest). Printed per data set: over the slices that hold a tyre's contact, the mean and
worst gap and the share touching; over all slices, the share touching; the photos where a tyre
floats (gap over 2 px, or not touching); how much darker the floor is under the tyres than under
the middle of the car; how much further the light makes the shadow reach past the car's right
end than past its left end, in car heights (one light: the same direction for every photo,
whichever way the car faces); and the milliseconds the shadow and the whole compositing take
per photo.

The car's matte comes from the segmentation models at medium quality, as in a job; `--matte
truth` uses the data set's mask (quicker, no models). Photos whose car is cut off by the bottom
edge are framed on the canvas's edge and have no floor: they are counted and left out.
`--renders DIR --render-names car-004 ...` writes those studio renders as JPEGs (outside the
repository: the photos are third-party).
"""

import argparse
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from bench.colour import matte_source
from carsales.imaging.pipeline.compose import Studio, compose
from carsales.imaging.pipeline.frame import Box, apply, car_box, plan_set
from carsales.imaging.pipeline.presets import SizePreset
from carsales.imaging.pipeline.shadow import Band, contact_shadow, grounding
from carsales.imaging.pipeline.types import RGB, Matte

FLOATING_GAP_PX = 2
VISIBLE = 0.05  # shadow opacity a viewer can see on the studio floor


@dataclass(frozen=True)
class Photo:
    name: str
    bands: list[Band]
    lean: float  # how much further right than left the light moved the shadow, car heights
    shadow_ms: float
    compose_ms: float

    @property
    def floating(self) -> bool:
        return any(b.gap > FLOATING_GAP_PX or not b.touching for b in self.bands if b.tyre)


def _measure(name: str, rgb: RGB, matte: Matte, size: SizePreset) -> tuple[Photo, RGB] | None:
    height, width = matte.shape
    box = car_box(matte)
    if box is None or box.bottom == height:
        return None
    placement = plan_set([(width, height)], [box], size)[0]
    framed_rgb, framed = apply(placement, rgb, matte)
    framed_box = car_box(framed)
    assert framed_box is not None
    started = time.perf_counter()
    shadow = contact_shadow(framed, framed_box)
    shadow_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    render = compose(framed_rgb, framed, Studio())
    compose_ms = (time.perf_counter() - started) * 1000
    # Measured against the same shadow without the light's shift: the car's own shape (a long
    # bonnet on one side) makes the reach uneven by itself.
    unlit = contact_shadow(framed, framed_box, light_shift=0)
    lean = (_lean(shadow, framed_box) - _lean(unlit, framed_box)) / framed_box.height
    return Photo(name, grounding(framed, shadow), lean, shadow_ms, compose_ms), render


def _lean(shadow: Matte, box: Box) -> float:
    """How much further the shadow reaches past the car's right end than past its left end."""
    columns = np.flatnonzero(shadow.max(axis=0) >= VISIBLE)
    return float((columns[-1] + 1 - box.right) - (box.left - columns[0]))


def _report(data: Path, photos: list[Photo], skipped: list[str]) -> None:
    tyres = [b for p in photos for b in p.bands if b.tyre]
    every = [b for p in photos for b in p.bands]
    floating = [p.name for p in photos if p.floating]
    print(f"\n{data.name}: {len(photos)} photos ({len(skipped)} cut off at the bottom, left out)")
    if tyres:
        gaps = [b.gap for b in tyres]
        print(
            f"  tyre slices ({len(tyres)}): gap mean {statistics.fmean(gaps):.2f} px, worst "
            f"{max(gaps)} px; touching {sum(b.touching for b in tyres) / len(tyres):.1%}"
        )
    print(
        f"  all slices ({len(every)}): touching {sum(b.touching for b in every) / len(every):.1%}"
    )
    print(
        f"  floating (a tyre slice with gap > {FLOATING_GAP_PX} px or not touching): "
        f"{len(floating)} {' '.join(floating)}"
    )
    middle = [b.under for p in photos for b in _between_tyres(p.bands)]
    if tyres and middle:
        print(
            f"  shadow right under the car: tyres {statistics.fmean(b.under for b in tyres):.2f}, "
            f"middle {statistics.fmean(middle):.2f} (opacity)"
        )
    leans = [p.lean for p in photos]
    print(
        f"  the light makes the shadow reach further right than left by: mean "
        f"{statistics.fmean(leans):+.3f}, min {min(leans):+.3f}, max {max(leans):+.3f} car heights"
    )
    print(
        f"  ms per photo: shadow {statistics.fmean(p.shadow_ms for p in photos):.1f}, "
        f"compositing {statistics.fmean(p.compose_ms for p in photos):.1f}"
    )


def _between_tyres(bands: list[Band]) -> list[Band]:
    tyre_at = [i for i, b in enumerate(bands) if b.tyre]
    if len(tyre_at) < 2:
        return []
    return [b for b in bands[tyre_at[0] : tyre_at[-1]] if not b.tyre]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, action="append", required=True)
    parser.add_argument("--matte", choices=("model", "truth"), default="model")
    parser.add_argument("--size", type=SizePreset, default=SizePreset.landscape_1600)
    parser.add_argument("--limit", type=int, default=0, help="first N photos of each set")
    parser.add_argument("--renders", type=Path, help="folder for studio renders (not the repo)")
    parser.add_argument("--render-names", nargs="*", default=[])
    args = parser.parse_args()

    matte_of = matte_source(args.matte)
    print(f"car matte from: {args.matte}; framed at {args.size.value}; studio background")
    for data in args.data:
        images = sorted((data / "images").glob("*.png"))[: args.limit or None]
        photos: list[Photo] = []
        skipped: list[str] = []
        for image in images:
            mask_path = data / "masks" / image.name
            rgb = np.asarray(Image.open(image).convert("RGB"))
            measured = _measure(image.stem, rgb, matte_of(rgb, mask_path), args.size)
            if measured is None:
                skipped.append(image.stem)
                continue
            photo, render = measured
            photos.append(photo)
            if args.renders and image.stem in args.render_names:
                args.renders.mkdir(parents=True, exist_ok=True)
                Image.fromarray(render).save(args.renders / f"studio-{image.stem}.jpg", quality=88)
        if photos:
            _report(data, photos, skipped)


if __name__ == "__main__":
    main()
