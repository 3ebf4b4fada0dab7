"""The car-aware instance model's decoding and how the matte uses it (pipeline/instances.py,
segment.py); the real model runs in test_models.py."""

import numpy as np
import pytest

from carsales.imaging.pipeline import segment
from carsales.imaging.pipeline.checks import several_vehicles_warning
from carsales.imaging.pipeline.instances import (
    CLASSES,
    Instance,
    Letterbox,
    Vehicle,
    decode,
    letterbox,
    main_vehicle,
    non_max_suppression,
)
from carsales.imaging.pipeline.segment import fuse

# A 320x240 photo in the 640x640 input: scale 2, placed 80 px from the top.
FRAME = Letterbox(scale=2.0, left=0, top=80, width=320, height=240)


def _candidate(kind: str, score: float, box_xywh: tuple[float, ...], channel: int) -> np.ndarray:
    """One column of the model's first output: box, class scores, mask coefficients."""
    column = np.zeros(4 + len(CLASSES) + 32, np.float32)
    column[:4] = box_xywh
    column[4 + CLASSES.index(kind)] = score
    column[4 + len(CLASSES) + channel] = 1.0
    return column


def _outputs(columns: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    candidates = np.stack(columns, axis=1)[None]
    prototypes = np.full((1, 32, 160, 160), -10.0, np.float32)
    # Prototype 0 is "on" over x 40..120, y 40..100 (input x 160..480, y 160..400, which is
    # photo x 80..240, y 40..160); prototype 1 over the input's right-hand quarter.
    prototypes[0, 0, 40:100, 40:120] = 10.0
    prototypes[0, 1, :, 120:] = 10.0
    return candidates, prototypes


def test_letterbox_places_the_photo_centred_on_grey() -> None:
    rgb = np.zeros((240, 320, 3), np.uint8)
    rgb[..., 0] = 255
    x, frame = letterbox(rgb)
    assert x.shape == (1, 3, 640, 640)
    assert frame == FRAME
    assert x[0, 0, 79, 320] == pytest.approx(114 / 255)  # padding above the photo
    assert x[0, :, 80, 0].tolist() == [1.0, 0.0, 0.0]  # RGB order, scaled to 0..1
    assert x[0, 0, 560, 320] == pytest.approx(114 / 255)  # padding below it


def test_decoding_keeps_the_best_of_overlapping_boxes_and_drops_bikes_and_weak_scores() -> None:
    car_box = (320.0, 280.0, 400.0, 160.0)  # input x 120..520, y 200..360
    candidates, prototypes = _outputs(
        [
            _candidate("car", 0.9, car_box, channel=0),
            _candidate("van", 0.8, (325.0, 282.0, 400.0, 160.0), channel=0),  # the same vehicle
            _candidate("bike", 0.95, (560.0, 300.0, 80.0, 80.0), channel=1),
            _candidate("lorry", 0.6, (580.0, 420.0, 100.0, 60.0), channel=1),
            _candidate("car", 0.2, (100.0, 500.0, 50.0, 50.0), channel=1),  # below the threshold
        ]
    )
    instances = decode(candidates, prototypes, FRAME)

    assert [i.vehicle.kind for i in instances] == ["car", "lorry"]
    assert [i.vehicle.score for i in instances] == pytest.approx([0.9, 0.6])
    # Boxes are in photo pixels: letterbox offset removed, scale undone.
    assert instances[0].vehicle.box == pytest.approx((60.0, 60.0, 260.0, 140.0))
    assert instances[1].vehicle.box == pytest.approx((265.0, 155.0, 315.0, 185.0))


def test_a_mask_is_the_prototype_mix_cropped_to_its_box_at_the_photo_size() -> None:
    candidates, prototypes = _outputs([_candidate("car", 0.9, (320.0, 280.0, 400.0, 160.0), 0)])
    (instance,) = decode(candidates, prototypes, FRAME)
    assert instance.probability.shape == (240, 320)
    expected = np.zeros((240, 320), bool)
    expected[60:140, 80:240] = True  # prototype 0's square (x 80..240, y 40..160) within the box
    wrong = instance.mask ^ expected
    assert wrong.sum() == 0
    assert instance.probability[100, 150] > 0.99
    assert instance.probability[50, 150] == 0  # in the prototype's square but outside the box


def test_nothing_found_gives_no_instances() -> None:
    candidates, prototypes = _outputs([_candidate("bike", 0.9, (320.0, 280.0, 100.0, 100.0), 1)])
    assert decode(candidates, prototypes, FRAME) == []


def test_non_max_suppression_keeps_separate_boxes_and_the_best_of_overlapping_ones() -> None:
    boxes = np.array([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30], [0, 0, 10, 10]], np.float32)
    scores = np.array([0.5, 0.9, 0.7, 0.4], np.float32)
    assert non_max_suppression(boxes, scores, 0.45) == [1, 2]
    assert non_max_suppression(boxes, scores, 0.99) == [1, 2, 0]  # identical boxes: one kept


