"""The combination rules, on hand-made model outputs (no models needed)."""

import numpy as np

from carsales.imaging.pipeline.segment import fill_enclosed_holes, fuse, keep_main_object


def _blank() -> np.ndarray:
    return np.zeros((60, 80), np.float32)


def test_only_the_main_object_is_kept() -> None:
    probability = _blank()
    probability[20:50, 10:60] = 0.95  # the car
    probability[5:12, 68:76] = 0.9  # a sign elsewhere in the frame
    matte = fuse(probability, probability)
    assert matte[35, 30] == 1
    assert matte[8, 70] == 0


def test_what_only_one_model_believes_is_dropped() -> None:
    isnet, u2netp = _blank(), _blank()
    isnet[20:50, 10:60] = u2netp[20:50, 10:60] = 0.95
    isnet[10:20, 30:40] = 0.9  # lettering on a wall behind the car, ISNet only
    matte = fuse(isnet, u2netp)
    assert matte[15, 35] < 0.5
    assert matte[35, 30] == 1


def test_windows_are_filled_but_open_gaps_are_not() -> None:
    probability = _blank()
    probability[10:40, 10:70] = 0.95
    probability[15:25, 20:30] = 0.05  # a window showing the street through it
    probability[30:40, 35:45] = 0.05  # the gap under the car, open to the bottom
    probability[40:60, 35:45] = 0.0
    matte = fuse(probability, probability)
    assert matte[20, 25] == 1
    assert matte[35, 40] < 0.5


def test_the_edge_is_a_short_ramp_centred_on_one_half() -> None:
    probability = np.tile(np.linspace(0, 1, 80, dtype=np.float32), (60, 1))
    matte = fuse(probability, probability)
    row = matte[30]
    assert row[0] == 0 and row[-1] == 1
    assert np.all(np.diff(row) >= 0)
    crossing = int(np.argmax(row >= 0.5))
    assert abs(crossing - 40) <= 1
    assert (row[crossing - 16 : crossing + 16] % 1).sum() > 0  # soft, not a hard step


def test_helpers_on_booleans() -> None:
    mask = np.zeros((10, 10), bool)
    mask[1:4, 1:4] = True
    mask[6:9, 6:10] = True
    mask[7, 7] = False
    assert keep_main_object(mask).sum() == 11
    assert fill_enclosed_holes(mask)[7, 7]
