"""A photo job through the API with the real pipeline and models, run by the app's worker."""

import io
import json
import struct
import zipfile
import zlib

import cv2
import httpx
import numpy as np
from fastapi import FastAPI
from PIL import Image

from carsales.imaging.pipeline.frame import Box
from carsales.imaging.pipeline.process import Cutout
from carsales.imaging.tasks import _decode_cutout, _encode_cutout
from carsales.models import Role
from tests.conftest import TestDealership, wait_until_finished
from tests.imaging.synthetic import car_scene, encode


def _photo_with_gps(width: int, height: int) -> bytes:
    rgb, _ = car_scene(width, height)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 22.0, 0.0)}  # GPS latitude
    photo = encode(rgb, "JPEG", exif=exif.tobytes())
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(0x8825), "the input must carry GPS"
    return photo


async def test_a_vehicle_set_comes_back_framed_alike_with_alpha_and_no_metadata(
    client: httpx.AsyncClient, dealership: TestDealership, job_worker: object
) -> None:
    seller = dealership[Role.salesperson]
    settings = {"background": "transparent", "format": "png", "size": "4:3-800", "quality": "low"}
    photos = [_photo_with_gps(480, 360), _photo_with_gps(400, 300)]
    response = await client.post(
        "/api/v1/jobs",
        headers=seller.headers,
        data={"jobType": "background_removal", "settings": json.dumps(settings)},
        files=[
            ("files", ("front.jpg", photos[0], "image/jpeg")),
            ("files", ("side.jpg", photos[1], "image/jpeg")),
        ],
    )
    assert response.status_code == 201, response.text
    job = await wait_until_finished(client, response.json()["id"], seller.headers, within=120)
    assert job["status"] == "completed", job
    assert [item["outputName"] for item in job["items"]] == ["front.png", "side.png"]

    archive = await client.get(job["archiveUrl"])
    with zipfile.ZipFile(io.BytesIO(archive.content)) as bundle:
        images = [Image.open(io.BytesIO(bundle.read(name))) for name in ("front.png", "side.png")]
    for image in images:
        assert (image.format, image.mode, image.size) == ("PNG", "RGBA", (800, 600))
        assert not image.getexif() and "exif" not in image.info
        alpha = np.asarray(image)[:, :, 3]
        assert alpha.min() == 0 and alpha.max() == 255  # a cut-out, not the whole photo
    heights = [_opaque_rows(image) for image in images]
    # One framing for the set: both cars are drawn at the same height.
    assert abs(heights[0] - heights[1]) <= 4
    # Where each photo lies on its result, for the before/after slider: the photo drawn there
    # matches the result's car pixel for pixel.
    for item, image, photo in zip(job["items"], images, photos, strict=True):
        placement = item["inputPlacement"]
        assert (placement["outputWidth"], placement["outputHeight"]) == (800, 600)
        original = np.asarray(Image.open(io.BytesIO(photo)).convert("RGB"))
        scale = placement["width"] / original.shape[1]
        assert placement["height"] / original.shape[0] == scale
        result = np.asarray(image)
        car = result[:, :, 3] == 255
        errors = []
        for shift in (0, 6):  # as placed, and 6 px to the right
            warp = np.array(
                [[scale, 0, placement["left"] + shift], [0, scale, placement["top"]]], np.float32
            )
            drawn = cv2.warpAffine(original, warp, (800, 600), flags=cv2.INTER_AREA)
            errors.append(np.abs(drawn[car].astype(int) - result[:, :, :3][car]).mean())
        # A flat synthetic body differs only along its edges when misplaced, so compare.
        assert errors[0] < 1 and errors[1] > 4 * errors[0], errors


def _opaque_rows(image: Image.Image) -> int:
    rows = np.flatnonzero((np.asarray(image)[:, :, 3] > 127).any(axis=1))
    return int(rows[-1] - rows[0] + 1)


BACKDROP_COLOUR = (30, 140, 200)


