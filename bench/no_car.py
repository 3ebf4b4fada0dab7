"""Photos without a recognised vehicle: which a job fails as holding no car, and which it makes.

    nice -n 10 .venv/bin/python -m bench.no_car --data ../shared/data/car-photos/images \
        --data ../shared/data/car-photos-web/images

For each folder of photos (`--data`, repeatable; any JPEG, PNG or WebP in it, masks not needed,
so OpenALPR's `endtoend/eu`, `us` and `br` serve too), the pipeline's segmentation at medium
quality, as in a job. Per folder: how many photos have no recognised vehicle as their subject,
how many of those a job fails (process.found_a_car) and how many it makes; then
each such photo with its cut-out's share of the photo (matte pixels at or over 0.5), smallest
first, to look at. `--limit N` takes the first N photos of each folder.
"""

import argparse
from pathlib import Path

from carsales.config import get_settings
from carsales.imaging.pipeline.decode import decode
from carsales.imaging.pipeline.presets import Quality
from carsales.imaging.pipeline.process import found_a_car
from carsales.imaging.pipeline.segment import Segmenter, segment_car

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


def _photos(folder: Path, limit: int | None) -> list[Path]:
    photos = sorted(p for p in folder.iterdir() if p.suffix.lower() in PHOTO_SUFFIXES)
    return photos[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", required=True)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    segmenter = Segmenter.load(get_settings().model_dir or Path(), args.threads)
    for folder in args.data:
        photos = _photos(folder, args.limit)
        unrecognised: list[tuple[float, str, bool]] = []
        for path in photos:
            segmentation = segment_car(decode(path.read_bytes()), segmenter, Quality.medium)
            if segmentation.main is None:
                share = float((segmentation.matte >= 0.5).mean())
                unrecognised.append((share, path.name, found_a_car(segmentation)))
        failed = sum(1 for _, _, made in unrecognised if not made)
        print(
            f"{folder}: {len(photos)} photos, {len(unrecognised)} without a recognised vehicle: "
            f"{failed} fail, {len(unrecognised) - failed} made"
        )
        for share, name, made in sorted(unrecognised):
            print(f"  {name:40s} cut-out {share:6.1%}  {'made' if made else 'fails'}")


if __name__ == "__main__":
    main()
