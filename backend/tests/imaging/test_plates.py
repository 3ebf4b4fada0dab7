import io

import numpy as np
import pytest
from PIL import Image

from carsales.imaging.pipeline.compose import Studio
from carsales.imaging.pipeline.frame import car_box, plan_set
from carsales.imaging.pipeline.plates import (
    SOLID_COLOUR,
    Masking,
    PlateMask,
    detect_plates,
    find_plates,
    iou,
    map_box,
    mask_plates,
)
from carsales.imaging.pipeline.presets import SizePreset
from carsales.imaging.pipeline.process import Cutout, Options, render
from carsales.imaging.pipeline.types import f32
from carsales.imaging.schemas import ImageJobSettings
from tests.imaging.synthetic import car_scene, with_plate

PLATE = (270, 280, 370, 302)  # on the lower body of a 640x480 car_scene


def _scene_with_plate() -> tuple[np.ndarray, np.ndarray]:
    rgb, mask = car_scene(640, 480)
    with_plate(rgb, PLATE)
    return rgb, f32(mask)


def test_a_plate_on_the_car_is_found_and_a_plain_car_has_none() -> None:
    rgb, matte = _scene_with_plate()
    (plate,) = detect_plates(rgb, matte, use_ocr=False)
    assert iou(plate.box, PLATE) >= 0.5
    plain, _ = car_scene(640, 480)
    assert detect_plates(plain, matte, use_ocr=False) == []


def test_a_plate_off_the_car_is_not_searched() -> None:
    rgb, matte = car_scene(640, 480)
    with_plate(rgb, (20, 420, 120, 442))  # on the street, left of the car
    assert detect_plates(rgb, f32(matte), use_ocr=False) == []


def test_a_large_photo_is_searched_smaller_and_the_box_mapped_back() -> None:
    rgb, mask = car_scene(1600, 1200)
    plate = (680, 700, 930, 755)
    with_plate(rgb, plate)
    (found,) = find_plates(rgb, f32(mask))
    assert iou(found, plate) >= 0.5


def test_map_box_covers_the_scaled_box() -> None:
    assert map_box((10, 20, 30, 40), 0.5, 100.2, -3) == (105, 7, 116, 17)


@pytest.mark.parametrize("how", [PlateMask.blur, PlateMask.solid, PlateMask.logo])
def test_masking_hides_the_characters_and_changes_nothing_else(how: PlateMask) -> None:
    rgb, matte = _scene_with_plate()
    logo = np.zeros((20, 80, 3), np.uint8)
    logo[:] = (200, 0, 0)
    (plate,) = detect_plates(rgb, matte, use_ocr=False)
    out = mask_plates(rgb, [plate.box], how, logo)
    left, top, right, bottom = PLATE
    covered = out[top:bottom, left:right].astype(int)
    # The whole plate is covered, its frame too: no character's edge survives.
    assert np.abs(np.diff(rgb[top:bottom, left:right].astype(int), axis=1)).mean() > 15
    assert np.abs(np.diff(covered, axis=1)).mean() < 3
    if how is PlateMask.solid:
        assert np.all(covered == SOLID_COLOUR)
    if how is PlateMask.logo:
        assert np.all(covered == (200, 0, 0))
    changed = np.any(out != rgb, axis=2)
    rows, cols = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
    assert top - 8 <= rows[0] and rows[-1] < bottom + 8
    assert left - 8 <= cols[0] and cols[-1] < right + 8


def test_masking_keeps_the_alpha_and_clips_to_the_image() -> None:
    rgba = np.zeros((50, 80, 4), np.uint8)
    rgba[..., 3] = 255
    rgba[10:20, 60:80, 3] = 0
    out = mask_plates(rgba, [(60, 10, 95, 20)], PlateMask.solid)
    assert np.array_equal(out[..., 3], rgba[..., 3])
    assert np.all(out[12:18, 70:80, :3] == SOLID_COLOUR)
    assert mask_plates(rgba, [(60, 10, 95, 20)], PlateMask.none) is rgba


def test_the_job_setting_and_each_photos_own() -> None:
    chosen = ImageJobSettings.model_validate({"plates": "blur", "platesPerPhoto": {"1": "none"}})
    assert chosen.plates_for(0) is PlateMask.blur
    assert chosen.plates_for(1) is PlateMask.none
    assert chosen.masks_plates and not chosen.uses_logo_plate
    only_one = ImageJobSettings.model_validate({"platesPerPhoto": {"2": "logo"}})
    assert only_one.masks_plates and only_one.uses_logo_plate
    assert not ImageJobSettings.model_validate({}).masks_plates
    with pytest.raises(ValueError, match="plates"):
        ImageJobSettings.model_validate({"plates": "pixelate"})


def test_the_plates_are_covered_where_the_framing_draws_them() -> None:
    rgb, matte = _scene_with_plate()
    box = car_box(matte)
    (placement,) = plan_set([(640, 480)], [box], SizePreset.landscape_1600)
    options = Options(background=Studio(), size=SizePreset.landscape_1600)
    cutout = Cutout(rgb, matte, box)
    masking = Masking(PlateMask.solid, (PLATE,))
    out = np.asarray(Image.open(io.BytesIO(render(cutout, placement, options, masking))))
    left, top, right, bottom = map_box(
        PLATE, placement.scale, placement.offset_x, placement.offset_y
    )
    assert np.all(out[top:bottom, left:right] == SOLID_COLOUR)
    plain = np.asarray(Image.open(io.BytesIO(render(cutout, placement, options))))
    shown = plain[top:bottom, left:right]
    # Without the mask: the plate drawn there, white paper and dark characters.
    assert (shown.min(axis=2) > 200).any() and (shown.max(axis=2) < 80).any()