def _solid_backdrop(kind: str = "PNG", **params: object) -> bytes:
    return encode(np.full((90, 120, 3), BACKDROP_COLOUR, np.uint8), kind, **params)


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header announces width x height pixels (a decompression bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


async def _create(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    settings: dict[str, str],
    backdrop: bytes | None,
    job_type: str = "background_removal",
) -> httpx.Response:
    files = [("files", ("front.jpg", encode(car_scene(160, 120)[0], "JPEG"), "image/jpeg"))]
    if backdrop is not None:
        files.append(("backdrop", ("wall.png", backdrop, "application/octet-stream")))
    return await client.post(
        "/api/v1/jobs",
        headers=headers,
        data={"jobType": job_type, "settings": json.dumps(settings)},
        files=files,
    )


async def test_a_custom_backdrop_is_drawn_behind_the_car(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership, job_worker: object
) -> None:
    seller = dealership[Role.salesperson]
    settings = {"background": "custom", "format": "png", "size": "4:3-800", "quality": "low"}
    response = await client.post(
        "/api/v1/jobs",
        headers=seller.headers,
        data={
            "jobType": "background_removal",
            # Only the server names the stored backdrop: a key sent by a client is dropped.
            "settings": json.dumps({**settings, "backdropKey": "other/jobs/x/secret.png"}),
        },
        files=[
            ("files", ("front.jpg", _photo_with_gps(480, 360), "image/jpeg")),
            ("backdrop", ("showroom.webp", _solid_backdrop("WEBP", lossless=True), "image/webp")),
        ],
    )
    assert response.status_code == 201, response.text
    created = response.json()
    key = created["settings"]["backdropKey"]
    assert key.startswith(f"{dealership.id}/jobs/{created['id']}/attachments/backdrop-")
    assert key.endswith(".webp")
    assert await app.state.storage.exists(key)

    job = await wait_until_finished(client, created["id"], seller.headers, within=120)
    assert job["status"] == "completed", job
    output = await client.get(job["items"][0]["outputUrl"])
    image = np.asarray(Image.open(io.BytesIO(output.content)))
    assert image.shape == (600, 800, 3)  # opaque: the car on the backdrop
    # Above the car (the top margin of the frame) every pixel comes from the backdrop; the car
    # itself is still there.
    top = image[:50].reshape(-1, 3).astype(int)
    assert np.abs(top - BACKDROP_COLOUR).max() <= 2
    car_red = (image[..., 0] > 110) & (image[..., 1] < 60) & (image[..., 2] < 70)
    assert car_red.sum() > 10_000

    # The backdrop is the job's: it goes with it.
    assert (
        await client.delete(f"/api/v1/jobs/{job['id']}", headers=seller.headers)
    ).status_code == 204
    assert not await app.state.storage.exists(key)


async def test_a_bad_backdrop_is_refused_with_the_reason(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    headers = dealership[Role.salesperson].headers
    custom = {"background": "custom"}
    limit = app.state.settings.upload_max_file_bytes
    max_pixels = app.state.settings.upload_max_pixels
    valid = _solid_backdrop()
    cases: list[tuple[dict[str, str], bytes | None, str, str]] = [
        (custom, b"GIF89a not an accepted backdrop", "invalid_attachment", "JPEG, PNG or WebP"),
        (custom, valid[: len(valid) // 2], "invalid_attachment", "damaged or truncated"),
        (custom, _png_claiming(9_000, 9_000), "invalid_attachment", f"the limit is {max_pixels:,}"),
        (custom, valid + b"\0" * limit, "invalid_attachment", "MB allowed"),
        (custom, None, "bad_request", "needs a backdrop image"),
        ({"background": "studio"}, valid, "bad_request", "only with the custom background"),
    ]
    for settings, backdrop, code, message in cases:
        response = await _create(client, headers, settings, backdrop)
        assert response.status_code == 400, (message, response.text)
        assert response.json()["code"] == code
        assert message in response.json()["detail"]

    refused = await _create(client, headers, custom, valid, job_type="image_enhancement")
    assert refused.status_code == 400
    assert "take no backdrop" in refused.json()["detail"]
    # Nothing of the refused requests is kept.
    listed = await client.get("/api/v1/jobs", headers=headers)
    assert listed.json()["total"] == 0


async def test_a_small_photo_and_a_cropped_car_are_processed_with_a_warning_each(
    client: httpx.AsyncClient, dealership: TestDealership, job_worker: object
) -> None:
    seller = dealership[Role.salesperson]
    large, _ = car_scene(1200, 900)
    cropped = np.ascontiguousarray(large[:, 300:])  # the car runs into the left edge
    settings = {"background": "white", "format": "jpeg", "size": "4:3-800", "quality": "low"}
    response = await client.post(
        "/api/v1/jobs",
        headers=seller.headers,
        data={"jobType": "full_pipeline", "settings": json.dumps(settings)},
        files=[
            ("files", ("small.jpg", encode(car_scene(160, 120)[0], "JPEG"), "image/jpeg")),
            ("files", ("cropped.jpg", encode(cropped, "JPEG"), "image/jpeg")),
        ],
    )
    assert response.status_code == 201, response.text
    job = await wait_until_finished(client, response.json()["id"], seller.headers, within=120)
    assert job["status"] == "completed", job
    small, cut = job["items"]
    assert len(small["warnings"]) == 1
    assert "(160x120) is small for 800x600" in small["warnings"][0]
    assert len(cut["warnings"]) == 1
    assert "cut off at the photo's left edge" in cut["warnings"][0]


async def test_a_photo_without_a_car_fails_with_the_reason_and_the_rest_of_its_set_is_made(
    client: httpx.AsyncClient, dealership: TestDealership, job_worker: object
) -> None:
    seller = dealership[Role.salesperson]
    rng = np.random.default_rng(3)
    tarmac = np.clip(rng.normal(110, 12, (360, 480, 3)), 0, 255).astype(np.uint8)
    response = await client.post(
        "/api/v1/jobs",
        headers=seller.headers,
        data={"jobType": "full_pipeline", "settings": json.dumps({"quality": "low"})},
        files=[
            ("files", ("car.jpg", encode(car_scene(480, 360)[0], "JPEG"), "image/jpeg")),
            ("files", ("tarmac.jpg", encode(tarmac, "JPEG"), "image/jpeg")),
        ],
    )
    assert response.status_code == 201, response.text
    job = await wait_until_finished(client, response.json()["id"], seller.headers, within=120)
    car, empty = job["items"]
    assert car["status"] == "completed"
    assert empty["status"] == "failed"
    assert empty["error"].startswith("No car was found in this photo, so there is nothing to cut")


async def test_a_pdf_named_jpg_is_refused_at_upload_with_its_name(
    client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    headers = dealership[Role.salesperson].headers
    photo = encode(car_scene(160, 120)[0], "JPEG")
    for job_type in ("full_pipeline", "image_enhancement"):
        response = await client.post(
            "/api/v1/jobs",
            headers=headers,
            data={"jobType": job_type},
            files=[
                ("files", ("front.jpg", photo, "image/jpeg")),
                ("files", ("contract.jpg", b"%PDF-1.7\n1 0 obj <<>> endobj\n", "image/jpeg")),
            ],
        )
        assert response.status_code == 400, response.text
        problem = response.json()
        assert problem["code"] == "unsupported_file"
        assert problem["detail"].startswith("contract.jpg: Not a JPEG, PNG, WebP or HEIC photo")
        assert problem["files"] == ["contract.jpg"]
    assert (await client.get("/api/v1/jobs", headers=headers)).json()["total"] == 0


async def test_an_enhancement_job_keeps_the_frame_and_warns_of_a_cropped_car(
    client: httpx.AsyncClient, dealership: TestDealership, job_worker: object
) -> None:
    seller = dealership[Role.salesperson]
    scene, _ = car_scene(480, 360)
    cropped = np.ascontiguousarray(scene[:, 120:])  # the car runs into the left edge
    response = await client.post(
        "/api/v1/jobs",
        headers=seller.headers,
        data={"jobType": "image_enhancement", "settings": json.dumps({"format": "png"})},
        files=[("files", ("cropped.jpg", encode(cropped, "JPEG"), "image/jpeg"))],
    )
    assert response.status_code == 201, response.text
    job = await wait_until_finished(client, response.json()["id"], seller.headers, within=120)
    assert job["status"] == "completed", job
    (item,) = job["items"]
    assert [w[:41] for w in item["warnings"]] == ["The car is cut off at the photo's left ed"]
    assert item["inputPlacement"] is None  # the result is the photo, framed as it was
    output = Image.open(io.BytesIO((await client.get(item["outputUrl"])).content))
    assert output.size == (360, 360)


def test_the_stored_cut_out_reads_back_exactly() -> None:
    rng = np.random.default_rng(7)
    rgb = rng.integers(0, 256, (90, 120, 3), dtype=np.uint8)
    matte = rng.integers(0, 256, (90, 120)).astype(np.float32) / np.float32(255)
    box = Box(10, 20, 100, 80)
    stored = _decode_cutout(_encode_cutout(Cutout(rgb, matte, box)), box)
    assert np.array_equal(stored.rgb, rgb)
    assert np.abs(stored.matte - matte).max() < 1e-6
    assert stored.box == box
