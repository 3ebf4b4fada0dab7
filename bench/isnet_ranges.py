"""ISNet's activation ranges for its int8 convolutions (carsales/ai/onnx_graph.py), measured on
development photos as the pipeline crops them.

    nice -n 10 .venv/bin/python -m bench.isnet_ranges --data ../shared/data/car-photos

Every third photo (22 of the 65) goes through the medium-quality segmentation with ISNet in
fp32, and every input ISNet is given there is kept. ONNX Runtime's MinMax calibrator then runs
the network on those inputs and writes the range of each tensor the quantised convolutions read
or write to backend/carsales/ai/isnet_int8_ranges.json, which ships with the code: only numbers
leave the photos. Rerun it when ISNet's weights, its rewrite or the crop change, then score the
cut-outs again with bench/segmentation.py on both photo sets.
"""

import argparse
import tempfile
from pathlib import Path
from typing import cast

import numpy as np
import numpy.typing as npt
import onnx
import onnxruntime as ort
from onnxruntime.quantization import CalibrationDataReader, quantize_static
from PIL import Image

from carsales.ai.onnx_graph import ISNET_QUANTISATION, ISNET_RANGES, isnet_fp32
from carsales.ai.registry import ISNET, U2NETP, VEHICLES, verified_path
from carsales.ai.sessions import get_session
from carsales.config import get_settings
from carsales.imaging.pipeline.presets import Quality
from carsales.imaging.pipeline.segment import Segmenter, segment

Input = npt.NDArray[np.float32]


class _Recording:
    """An ISNet session that keeps every input it is given."""

    def __init__(self, session: ort.InferenceSession) -> None:
        self._session = session
        self.inputs: list[Input] = []

    def run(self, outputs: list[str] | None, feeds: dict[str, Input]) -> list[Input]:
        self.inputs.append(feeds["input"])
        return cast(list[Input], self._session.run(outputs, feeds))


class _Inputs(CalibrationDataReader):  # type: ignore[misc]
    def __init__(self, inputs: list[Input]) -> None:
        self._feeds = iter([{"input": x} for x in inputs])

    def get_next(self) -> dict[str, Input] | None:
        return next(self._feeds, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/car-photos"))
    parser.add_argument("--out", type=Path, default=ISNET_RANGES)
    parser.add_argument("--every", type=int, default=3, help="Use every Nth photo")
    args = parser.parse_args()
    model_dir = get_settings().model_dir
    assert model_dir is not None
    fp32 = isnet_fp32(verified_path(ISNET, model_dir).read_bytes())
    options = ort.SessionOptions()
    options.log_severity_level = 3
    isnet = _Recording(ort.InferenceSession(fp32, options, providers=["CPUExecutionProvider"]))
    segmenter = Segmenter(
        cast(ort.InferenceSession, isnet),
        get_session(U2NETP.name, model_dir),
        get_session(VEHICLES.name, model_dir),
    )
    photos = sorted((args.data / "images").glob("*.png"))[:: args.every]
    for photo in photos:
        segment(np.asarray(Image.open(photo).convert("RGB")), segmenter, Quality.medium)
    # The quantiser only measures when its cache file is absent.
    args.out.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="carsales-isnet-") as directory:
        quantize_static(
            onnx.load_model_from_string(fp32),
            Path(directory) / "isnet-int8.onnx",
            _Inputs(isnet.inputs),
            calibration_cache_path=args.out,
            **ISNET_QUANTISATION,
        )
    print(f"{len(isnet.inputs)} ISNet inputs from {len(photos)} photos: ranges in {args.out}")


if __name__ == "__main__":
    main()
