"""A photo job through the API with the real pipeline and models, run by the app's worker."""

import io
import json
import zipfile

import httpx
import numpy as np
from PIL import Image

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
    response = await client.post(
        "/api/v1/jobs",
        headers=seller.headers,
        data={"jobType": "background_removal", "settings": json.dumps(settings)},
        files=[
            ("files", ("front.jpg", _photo_with_gps(480, 360), "image/jpeg")),
            ("files", ("side.jpg", _photo_with_gps(400, 300), "image/jpeg")),
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


def _opaque_rows(image: Image.Image) -> int:
    rows = np.flatnonzero((np.asarray(image)[:, :, 3] > 127).any(axis=1))
    return int(rows[-1] - rows[0] + 1)
