import numpy as np
import pytest

from carsales.imaging.pipeline.frame import (
    CANVAS_SIZES,
    FLOOR_MARGIN,
    SIDE_MARGIN,
    TOP_MARGIN,
    Box,
    Placement,
    apply,
    car_box,
    plan_set,
)
from carsales.imaging.pipeline.presets import SizePreset


def test_car_box() -> None:
    matte = np.zeros((10, 20), np.float32)
    assert car_box(matte) is None
    matte[2:5, 3:9] = 1
    matte[6, 0] = 0.4  # below the threshold
    assert car_box(matte) == Box(3, 2, 9, 5)


def test_original_size_is_left_alone() -> None:
    (placement,) = plan_set([(640, 480)], [Box(10, 10, 100, 100)], SizePreset.original)
    assert placement == Placement(640, 480, 1.0, 0.0, 0.0)
    rgb = np.zeros((480, 640, 3), np.uint8)
    matte = np.zeros((480, 640), np.float32)
    out_rgb, out_matte = apply(placement, rgb, matte)
    assert out_rgb is rgb and out_matte is matte


@pytest.mark.parametrize("preset", [p for p in SizePreset if p is not SizePreset.original])
def test_a_set_shares_car_height_floor_line_and_centre(preset: SizePreset) -> None:
    # A side view (long), a front view (narrow) and a closer photo of a 12-megapixel set.
    sizes = [(4000, 3000), (4000, 3000), (3000, 2000)]
    boxes = [Box(500, 1200, 3500, 2200), Box(1500, 1100, 2600, 2150), Box(100, 200, 2900, 1900)]
    placements = plan_set(sizes, boxes, preset)
    width, height = CANVAS_SIZES[preset]
    drawn = [p.map_box(b) for p, b in zip(placements, boxes, strict=True)]
    assert all((p.width, p.height) == (width, height) for p in placements)
    heights = {b.height for b in drawn}
    assert max(heights) - min(heights) <= 1
    for box in drawn:
        assert box.bottom == pytest.approx(height * (1 - FLOOR_MARGIN), abs=1)
        assert (box.left + box.right) / 2 == pytest.approx(width / 2, abs=1)
        assert box.left >= width * SIDE_MARGIN - 1 and box.right <= width * (1 - SIDE_MARGIN) + 1
        assert box.top >= height * TOP_MARGIN - 1
    # The longest car is the one that sets the common height: it fills the width.
    assert max(b.width for b in drawn) == pytest.approx(width * (1 - 2 * SIDE_MARGIN), abs=2)


def test_a_car_cut_by_the_photo_edge_keeps_that_edge_on_the_canvas_edge() -> None:
    (placement,) = plan_set([(1000, 750)], [Box(0, 300, 700, 600)], SizePreset.landscape_800)
    assert placement.map_box(Box(0, 300, 700, 600)).left == 0


def test_apply_draws_the_photo_scaled_and_the_rest_transparent() -> None:
    rgb = np.zeros((300, 400, 3), np.uint8)
    rgb[100:200, 100:300] = 255
    matte = (rgb[..., 0] > 0).astype(np.float32)
    (placement,) = plan_set([(400, 300)], [car_box(matte)], SizePreset.square_1080)
    out_rgb, out_matte = apply(placement, rgb, matte)
    assert out_rgb.shape == (1080, 1080, 3) and out_matte.shape == (1080, 1080)
    drawn = car_box(out_matte)
    assert drawn is not None
    assert drawn.width == pytest.approx(1080 * (1 - 2 * SIDE_MARGIN), abs=3)
    assert out_matte[5, 5] == 0  # above the photo: transparent, not black