def _instance(box: tuple[int, int, int, int], shape: tuple[int, int] = (300, 400)) -> Instance:
    left, top, right, bottom = box
    probability = np.zeros(shape, np.float32)
    probability[top:bottom, left:right] = 1
    return Instance(Vehicle("car", 0.9, (left, top, right, bottom)), probability)


def test_the_main_car_is_the_central_one_unless_one_at_the_side_is_over_twice_its_size() -> None:
    central = _instance((140, 110, 260, 190))  # 120 x 80, centred
    # 150 x 100 centred half-way to the left edge (d = 0.5): larger, but less than twice.
    beside = _instance((0, 100, 150, 200))
    assert main_vehicle([beside, central]) == 1
    # 200 x 120 centred 100 px left of centre (d = 0.4): over twice the size, it wins.
    bigger = _instance((0, 90, 200, 210))
    assert main_vehicle([central, bigger]) == 1
    assert main_vehicle([]) is None


# The matte's rules around the main vehicle (segment.fuse), on hand-made model outputs: a
# 200x120 photo whose vehicle is 120 px long, so pieces beyond 7 px (VEHICLE_FAR) of its outline
# are something else.
def _car() -> tuple[np.ndarray, np.ndarray]:
    """The fused probability of a plain car body and the vehicle model's mask of it."""
    probability = np.zeros((120, 200), np.float32)
    probability[40:90, 40:160] = 0.95
    return probability, probability > 0.5


def test_an_object_touching_the_car_is_cut_off_along_the_vehicle_outline() -> None:
    probability, vehicle = _car()
    probability[15:90, 160:190] = 0.9  # a bin against the car's back, 30 px beyond it
    rgb = np.full((120, 200, 3), 200, np.uint8)
    rgb[probability > 0.5] = (90, 60, 160)
    assert fuse(probability, probability)[30, 175] == 1  # without the vehicle it stayed
    for photo in (None, rgb):
        matte = fuse(probability, probability, photo, vehicle)
        assert matte[30, 175] == 0 and matte[60, 175] == 0
        assert matte[60, 155] == 1  # the car's own edge stays
        assert matte[:, 162:].max() == 0  # not even a faint strip of it along the cut


def test_what_sticks_out_a_little_stays_and_so_does_a_sill_the_vehicle_mask_missed() -> None:
    probability, _ = _car()
    probability[90:100, 45:65] = probability[90:100, 135:155] = 0.95  # the tyres
    vehicle = probability > 0.5
    vehicle[75:100, 65:135] = False  # the blocky mask stops short between the tyres
    probability[48:54, 160:164] = 0.95  # a mirror, 4 px out
    probability[90:96, 65:135] = 0.9  # the dark sill, 20 px below the vehicle's mask
    matte = fuse(probability, probability, None, vehicle)
    assert matte[50, 162] == 1
    assert matte[93, 100] == 1


