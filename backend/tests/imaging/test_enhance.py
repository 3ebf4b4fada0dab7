from dataclasses import fields, replace

import cv2
import numpy as np

from carsales.imaging.pipeline.colour import ciede2000, median_lab, to_lab
from carsales.imaging.pipeline.enhance import (
    MAX_CAST_CHROMA,
    Enhancements,
    enhance,
    local_contrast,
    white_balance,
)
from tests.imaging.synthetic import car_scene

BLUE_CAST = np.array([0.85, 0.95, 1.15])


def _lab_means(rgb: np.ndarray) -> np.ndarray:
    return np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).reshape(-1, 3).mean(axis=0))


def _red_car_with_tyres_under_a_blue_cast() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A crimson car with black tyres on a grey street and wall, all under a blue light; the
    photo, the car's matte and where the tyres are."""
    rgb, car = car_scene()
    height, width = car.shape
    yy, xx = np.mgrid[0:height, 0:width]
    tyres = np.zeros_like(car)
    for cx in (width * 0.3, width * 0.7):
        tyres |= (xx - cx) ** 2 + (yy - height * 0.68) ** 2 < (height * 0.07) ** 2
    scene = rgb.astype(np.float64)
    scene[~car] = (150, 150, 150)
    scene[(yy > height * 0.6) & ~car] = (110, 110, 110)
    scene[car] = (170, 20, 40)  # crimson: hue a little on the blue side of red
    scene[tyres] = (38, 38, 38)
    lit = np.clip(scene * BLUE_CAST, 0, 255).astype(np.uint8)
    return lit, car.astype(np.float32), tyres


def _chroma(rgb: np.ndarray, where: np.ndarray) -> float:
    lab = median_lab(rgb, where)
    return float(np.hypot(lab[1], lab[2]))


def test_all_steps_off_returns_the_photo_unchanged() -> None:
    rgb, car = car_scene()
    assert np.array_equal(enhance(rgb, Enhancements.none()), rgb)
    assert np.array_equal(enhance(rgb, Enhancements.none(), car.astype(np.float32)), rgb)


def test_each_switch_turns_its_own_step_on() -> None:
    noise = np.random.default_rng(3).normal(0, 6, (240, 320, 3))
    scene, car = car_scene()
    rgb = np.clip(scene * [0.8, 0.9, 1.1] * 0.6 + noise, 0, 255).astype(np.uint8)
    outputs = {}
    for step in fields(Enhancements):
        only = replace(Enhancements.none(), **{step.name: True})
        outputs[step.name] = enhance(rgb, only, car.astype(np.float32))
        assert not np.array_equal(outputs[step.name], rgb), step.name
    # Distinct steps give distinct results.
    names = list(outputs)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not np.array_equal(outputs[a], outputs[b]), (a, b)


def test_the_scene_cast_is_corrected_while_the_paint_keeps_its_hue() -> None:
    photo, car, _ = _red_car_with_tyres_under_a_blue_cast()
    out = enhance(photo, Enhancements(), car)
    body = cv2.erode(car.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    before, after = median_lab(photo, body), median_lab(out, body)
    # What is left is lightness (the contrast step), which k_L = 4 weighs down.
    assert float(ciede2000(before, after, k_l=4)) < 1.0
    assert float(ciede2000(before * [0, 1, 1], after * [0, 1, 1])) < 0.5
    hue = np.degrees(np.arctan2([before[2], after[2]], [before[1], after[1]]))
    assert abs(hue[0] - hue[1]) < 1.0

    wall = np.zeros_like(body)
    wall[:40, :40] = True  # far from the car
    cast_before, cast_after = to_lab(photo)[wall].mean(axis=0), to_lab(out)[wall].mean(axis=0)
    assert cast_before[2] < -8  # a clear blue cast to start with
    # Capped: no more than MAX_CAST_CHROMA of it is removed, but a good part of it is.
    assert cast_before[2] + 3 < cast_after[2] < cast_before[2] + MAX_CAST_CHROMA + 0.5


def test_tyres_stay_neutral() -> None:
    photo, car, tyres = _red_car_with_tyres_under_a_blue_cast()
    neutral = photo.copy()
    neutral[tyres] = 38  # neutral tyres in the photo: they must not come out tinted (teal)
    inner = cv2.erode(tyres.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    assert _chroma(enhance(neutral, Enhancements(), car), inner) < 1.5
    # Tyres in the photo's blue light keep the car's own light: no colour is added to them.
    assert _chroma(enhance(photo, Enhancements(), car), inner) <= _chroma(photo, inner) + 0.5


def test_the_cast_is_read_from_the_scene_not_from_the_car() -> None:
    """A big red car on a neutral street: grey world would call the photo red and turn it teal."""
    rgb, car = car_scene()
    rgb[~car] = (128, 128, 128)
    out = white_balance(rgb, car.astype(np.float32))
    assert np.abs(_lab_means(out) - _lab_means(rgb)).max() < 0.5


def test_without_a_car_matte_the_colours_are_left_alone() -> None:
    rgb, _ = car_scene()
    blue_cast = np.clip(rgb * BLUE_CAST, 0, 255).astype(np.uint8)
    out = enhance(blue_cast, replace(Enhancements.none(), white_balance=True))
    assert np.array_equal(out, blue_cast)


def test_white_balance_removes_a_colour_cast_up_to_its_cap() -> None:
    rgb, car = car_scene()
    blue_cast = np.clip(rgb * BLUE_CAST, 0, 255).astype(np.uint8)
    street = ~car
    before = to_lab(blue_cast)[street].mean(axis=0)
    after = to_lab(white_balance(blue_cast, car.astype(np.float32)))[street].mean(axis=0)
    removed = np.hypot(*(after[1:] - before[1:]))
    assert 3 < removed <= MAX_CAST_CHROMA + 0.5
    assert abs(after[2]) < abs(before[2])


def test_local_contrast_works_on_lightness_only() -> None:
    rgb, _ = car_scene()
    flat = (rgb * 0.3 + 90).astype(np.uint8)
    out = local_contrast(flat)
    lab_in, lab_out = (cv2.cvtColor(x, cv2.COLOR_RGB2LAB).astype(float) for x in (flat, out))
    assert lab_out[..., 0].std() > lab_in[..., 0].std()
    assert np.abs(lab_out[..., 1:].mean(axis=(0, 1)) - lab_in[..., 1:].mean(axis=(0, 1))).max() < 2


def test_a_saturated_paint_made_lighter_keeps_its_chroma() -> None:
    # A deep red car before a busy scene: the contrast step lightens much of it, and at the same
    # a* and b* a lighter deep red lies outside sRGB, where clipping would dull it.
    rng = np.random.default_rng(0)
    scene = rng.integers(0, 256, (30, 40, 3), dtype=np.uint8)
    photo = np.asarray(cv2.resize(scene, (400, 300)), dtype=np.uint8)
    car = np.zeros((300, 400), bool)
    car[80:240, 30:370] = True
    photo[car] = (200, 20, 20)
    inner = cv2.erode(car.astype(np.uint8), np.ones((7, 7), np.uint8)) > 0
    out = local_contrast(photo, keep_paint=(photo, car.astype(np.float32)))
    assert median_lab(out, inner)[0] > median_lab(photo, inner)[0] + 1.5  # lighter

    def chroma(rgb: np.ndarray) -> np.ndarray:
        lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
        return np.asarray(np.hypot(lab[..., 1] - 128, lab[..., 2] - 128)[inner])

    # Clipped instead, the dullest pixels lost 4.7.
    assert chroma(out).min() >= chroma(photo).min() - 2.5
