"""The second look at a crop around the car (segment.model_probabilities), with a stand-in for
the two models that calls "car" whatever is car-red, so it answers the same on any crop."""

import numpy as np
import pytest

from carsales.imaging.pipeline.instances import Instance, Vehicle
from carsales.imaging.pipeline.presets import Quality
from carsales.imaging.pipeline.segment import (
    U2NETP_MAX_STRETCH,
    ZOOM_MARGIN,
    Effort,
    Segmenter,
    car_box,
    model_probabilities,
    segment_car,
    unstretched_box,
)
from carsales.imaging.pipeline.types import RGB, Mask, Matte, f32
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


class MissingTheCarFillingThePhoto(ColourKeyedModels):
    """A vehicle model that misses the car filling the photo and finds only a small one cut by
    the photo's left edge (segment.is_subject)."""

    def __init__(self, whole: RGB, beside: Mask) -> None:
        super().__init__(whole)
        self.beside = beside

    def vehicles(self, rgb: RGB) -> list[Instance]:
        return [Instance(Vehicle("car", 0.45, (0.0, 110.0, 30.0, 150.0)), f32(self.beside))]


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


def test_u2netp_sees_a_long_low_crop_widened_into_the_photo_above_and_below() -> None:
    # A long, low car in a taller photo: its crop is about 4:1, which U2-Net-p's square input
    # would stretch upright (it then took the shadow under the sill with the car).
    scene, scene_truth = car_scene(480, 160)
    rgb = np.empty((300, 480, 3), np.uint8)
    rgb[:] = (205, 210, 215)
    rgb[70:230] = scene
    truth = np.zeros((300, 480), bool)
    truth[70:230] = scene_truth
    models = ColourKeyedModels(rgb)
    isnet, u2netp = model_probabilities(rgb, models, ZOOM, vehicle=truth)
    top, bottom, left, right = car_box(truth, ZOOM_MARGIN)
    assert right - left > 3 * (bottom - top)
    assert models.isnet_shapes == [(bottom - top, right - left, 3)]  # ISNet keeps the aspect
    ((view_h, view_w, _),) = models.u2netp_shapes
    assert view_w == right - left and bottom - top < view_h <= 300
    assert view_w <= U2NETP_MAX_STRETCH * view_h + 1
    # Read back inside the crop alone: nothing outside it is car.
    assert np.array_equal(isnet >= 0.5, truth)
    assert np.array_equal(u2netp >= 0.5, truth)


@pytest.mark.parametrize(
    ("box", "stretch", "grown"),
    [
        ((40, 60, 20, 180), 4.0, (30, 70, 20, 180)),  # 8:1 -> 4:1 about its centre
        ((0, 20, 20, 180), 4.0, (0, 40, 20, 180)),  # stopped by the top edge, grown downwards
        ((40, 60, 0, 200), 1.5, (0, 100, 0, 200)),  # the photo's height is all there is
        ((10, 90, 95, 105), 4.0, (10, 90, 90, 110)),  # a tall box is widened
        ((30, 70, 40, 160), 4.0, (30, 70, 40, 160)),  # 3:1 is within the limit
    ],
)
def test_the_unstretched_box(
    box: tuple[int, int, int, int], stretch: float, grown: tuple[int, int, int, int]
) -> None:
    assert unstretched_box(box, 100, 200, stretch) == grown


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


def test_a_small_vehicle_beside_the_photo_subject_is_not_cut_out_and_u2netp_looks_once() -> None:
    rgb, truth = car_scene(320, 240)
    beside = np.zeros(truth.shape, bool)
    beside[110:150, 0:30] = True  # 1.6 % of the photo, apart from the car
    rgb[beside] = (90, 90, 95)  # grey: not car to the colour-keyed models
    models = MissingTheCarFillingThePhoto(rgb, beside)
    result = segment_car(rgb, models, Quality.medium)
    assert result.main is None
    assert len(result.vehicles) == 1  # still reported
    car = result.matte >= 0.5
    assert (car & truth).sum() / (car | truth).sum() > 0.9
    assert not car[beside].any()
    # The whole photo's look decided the subject and then served as the first look.
    assert models.u2netp_shapes.count(rgb.shape) == 1
