"""Touching up a finished cut-out through the API, with the real pipeline and models."""

import io
import json
from typing import Any

import httpx
import numpy as np
import pytest
from fastapi import FastAPI
from PIL import Image

from carsales.imaging.pipeline.touch_up import Stroke, touch_up
from carsales.models import Role
from tests.conftest import TestDealership, wait_until_finished
from tests.imaging.synthetic import car_scene, encode

WIDTH, HEIGHT = 480, 360
SETTINGS = {"background": "transparent", "format": "png", "size": "4:3-800", "quality": "low"}


def test_strokes_erase_and_restore_along_their_path_in_the_order_drawn() -> None:
    matte = np.ones((100, 200), np.float32)
    tapped = touch_up(matte, [Stroke(10, ((50.0, 50.0),))])
    assert tapped[50, 50] == 0 and tapped[50, 59] < 0.5 and tapped[50, 62] == 1
    dragged = touch_up(matte, [Stroke(4, ((100.0, 20.0), (180.0, 20.0)))])
    assert (dragged[20, 100:181] == 0).all()
    assert dragged[26, 140] == 1 and dragged[20, 186] == 1
    # Painted back over part of what was erased: the later stroke wins there.
    erase, restore = Stroke(10, ((50.0, 50.0),)), Stroke(3, ((50.0, 50.0),), restore=True)
    both = touch_up(matte, [erase, restore])
    assert both[50, 50] == 1 and both[50, 56] == 0
    assert touch_up(matte, [restore, erase])[50, 50] == 0
    # Restoring adds to an empty matte only where the brush goes.
    empty = touch_up(np.zeros((100, 200), np.float32), [restore])
    assert empty[50, 50] == 1 and empty[50, 56] == 0 and empty.sum() < 50
    assert touch_up(matte, []) is matte


