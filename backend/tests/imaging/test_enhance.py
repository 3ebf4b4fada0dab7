from dataclasses import fields, replace

import cv2
import numpy as np

from carsales.imaging.pipeline.enhance import Enhancements, enhance, local_contrast, white_balance
from tests.imaging.synthetic import car_scene


def _lab_means(rgb: np.ndarray) -> np.ndarray:
    return np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).reshape(-1, 3).mean(axis=0))


def test_all_steps_off_returns_the_photo_unchanged() -> None:
    rgb, _ = car_scene()
    assert np.array_equal(enhance(rgb, Enhancements.none()), rgb)


def test_each_switch_turns_its_own_step_on() -> None:
    noise = np.random.default_rng(3).normal(0, 6, (240, 320, 3))
    rgb = np.clip(car_scene()[0] * [0.8, 0.9, 1.1] * 0.6 + noise, 0, 255).astype(np.uint8)
    outputs = {}
    for step in fields(Enhancements):
        only = replace(Enhancements.none(), **{step.name: True})
        outputs[step.name] = enhance(rgb, only)
        assert not np.array_equal(outputs[step.name], rgb), step.name
    # Distinct steps give distinct results.
    names = list(outputs)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not np.array_equal(outputs[a], outputs[b]), (a, b)


def test_white_balance_removes_most_of_a_colour_cast() -> None:
    rgb, _ = car_scene()
    blue_cast = np.clip(rgb * np.array([0.85, 0.95, 1.15]), 0, 255).astype(np.uint8)
    before = _lab_means(blue_cast)
    after = _lab_means(white_balance(blue_cast))
    assert abs(after[2] - 128) < 0.5 * abs(before[2] - 128)


def test_local_contrast_works_on_lightness_only() -> None:
    rgb, _ = car_scene()
    flat = (rgb * 0.3 + 90).astype(np.uint8)
    out = local_contrast(flat)
    lab_in, lab_out = (cv2.cvtColor(x, cv2.COLOR_RGB2LAB).astype(float) for x in (flat, out))
    assert lab_out[..., 0].std() > lab_in[..., 0].std()
    assert np.abs(lab_out[..., 1:].mean(axis=(0, 1)) - lab_in[..., 1:].mean(axis=(0, 1))).max() < 2
