"""The second look at a crop around the car (segment.model_probabilities), with a stand-in for
the two models that calls "car" whatever is car-red, so it answers the same on any crop."""

import numpy as np
import pytest

from carsales.imaging.pipeline.segment import (
    ZOOM_MARGIN,
    Effort,
    Segmenter,
    car_box,
    model_probabilities,
)
from carsales.imaging.pipeline.types import RGB, Matte, f32
from tests.imaging.synthetic import car_scene

ZOOM = Effort(isnet_long_sides=(1024,), mirror_u2netp=False, zoom=True)


class ColourKeyedModels(Segmenter):
    """Probability 1 on car-red pixels. The first look at the whole photo can be told to see
    only the left part of the car, as a model that missed its front would."""

    def __init__(self, whole: RGB, first_look_sees_up_to: float = 1.0) -> None:
        super().__init__(isnet=None, u2netp=None, vehicles=None)
        self.whole_shape = whole.shape
        self.first_look_sees_up_to = first_look_sees_up_to
        self.isnet_shapes: list[tuple[int, ...]] = []
        self.u2netp_shapes: list[tuple[int, ...]] = []

    def isnet(self, rgb: RGB, long_side: int) -> Matte:
        self.isnet_shapes.append(rgb.shape)
        return self._red(rgb)

    def u2netp(self, rgb: RGB) -> Matte:
        self.u2netp_shapes.append(rgb.shape)
        probability = self._red(rgb)
        if rgb.shape == self.whole_shape:
            probability[:, round(rgb.shape[1] * self.first_look_sees_up_to) :] = 0
        return probability

    @staticmethod
    def _red(rgb: RGB) -> Matte:
        return f32(np.all(rgb == (150, 20, 25), axis=-1))


def test_the_models_look_again_at_a_crop_around_the_car() -> None:
    rgb, truth = car_scene(320, 240)
    models = ColourKeyedModels(rgb)
    isnet, u2netp = model_probabilities(rgb, models, ZOOM)
    top, bottom, left, right = car_box(truth, ZOOM_MARGIN)
    assert bottom - top < 240 and right - left < 320
    assert models.isnet_shapes == [(bottom - top, right - left, 3)]
    assert isnet.shape == u2netp.shape == truth.shape
    assert np.array_equal(isnet >= 0.5, truth)
    assert np.array_equal(u2netp >= 0.5, truth)


def test_a_vehicle_found_is_the_first_look_and_u2netp_skips_the_whole_photo() -> None:
    rgb, truth = car_scene(320, 240)
    models = ColourKeyedModels(rgb, first_look_sees_up_to=0.0)  # it would have found nothing
    isnet, u2netp = model_probabilities(rgb, models, ZOOM, vehicle=truth)
    top, bottom, left, right = car_box(truth, ZOOM_MARGIN)
    assert models.isnet_shapes == models.u2netp_shapes == [(bottom - top, right - left, 3)]
    assert np.array_equal(isnet >= 0.5, truth)
    assert np.array_equal(u2netp >= 0.5, truth)


def test_a_car_the_first_look_cut_short_is_looked_at_in_the_whole_photo() -> None:
    rgb, truth = car_scene(320, 240)
    models = ColourKeyedModels(rgb, first_look_sees_up_to=0.5)
    isnet, _ = model_probabilities(rgb, models, ZOOM)
    assert models.isnet_shapes[-1] == rgb.shape
    assert np.array_equal(isnet >= 0.5, truth)  # the front of the car is there


def test_without_zoom_the_whole_photo_is_used_once() -> None:
    rgb, truth = car_scene(320, 240)
    models = ColourKeyedModels(rgb)
    isnet, u2netp = model_probabilities(rgb, models, Effort((640,), True, zoom=False))
    assert models.isnet_shapes == [rgb.shape]
    assert np.array_equal((isnet + u2netp) / 2 >= 0.5, truth)


@pytest.mark.parametrize(
    ("rows", "columns", "box"),
    [
        (slice(40, 60), slice(50, 150), (34, 66, 36, 164)),  # grown by 10 % and 4 px
        (slice(0, 90), slice(150, 200), (0, 100, 141, 200)),  # never past the photo's edge
    ],
)
def test_the_crop_box(rows: slice, columns: slice, box: tuple[int, int, int, int]) -> None:
    mask = np.zeros((100, 200), bool)
    mask[rows, columns] = True
    mask[95:98, 5:8] = True  # a speck elsewhere does not widen the box
    assert car_box(mask, 0.1) == box


def test_with_nothing_found_the_crop_is_the_whole_photo() -> None:
    assert car_box(np.zeros((100, 200), bool), 0.1) == (0, 100, 0, 200)
