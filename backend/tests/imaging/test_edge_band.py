"""The outline model (edge_band.py), on synthetic photos and hand-made model outputs."""

import cv2
import numpy as np

from carsales.imaging.pipeline import edge_band
from carsales.imaging.pipeline.segment import fuse


def _scene() -> tuple[np.ndarray, np.ndarray]:
    """A dark car body on a light street, 480x240, and its true mask."""
    rgb = np.full((240, 480, 3), 200, np.uint8)
    truth = np.zeros((240, 480), bool)
    truth[60:180, 80:400] = True
    rgb[truth] = (40, 40, 45)
    return rgb, truth


def _blurry(truth: np.ndarray, shift: int) -> np.ndarray:
    """A model's soft probability whose bottom edge sits `shift` pixels too low."""
    probability = np.zeros(truth.shape, np.float32)
    probability[60 : 180 + shift, 80:400] = 1
    kernel = np.ones(5, np.float32) / 5
    for axis in (0, 1):
        probability = np.apply_along_axis(np.convolve, axis, probability, kernel, mode="same")
    return probability.astype(np.float32)


def test_the_band_is_only_around_the_outline() -> None:
    rgb, truth = _scene()
    probability = _blurry(truth, 0)
    features, band = edge_band.band_features(rgb, probability, probability, truth)
    assert features.shape == (int(band.sum()), len(edge_band.FEATURES))
    assert band[60, 200] and band[179, 200] and band[180, 200]
    assert not band[120, 240]  # deep inside the car
    assert not band[10, 10]  # far out in the background
    assert np.isfinite(features).all()


def test_the_band_widens_with_the_photo() -> None:
    rgb, truth = _scene()
    probability = _blurry(truth, 0)
    _, band = edge_band.band_features(rgb, probability, probability, truth)
    big_rgb = np.repeat(np.repeat(rgb, 2, axis=0), 2, axis=1)
    big_truth = np.repeat(np.repeat(truth, 2, axis=0), 2, axis=1)
    big_p = np.repeat(np.repeat(probability, 2, axis=0), 2, axis=1)
    _, big_band = edge_band.band_features(big_rgb, big_p, big_p, big_truth)
    assert abs(big_band.sum() / band.sum() - 4) < 0.5


def test_a_light_sill_that_both_models_missed_is_taken_back() -> None:
    """A light car whose sill ends on the dark shadow under it: both models stop 2 px short
    (as they do with light sill trims); the photo's light-to-dark edge says where the car ends."""
    rgb = np.full((240, 480, 3), 120, np.uint8)
    truth = np.zeros((240, 480), bool)
    truth[60:180, 80:400] = True
    rgb[truth] = (190, 190, 195)
    rgb[180:190, 80:400] = (30, 30, 30)  # the shadow under the car
    probability = _blurry(truth, -2)
    plain = fuse(probability, probability) >= 0.5
    refined = fuse(probability, probability, rgb) >= 0.5
    columns = slice(150, 330)
    assert not plain[178:180, columns].any()  # the fused outline is too high
    assert refined[178:180, columns].all()
    assert not refined[180:, columns].any()  # and it does not spill into the shadow
    assert (refined ^ truth).sum() < 0.2 * (plain ^ truth).sum()


def test_the_matte_crosses_one_half_on_the_kept_outline() -> None:
    rgb, truth = _scene()
    probability = _blurry(truth, 0)
    probability[5:15, 5:15] = 0.9  # a sign far from the car
    matte = fuse(probability, probability, rgb)
    assert matte[10, 10] < 0.5
    assert matte[120, 240] == 1
    assert matte.min() >= 0 and matte.max() <= 1
    # Within about 3 rows of the truth: with no shadow under it, a dark car on a light floor
    # gains a row or two at the bottom (on the photos the model was fitted on, the ground
    # under a car is in shadow and a light bottom edge is a sill).
    assert ((matte >= 0.5) ^ truth).sum() < 0.03 * truth.sum()
    # The half crossing is one solid region: what thresholding the matte gives is the car kept.
    count, _ = cv2.connectedComponents((matte >= 0.5).astype(np.uint8))
    assert count == 2


def test_fit_recovers_a_separating_direction() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4000, 3)).astype(np.float32)
    y = x[:, 1] - 0.5 * x[:, 2] > 0
    means, scales, weights, _ = edge_band.fit(x, y)
    assert means.shape == scales.shape == weights.shape == (3,)
    assert weights[1] > 1 and weights[2] < -0.5 and abs(weights[0]) < 0.5