async def _finished_set(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    photos = [encode(car_scene(WIDTH, HEIGHT)[0], "JPEG"), encode(car_scene(400, 300)[0], "JPEG")]
    response = await client.post(
        "/api/v1/jobs",
        headers=headers,
        data={"jobType": "background_removal", "settings": json.dumps(SETTINGS)},
        files=[
            ("files", ("side.jpg", photos[0], "image/jpeg")),
            ("files", ("other.jpg", photos[1], "image/jpeg")),
        ],
    )
    assert response.status_code == 201, response.text
    job = await wait_until_finished(client, response.json()["id"], headers, within=120)
    assert job["status"] == "completed", job
    return job


def _scale(item: dict[str, Any]) -> float:
    """Result pixels per pixel of the first photo (WIDTH wide)."""
    return float(item["inputPlacement"]["width"]) / WIDTH


def _on_result(item: dict[str, Any], x: float, y: float) -> list[float]:
    """Where the first photo's pixel (x, y) lies on its result."""
    placement = item["inputPlacement"]
    return [placement["left"] + x * _scale(item), placement["top"] + y * _scale(item)]


async def _alpha(client: httpx.AsyncClient, item: dict[str, Any]) -> np.ndarray:
    image = Image.open(io.BytesIO((await client.get(item["outputUrl"])).content))
    return np.asarray(image)[:, :, 3]


async def _car_right(client: httpx.AsyncClient, item: dict[str, Any]) -> float:
    """Where the car ends on the first photo, as seen on its result."""
    columns = np.flatnonzero((await _alpha(client, item) > 127).any(axis=0))
    return float(columns[-1] + 1 - item["inputPlacement"]["left"]) / _scale(item)


async def test_what_the_user_erases_leaves_the_result_and_the_set_is_framed_again(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership, job_worker: object
) -> None:
    seller = dealership[Role.salesperson]
    job = await _finished_set(client, seller.headers)
    side, other = job["items"]
    car_right = await _car_right(client, side)
    # Rub out the car's front (as a user rubs out a sign standing against it): two strokes
    # down the photo, 40 px wide each side, from x = 300 to the car's end.
    strokes = [
        {"radius": 40 * _scale(side), "points": [_on_result(side, x, y) for y in (60, 300)]}
        for x in (340, 400)
    ]
    url = f"/api/v1/jobs/{job['id']}/items/{side['id']}/touch-up"
    response = await client.post(url, headers=seller.headers, json={"strokes": strokes})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "pending"
    again = await wait_until_finished(client, job["id"], seller.headers, within=120)
    assert again["status"] == "completed", again
    touched, rerendered = again["items"]

    # Kept in the photo's pixels, and the car's box ends where the brush began.
    first, second = again["settings"]["touchUps"]["0"]
    assert (first["mode"], first["radius"]) == ("erase", pytest.approx(40, abs=0.05))
    assert np.allclose(second["points"], [[400, 60], [400, 300]], atol=0.05)
    assert car_right > 400
    assert await _car_right(client, touched) <= 301
    alpha = await _alpha(client, touched)
    assert alpha.max() == 255
    x, y = _on_result(touched, 340, HEIGHT * 0.5)
    assert alpha[round(y), round(x)] == 0
    # The other photo was not cut out again, only rendered again with the set.
    assert rerendered["timings"]["cutOut"] == other["timings"]["cutOut"]
    assert rerendered["timings"]["render"] != other["timings"]["render"]
    # Each photo has one result stored: the replaced ones are deleted.
    outputs = [key for key in await app.state.storage.list_keys() if "/outputs/" in key]
    assert len([key for key in outputs if job["id"] in key]) == 2

    # Part of the erased body painted back, drawn on the new result: the car now ends there.
    restore = {
        "mode": "restore",
        "radius": 10 * _scale(touched),
        "points": [_on_result(touched, 380, y) for y in (170, 230)],
    }
    response = await client.post(url, headers=seller.headers, json={"strokes": [restore]})
    assert response.status_code == 200, response.text
    restored = await wait_until_finished(client, job["id"], seller.headers, within=120)
    assert len(restored["settings"]["touchUps"]["0"]) == 3
    assert await _car_right(client, restored["items"][0]) == pytest.approx(390, abs=2)

    # Undone, the photo comes back as the models cut it out.
    response = await client.delete(url, headers=seller.headers)
    assert response.status_code == 200, response.text
    undone = await wait_until_finished(client, job["id"], seller.headers, within=120)
    assert "touchUps" not in undone["settings"]
    assert await _car_right(client, undone["items"][0]) == pytest.approx(car_right, abs=1)
    response = await client.delete(url, headers=seller.headers)
    assert response.status_code == 409
    assert response.json()["detail"] == "This photo has no touch-ups."


async def test_erasing_the_whole_car_fails_that_photo_with_the_reason_and_undo_recovers_it(
    client: httpx.AsyncClient, dealership: TestDealership, job_worker: object
) -> None:
    seller = dealership[Role.salesperson]
    job = await _finished_set(client, seller.headers)
    side = job["items"][0]
    output = side["inputPlacement"]
    everything = {
        "radius": output["outputWidth"],
        "points": [[output["outputWidth"] / 2, output["outputHeight"] / 2]],
    }
    url = f"/api/v1/jobs/{job['id']}/items/{side['id']}/touch-up"
    response = await client.post(url, headers=seller.headers, json={"strokes": [everything]})
    assert response.status_code == 200, response.text
    ended = await wait_until_finished(client, job["id"], seller.headers, within=120)
    failed, other = ended["items"]
    assert failed["status"] == "failed"
    assert failed["error"].startswith("The touch-up erased the whole car")
    assert other["status"] == "completed"

    response = await client.delete(url, headers=seller.headers)
    assert response.status_code == 200, response.text
    recovered = await wait_until_finished(client, job["id"], seller.headers, within=120)
    assert [item["status"] for item in recovered["items"]] == ["completed", "completed"]


async def test_a_touch_up_that_cannot_be_made_is_refused_with_the_reason(
    client: httpx.AsyncClient, dealership: TestDealership, job_worker: object
) -> None:
    seller = dealership[Role.salesperson]
    job = await _finished_set(client, seller.headers)
    side = job["items"][0]
    url = f"/api/v1/jobs/{job['id']}/items/{side['id']}/touch-up"
    outside = {"radius": 5, "points": [[10, side["inputPlacement"]["outputHeight"] + 1]]}
    response = await client.post(url, headers=seller.headers, json={"strokes": [outside]})
    assert response.status_code == 400
    assert response.json()["detail"] == "A stroke lies outside the image (800 x 600 pixels)."
    long = {"radius": 5, "points": [[10, 10]] * 2_000}
    response = await client.post(url, headers=seller.headers, json={"strokes": [long] * 11})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("A photo takes at most 500 strokes of 20,000")
    bodies: list[dict[str, Any]] = [
        {"strokes": []},
        {"strokes": [{"radius": 0, "points": [[1, 1]]}]},
        {"strokes": [{"mode": "smudge", "radius": 5, "points": [[1, 1]]}]},
    ]
    for body in bodies:
        response = await client.post(url, headers=seller.headers, json=body)
        assert response.status_code == 422, body
    unknown = f"/api/v1/jobs/{job['id']}/items/{job['id']}/touch-up"
    stroke = {"radius": 5, "points": [[10, 10]]}
    response = await client.post(unknown, headers=seller.headers, json={"strokes": [stroke]})
    assert response.status_code == 404
    # Nothing was changed by the refusals.
    unchanged = (await client.get(f"/api/v1/jobs/{job['id']}", headers=seller.headers)).json()
    assert unchanged["status"] == "completed" and "touchUps" not in unchanged["settings"]

    enhanced = await client.post(
        "/api/v1/jobs",
        headers=seller.headers,
        data={"jobType": "image_enhancement", "settings": json.dumps({"format": "png"})},
        files=[("files", ("side.jpg", encode(car_scene(160, 120)[0], "JPEG"), "image/jpeg"))],
    )
    finished = await wait_until_finished(client, enhanced.json()["id"], seller.headers, 120)
    item = finished["items"][0]
    response = await client.post(
        f"/api/v1/jobs/{finished['id']}/items/{item['id']}/touch-up",
        headers=seller.headers,
        json={"strokes": [stroke]},
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Only a photo cut out from its background")