def test_a_speck_kept_apart_from_the_body_is_dropped_and_a_mirror_apart_is_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    probability, vehicle = _car()  # 6000 px of body
    probability[33:39, 96:107] = 0.4  # a faint halo, which gives the speck a soft rim
    probability[37:39, 100:103] = 0.95  # 6 px of a bollard, a pixel above the roof
    probability[44:52, 161:166] = 0.95  # a 40 px mirror, a pixel beside the body
    with monkeypatch.context() as kept:
        kept.setattr(segment, "SPECK_SHARE", 0)
        assert fuse(probability, probability, None, vehicle)[35, 98] > 0  # a corner of the rim
    matte = fuse(probability, probability, None, vehicle)
    assert matte[33:38, 96:107].max() == 0  # the speck and its soft rim, corners too
    assert (matte[44:52, 161:166] == 1).all()
    assert matte[60, 100] == 1


def test_the_main_vehicle_wins_over_a_larger_salient_object_elsewhere() -> None:
    probability, vehicle = _car()
    probability[0:30, 0:200] = 0.95  # a shop sign across the top, larger than the car
    assert fuse(probability, probability)[10, 100] == 1  # the largest region was kept
    matte = fuse(probability, probability, None, vehicle)
    assert matte[10, 100] == 0
    assert matte[60, 100] == 1


def test_a_body_the_matte_lost_is_taken_from_the_vehicle_and_a_small_rim_is_not() -> None:
    probability, vehicle = _car()
    probability[40:90, 100:160] = 0.1  # a white body on a white floor: the right half lost
    matte = fuse(probability, probability, None, vehicle)
    assert (matte[45:85, 45:155] == 1).all()
    assert matte[60, 170] == 0 and matte[30, 100] == 0

    probability, vehicle = _car()
    probability[42:88, 42:158] = 0.95
    probability[40:90, 40:160] = np.where(
        np.pad(np.ones((46, 116), bool), 2), probability[40:90, 40:160], 0.1
    )  # the matte is 2 px inside the vehicle's blocky mask all round: the matte's outline holds
    matte = fuse(probability, probability, None, vehicle)
    assert matte[40, 100] < 0.5 and matte[42, 100] >= 0.5


def test_holes_inside_the_vehicle_are_filled() -> None:
    probability, vehicle = _car()
    probability[55:95, 70:130] = 0.05  # dark wrap shapes punched through the body to the floor
    probability[90:120, 70:130] = 0.0
    assert fuse(probability, probability)[70, 100] == 0
    assert fuse(probability, probability, None, vehicle)[70, 100] == 1


def test_a_photo_with_several_vehicles_says_which_was_cut_out() -> None:
    car = Vehicle("car", 0.9, (40.2, 30.0, 300.0, 200.4))
    van = Vehicle("van", 0.7, (300.0, 20.0, 420.0, 150.0))
    assert several_vehicles_warning([car], 0) is None
    assert several_vehicles_warning([], None) is None
    warning = several_vehicles_warning([van, car], 1)
    assert warning is not None
    assert "2 vehicles" in warning
    assert "a car, at x 40-300, y 30-200" in warning


def _photo_with_vehicle(rows: slice, columns: slice) -> np.ndarray:
    vehicle = np.zeros((240, 320), bool)
    vehicle[rows, columns] = True
    return vehicle


def _unasked() -> np.ndarray:
    raise AssertionError("the photo's salient object was asked for")


def test_a_large_vehicle_is_the_subject_without_asking_the_salient_object() -> None:
    vehicle = _photo_with_vehicle(slice(40, 200), slice(40, 280))  # half of the photo
    assert segment.is_subject(vehicle, _unasked)


def test_a_small_vehicle_beside_a_larger_salient_object_is_not_the_subject() -> None:
    # A close rear view the vehicle model missed, and a car cut by the photo's left edge.
    beside = _photo_with_vehicle(slice(100, 160), slice(0, 40))
    salient = np.zeros((240, 320), np.float32)
    salient[40:220, 70:260] = 0.9
    assert not segment.is_subject(beside, lambda: salient)
    # The salient object is the vehicle itself, or no larger than twice its size: it is.
    salient_on_it = np.zeros((240, 320), np.float32)
    salient_on_it[95:165, 0:60] = 0.9
    assert segment.is_subject(beside, lambda: salient_on_it)
    nearly_as_small = np.zeros((240, 320), np.float32)
    nearly_as_small[100:160, 100:170] = 0.9  # 4,200 px against the vehicle's 2,400
    assert segment.is_subject(beside, lambda: nearly_as_small)
