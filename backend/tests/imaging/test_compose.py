import numpy as np
import pytest

from carsales.imaging.pipeline.compose import (
    BackdropImage,
    SolidColour,
    Studio,
    Transparent,
    compose,
    parse_background,
)
from carsales.imaging.pipeline.frame import car_box
from tests.imaging.synthetic import car_scene


@pytest.fixture
def cutout() -> tuple[np.ndarray, np.ndarray]:
    rgb, mask = car_scene()
    return rgb, mask.astype(np.float32)


def test_parse_background() -> None:
    assert parse_background("transparent") == Transparent()
    assert parse_background("WHITE") == SolidColour((255, 255, 255))
    assert parse_background("studio") == Studio()
    assert parse_background("#1a2B3c") == SolidColour((0x1A, 0x2B, 0x3C))
    for bad in ("#12345", "blue", "#GGGGGG", ""):
        with pytest.raises(ValueError, match="background must be"):
            parse_background(bad)


def test_transparent_background_keeps_the_matte_as_alpha(cutout) -> None:
    rgb, matte = cutout
    matte[0, 0] = 0.5
    out = compose(rgb, matte, Transparent())
    assert out.shape == (*matte.shape, 4)
    assert np.array_equal(out[..., :3], rgb)
    assert out[0, 0, 3] == 128
    assert np.array_equal(out[1:, :, 3] == 255, matte[1:] == 1)


def test_solid_colour_fills_the_background_only(cutout) -> None:
    rgb, matte = cutout
    out = compose(rgb, matte, SolidColour((0, 0, 255)))
    assert out.shape == rgb.shape
    assert np.array_equal(out[matte == 0], np.tile([0, 0, 255], ((matte == 0).sum(), 1)))
    assert np.array_equal(out[matte == 1], rgb[matte == 1])


def test_studio_has_a_seamless_backdrop_and_a_shadow_under_the_tyres(cutout) -> None:
    rgb, matte = cutout
    out = compose(rgb, matte, Studio()).astype(int)
    box = car_box(matte)
    assert box is not None
    column = out[:, 5].sum(axis=1)
    # Wall to floor: a gradient without a step anywhere.
    assert np.abs(np.diff(column)).max() <= 12
    # Just under a tyre the floor is darker than at the same height far to the side.
    below = box.bottom + 1
    tyre_x = round(matte.shape[1] * 0.3)
    assert out[below, tyre_x].sum() < out[below, 3].sum() - 30


def test_backdrop_image_covers_the_canvas(cutout) -> None:
    rgb, matte = cutout
    backdrop = np.zeros((50, 400, 3), np.uint8)
    backdrop[:] = (0, 120, 0)
    out = compose(rgb, matte, BackdropImage(backdrop))
    assert out.shape == rgb.shape
    assert tuple(out[2, 2]) == (0, 120, 0)
