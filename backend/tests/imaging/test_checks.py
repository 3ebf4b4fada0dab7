import numpy as np

from carsales.imaging.pipeline.checks import (
    cut_off_sides,
    cut_off_warning,
    enlargement_warning,
)
from carsales.imaging.pipeline.frame import Placement
from carsales.imaging.pipeline.process import found_a_car
from carsales.imaging.pipeline.segment import Segmentation


def _matte(left: int, top: int, right: int, bottom: int) -> np.ndarray:
    matte = np.zeros((120, 160), np.float32)
    matte[top:bottom, left:right] = 1
    return matte


def test_a_car_inside_the_photo_is_not_cut_off() -> None:
    assert cut_off_sides(_matte(20, 30, 140, 100)) == []
    assert cut_off_warning(_matte(20, 30, 140, 100)) is None


def test_each_edge_the_car_runs_into_is_named() -> None:
    assert cut_off_sides(_matte(0, 30, 140, 100)) == ["left"]
    assert cut_off_sides(_matte(0, 0, 160, 100)) == ["left", "right", "top"]
    assert cut_off_sides(_matte(20, 30, 140, 120)) == ["bottom"]
    warning = cut_off_warning(_matte(20, 0, 160, 100))
    assert warning is not None and "right and top edges" in warning
    assert "touch it up" not in warning
    # On a cut-out, what reaches the edge may be a sign kept with the car: the user can erase it.
    on_cut_out = cut_off_warning(_matte(20, 0, 160, 100), cut_out=True)
    assert on_cut_out is not None and on_cut_out.startswith(warning)
    assert on_cut_out.endswith(
        "If it is something kept with the car that reaches the edge, touch it up."
    )


def test_a_speck_of_matte_at_the_border_is_not_a_cut() -> None:
    matte = _matte(20, 30, 140, 100)
    matte[50:52, 0] = 1
    assert cut_off_sides(matte) == []


def test_enlargement_beyond_one_and_a_half_times_is_reported_with_the_size_needed() -> None:
    assert enlargement_warning(Placement(1600, 1200, 1.4, 0, 0), (1200, 900)) is None
    warning = enlargement_warning(Placement(1600, 1200, 3.3, 0, 0), (480, 360))
    assert warning is not None
    assert "(480x360) is small for 1600x1200" in warning
    assert "enlarged 3.3 times" in warning and "1584x1188" in warning


def test_a_fragment_cut_out_without_a_recognised_vehicle_is_no_car() -> None:
    speck = _matte(70, 50, 82, 60)  # 0.6 % of the photo: a tail light, a wheel
    car = _matte(40, 40, 100, 80)  # 12.5 %
    assert not found_a_car(Segmentation(np.zeros((120, 160), np.float32)))
    assert not found_a_car(Segmentation(speck))
    assert found_a_car(Segmentation(car))
    # A vehicle the car-aware model recognised is a car however small it is in the photo.
    assert found_a_car(Segmentation(speck, main=0))
    assert not found_a_car(Segmentation(np.zeros((120, 160), np.float32), main=0))
