import numpy as np
import pytest

from carsales.imaging.pipeline.frame import car_box
from carsales.imaging.pipeline.shadow import (
    contact_columns,
    contact_shadow,
    ground_line,
    grounding,
    underside,
)
from carsales.imaging.pipeline.types import f32
from tests.imaging.synthetic import car_scene


def _three_quarter(width: int = 400, height: int = 240) -> np.ndarray:
    """A body with four wheels: the near pair lower than the far pair, as seen from a corner."""
    yy, xx = np.mgrid[0:height, 0:width]
    mask: np.ndarray = (xx > 60) & (xx < 380) & (yy > 80) & (yy < 150)
    for cx, cy in ((110, 160), (300, 160), (170, 152), (360, 152)):
        mask |= (xx - cx) ** 2 + (yy - cy) ** 2 < 18**2
    return mask


def test_the_tyres_are_the_contacts_and_the_sill_between_them_is_not() -> None:
    _, mask = car_scene()
    matte = f32(mask)
    box = car_box(matte)
    assert box is not None
    touch = contact_columns(underside(matte, box), box.height)
    width = mask.shape[1]
    tyre_columns = [round(width * 0.3) - box.left, round(width * 0.7) - box.left]
    assert all(touch[x] == 1 for x in tyre_columns)
    assert touch[width // 2 - box.left] == 0  # the sill, between the wheels
    assert touch[0] == 0 and touch[-1] == 0  # the bumpers' ends


def test_the_far_tyres_of_a_three_quarter_view_touch_the_floor_too() -> None:
    matte = f32(_three_quarter())
    box = car_box(matte)
    assert box is not None
    bottom = underside(matte, box)
    line = ground_line(bottom)
    touch = contact_columns(bottom, box.height)
    # The near tyres are the lowest points; the far rear one (x 360) sits 8 px higher, and
    # beyond the near rear tyre it is the lowest thing there: the floor line runs through it.
    assert touch[110 - box.left] == 1 and touch[300 - box.left] == 1
    assert touch[340 - box.left : 380 - box.left].max() == 1
    assert touch[205 - box.left] == 0  # the sill between the near wheels
    assert np.nanmax(np.abs(np.diff(line))) < 1  # a floor line, not a staircase


def test_the_shadow_is_darkest_right_under_the_tyres() -> None:
    _, mask = car_scene(640, 480)
    matte = f32(mask)
    box = car_box(matte)
    assert box is not None
    shadow = contact_shadow(matte, box)
    assert shadow.min() >= 0 and shadow.max() <= 1
    tyre_x, middle_x = round(640 * 0.3), 320
    bottom = underside(matte, box)
    under_tyre = shadow[bottom[tyre_x - box.left] + 1, tyre_x]
    under_middle = shadow[bottom[middle_x - box.left] + 1, middle_x]
    assert under_tyre > 0.7  # the contact: nearly black
    assert 0.2 < under_middle < under_tyre  # the ambient pool under the body
    assert shadow[box.top - 5, 2] == 0  # no shadow on the wall
    assert shadow[box.bottom + round(0.2 * box.height) + 2 :].max() == 0  # nor far out


def test_the_car_stands_on_its_shadow() -> None:
    _, mask = car_scene(640, 480)
    matte = f32(mask)
    box = car_box(matte)
    assert box is not None
    bands = grounding(matte, contact_shadow(matte, box))
    tyres = [band for band in bands if band.tyre]
    assert len(tyres) >= 2
    assert all(band.gap == 0 and band.touching for band in tyres)


def test_a_shadow_moved_away_from_the_car_is_measured_as_floating() -> None:
    _, mask = car_scene(640, 480)
    matte = f32(mask)
    box = car_box(matte)
    assert box is not None
    shadow = contact_shadow(matte, box)
    dropped = np.zeros_like(shadow)
    dropped[12:] = shadow[:-12]
    tyres = [band for band in grounding(matte, dropped) if band.tyre]
    assert any(band.gap > 2 or not band.touching for band in tyres)


def test_the_light_comes_from_one_side_whichever_way_the_car_faces() -> None:
    """A vehicle's set: the same car facing left and facing right casts its pool to the right
    both times, by the same share of its height."""
    matte = f32(_three_quarter())
    mirrored = matte[:, ::-1].copy()
    reaches = []
    for car in (matte, mirrored):
        box = car_box(car)
        assert box is not None
        lit = contact_shadow(car, box)
        unlit = contact_shadow(car, box, light_shift=0)
        reaches.append((_right_reach(lit) - _right_reach(unlit)) / box.height)
        assert abs(_left_reach(lit) - _left_reach(unlit)) <= 1  # the left end stays
    assert reaches[0] > 0.03 and reaches[0] == pytest.approx(reaches[1], abs=0.011)


def _right_reach(shadow: np.ndarray) -> int:
    return int(np.flatnonzero(shadow.max(axis=0) >= 0.05)[-1])


def _left_reach(shadow: np.ndarray) -> int:
    return int(np.flatnonzero(shadow.max(axis=0) >= 0.05)[0])
