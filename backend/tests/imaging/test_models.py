"""The model registry and the real models (installed by `make models`, which `make test` runs)."""

import threading
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from carsales.ai.onnx_graph import isnet_for_cpu, isnet_fp32
from carsales.ai.registry import (
    ISNET,
    MODELS,
    U2NETP,
    VEHICLES,
    ModelMissingError,
    verified_path,
)
from carsales.ai.sessions import REWRITES, get_session, prepared_path
from carsales.config import get_settings
from carsales.imaging.pipeline.instances import CLASSES, letterbox
from carsales.imaging.pipeline.presets import Quality
from carsales.imaging.pipeline.segment import (
    EFFORT,
    Segmenter,
    fuse,
    model_probabilities,
    segment,
    segment_car,
)
from tests.imaging.synthetic import car_scene


@pytest.fixture(scope="module")
def model_dir() -> Path:
    directory = get_settings().model_dir
    assert directory is not None
    return directory


@pytest.fixture(scope="module")
def segmenter(model_dir: Path) -> Segmenter:
    return Segmenter.load(model_dir)  # the same shared sessions as the CLI tests use


def test_a_missing_model_names_the_command_that_installs_it(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match="make models"):
        get_session(U2NETP.name, tmp_path)


def test_a_damaged_model_is_refused(tmp_path: Path) -> None:
    ISNET.path_in(tmp_path).write_bytes(b"not the pinned weights")
    with pytest.raises(ModelMissingError, match=r"SHA-256.*make models"):
        verified_path(ISNET, tmp_path)


def test_installed_models_match_their_pins(model_dir: Path) -> None:
    for spec in MODELS.values():
        # The smallest is the MiniLM tokenizer, about 0.5 MB.
        assert verified_path(spec, model_dir).stat().st_size > 100_000


def test_sessions_load_once_and_are_shared_between_threads(model_dir: Path) -> None:
    seen = []
    threads = [
        threading.Thread(target=lambda: seen.append(get_session(U2NETP.name, model_dir, 1)))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 4
    assert all(session is seen[0] for session in seen)


def test_isnet_runs_at_the_photo_aspect_ratio(segmenter: Segmenter) -> None:
    rgb, _ = car_scene(300, 170)
    probability = segmenter.isnet(rgb, long_side=320)
    assert probability.shape == (170, 300)
    assert probability.dtype == np.float32


def test_the_car_is_cut_out(segmenter: Segmenter) -> None:
    rgb, truth = car_scene()
    matte = segment(rgb, segmenter, Quality.medium)
    assert matte.shape == truth.shape
    predicted = matte >= 0.5
    iou = (predicted & truth).sum() / (predicted | truth).sum()
    assert iou > 0.9


def test_the_vehicle_model_gives_what_its_decoding_expects(model_dir: Path) -> None:
    x, _ = letterbox(car_scene()[0])
    candidates, prototypes = get_session(VEHICLES.name, model_dir).run(None, {"images": x})
    assert candidates.shape == (1, 4 + len(CLASSES) + 32, 8400)
    assert prototypes.shape == (1, 32, 160, 160)


def test_without_a_vehicle_found_the_matte_is_made_as_before(segmenter: Segmenter) -> None:
    rgb, _ = car_scene()
    result = segment_car(rgb, segmenter, Quality.low)
    # The drawn car is no vehicle to the car-aware model (it scores it below 0.1).
    assert result.vehicles == ()
    assert result.main is None
    expected = fuse(*model_probabilities(rgb, segmenter, EFFORT[Quality.low]), rgb)
    assert np.array_equal(result.matte, expected)


def test_isnet_runs_its_convolutions_in_int8_but_the_first(model_dir: Path) -> None:
    packaged = verified_path(ISNET, model_dir).read_bytes()
    quantised = isnet_for_cpu(packaged)
    graph = onnx.load_model_from_string(quantised).graph
    made_by = {output: node for node in graph.node for output in node.output}

    def dequantised(tensor: str) -> bool:
        return tensor in made_by and made_by[tensor].op_type == "DequantizeLinear"

    convolutions = [node for node in graph.node if node.op_type == "Conv"]
    in_fp32 = [c for c in convolutions if not (dequantised(c.input[0]) and dequantised(c.input[1]))]
    assert [c.name for c in in_fp32] == ["/conv_in/Conv"]  # it reads the photo itself
    assert len(convolutions) > 100

    options = ort.SessionOptions()
    options.log_severity_level = 3
    fp32 = ort.InferenceSession(isnet_fp32(packaged), options, providers=["CPUExecutionProvider"])
    rgb, _ = car_scene(512, 384)
    x = ((rgb.astype(np.float32) - 128) / 256).transpose(2, 0, 1)[None]
    (full,) = fp32.run(None, {"input": x})
    (int8,) = get_session(ISNET.name, model_dir).run(None, {"input": x})
    assert ((full >= 0.5) == (int8 >= 0.5)).mean() > 0.99
    assert np.abs(full - int8).mean() < 0.01
    # The session ran the copy kept for other processes: the same network, byte for byte.
    assert prepared_path(ISNET, model_dir, REWRITES[ISNET.name]).read_bytes() == quantised
