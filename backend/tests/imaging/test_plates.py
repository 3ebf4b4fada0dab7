import io

import cv2
import numpy as np
import pytest
from PIL import Image

from carsales.imaging.pipeline.compose import Studio
from carsales.imaging.pipeline.frame import car_box, plan_set
from carsales.imaging.pipeline.plates import (
    SOLID_COLOUR,
    Masking,
    PlateBox,
    PlateMask,
    detect_plates,
    find_plates,
    iou,
    map_box,
    mask_plates,
    plate_session,
)
from carsales.imaging.pipeline.presets import SizePreset
from carsales.imaging.pipeline.process import Cutout, Options, render
from carsales.imaging.pipeline.types import f32
from carsales.imaging.schemas import ImageJobSettings
from tests.imaging.synthetic import car_scene

BUMPER = (45, 45, 48)


def plated_car(
    width: int, height: int, plate: bool = True
) -> tuple[np.ndarray, np.ndarray, PlateBox]:
    """car_scene with what the plate model knows a car's plate by: a dark bumper across the
    lower body, a plate on it with a blue band at the top (a Mercosur plate, as most of the
    model's training data), and a camera's noise; the car's mask and the plate's box. On the
    bare car_scene with tests.imaging.synthetic.with_plate the model scores the plate 0.02 to
    0.1; here about 0.6."""
    rgb, mask = car_scene(width, height)
    plate_w = round(0.112 * width)
    plate_h = round(plate_w / 3.1)
    left, top = width // 2 - plate_w // 2, round(0.56 * height)
    bumper_top = round(0.54 * height)
    bumper = slice(bumper_top, bumper_top + round(2.2 * plate_h))
    rgb[bumper, round(0.15 * width) : round(0.85 * width)] = BUMPER
    box = (left, top, left + plate_w, top + plate_h)
    if plate:
        rgb[top : top + plate_h, left : left + plate_w] = _plate(plate_w, plate_h, "ABC1D23")
    noise = np.random.default_rng(0).normal(0, 6, rgb.shape)
    return np.clip(rgb + noise, 0, 255).astype(np.uint8), mask, box


def _plate(width: int, height: int, text: str) -> np.ndarray:
    """A white plate with a blue band and dark characters, drawn large, scaled down, softened."""
    scale = 8
    big_w, big_h = width * scale, height * scale
    plate = np.full((big_h, big_w, 3), 245, np.uint8)
    band = round(0.22 * big_h)
    plate[:band] = (20, 60, 160)
    cv2.rectangle(plate, (0, 0), (big_w - 1, big_h - 1), (20, 20, 20), scale)
    font = cv2.FONT_HERSHEY_SIMPLEX
    (text_w, text_h), _ = cv2.getTextSize(text, font, 1.0, 2)
    size = min(0.86 * big_w / text_w, 0.6 * (big_h - band) / text_h)
    thickness = max(int(size * 2.6), 1)
    (text_w, text_h), _ = cv2.getTextSize(text, font, size, thickness)
    origin = ((big_w - text_w) // 2, band + (big_h - band + text_h) // 2)
    cv2.putText(plate, text, origin, font, size, (15, 15, 15), thickness, cv2.LINE_AA)
    small = cv2.resize(plate, (width, height), interpolation=cv2.INTER_AREA)
    return np.asarray(cv2.GaussianBlur(small, (0, 0), sigmaX=0.6))


def test_the_plate_model_gives_what_its_decoding_expects() -> None:
    x = np.zeros((1, 3, 640, 640), np.float16)
    candidates, prototypes = plate_session().run(None, {"images": x})
    assert candidates.shape == (1, 4 + 1 + 32, 8400)  # box, the plate score, mask coefficients
    assert prototypes.shape == (1, 32, 160, 160)
    assert plate_session().get_modelmeta().custom_metadata_map["names"] == "{0: 'plate'}"


def test_a_plate_on_the_car_is_found_and_a_plain_car_has_none() -> None:
    rgb, mask, box = plated_car(640, 480)
    (plate,) = detect_plates(rgb, f32(mask), plate_session())
    assert iou(plate.box, box) >= 0.5
    assert plate.score > 0.3
    plain, _, _ = plated_car(640, 480, plate=False)
    assert detect_plates(plain, f32(mask), plate_session()) == []


def test_a_plate_off_the_car_is_not_the_cars() -> None:
    rgb, mask, box = plated_car(640, 480)
    width = box[2] - box[0]
    street = (20, 400, 20 + width, 400 + box[3] - box[1])  # left of the car, on the street
    rgb[street[1] : street[3], street[0] : street[2]] = rgb[box[1] : box[3], box[0] : box[2]]
    rgb[box[1] : box[3], box[0] : box[2]] = BUMPER  # the car's own plate taken off
    assert detect_plates(rgb, f32(mask), plate_session()) == []
    # Without a matte the whole photo is searched, and the same plate is found.
    (anywhere,) = detect_plates(rgb, None, plate_session())
    assert iou(anywhere.box, street) >= 0.5


def test_a_large_photo_is_searched_smaller_and_the_box_mapped_back() -> None:
    rgb, mask, box = plated_car(1600, 1200)
    (found,) = find_plates(rgb, f32(mask))
    assert iou(found, box) >= 0.5


def test_map_box_covers_the_scaled_box() -> None:
    assert map_box((10, 20, 30, 40), 0.5, 100.2, -3) == (105, 7, 116, 17)


@pytest.mark.parametrize("how", [PlateMask.blur, PlateMask.solid, PlateMask.logo])
def test_masking_hides_the_characters_and_changes_nothing_else(how: PlateMask) -> None:
    rgb, mask, box = plated_car(640, 480)
    logo = np.zeros((20, 80, 3), np.uint8)
    logo[:] = (200, 0, 0)
    (plate,) = detect_plates(rgb, f32(mask), plate_session())
    out = mask_plates(rgb, [plate.box], how, logo)
    left, top, right, bottom = box
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
    rgb, mask, plate = plated_car(640, 480)
    matte = f32(mask)
    box = car_box(matte)
    (placement,) = plan_set([(640, 480)], [box], SizePreset.landscape_1600)
    options = Options(background=Studio(), size=SizePreset.landscape_1600)
    cutout = Cutout(rgb, matte, box)
    masking = Masking(PlateMask.solid, (plate,))
    out = np.asarray(Image.open(io.BytesIO(render(cutout, placement, options, masking))))
    left, top, right, bottom = map_box(
        plate, placement.scale, placement.offset_x, placement.offset_y
    )
    assert np.all(out[top:bottom, left:right] == SOLID_COLOUR)
    plain = np.asarray(Image.open(io.BytesIO(render(cutout, placement, options))))
    shown = plain[top:bottom, left:right]
    # Without the mask: the plate drawn there, white paper and dark characters.
    assert (shown.min(axis=2) > 200).any() and (shown.max(axis=2) < 80).any()
