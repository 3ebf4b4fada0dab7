"""Decompression bombs are refused at upload, from the header alone (issue 11, item 9: a 57 KB
PNG of 59 megapixels cost a worker 33 s of CPU and 1.6 GB, and a hundred fit one request)."""

import struct
import time
import zlib

import httpx
from fastapi import FastAPI

from carsales.imaging.pipeline.decode import pixel_size
from carsales.models import Role
from tests.conftest import TestDealership
from tests.imaging.synthetic import car_scene, encode

SIDE = 7_700  # 59.3 megapixels: under Pillow's own limit, over the server's


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def _png(width: int, height: int, pixels: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    chunks = _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def _black_png(width: int, height: int) -> bytes:
    """A real, decodable PNG, every pixel black: it compresses about 1000 to 1."""
    return _png(width, height, zlib.compress(bytes((width + 1) * height), 9))


async def test_a_photo_of_too_many_pixels_is_refused_at_upload_without_decoding_it(
    app: FastAPI, client: httpx.AsyncClient, dealership: TestDealership
) -> None:
    seller = dealership[Role.salesperson]
    bomb = _black_png(SIDE, SIDE)
    assert len(bomb) < 100_000
    assert pixel_size(bomb) == (SIDE, SIDE)
    photo = encode(car_scene(320, 240)[0], "JPEG")
    limit = app.state.settings.upload_max_pixels
    assert SIDE * SIDE > limit == 50_000_000

    started = time.perf_counter()
    refused = await client.post(
        "/api/v1/jobs",
        headers=seller.headers,
        data={"jobType": "image_enhancement"},
        files=[
            ("files", ("car.jpg", photo, "image/jpeg")),
            ("files", ("bomb.png", bomb, "image/png")),
        ],
    )
    assert time.perf_counter() - started < 2  # decoding it would take tens of seconds
    assert refused.status_code == 413, refused.text
    problem = refused.json()
    assert (problem["code"], problem["files"]) == ("image_too_large", ["bomb.png"])
    assert problem["detail"] == (
        "bomb.png: the image is 7,700 x 7,700 pixels (59.3 megapixels); the limit is 50 megapixels."
    )
    # Past Pillow's own limit the header is refused as well (Pillow will not even describe it).
    huge = _png(20_000, 20_000, zlib.compress(bytes(64)))  # only its header matters
    beyond = await client.post(
        "/api/v1/jobs",
        headers=seller.headers,
        data={"jobType": "full_pipeline"},
        files=[("files", ("huge.png", huge, "image/png"))],
    )
    assert beyond.status_code == 413
    assert beyond.json()["files"] == ["huge.png"]
    assert (await client.get("/api/v1/jobs", headers=seller.headers)).json()["total"] == 0

    accepted = await client.post(
        "/api/v1/jobs",
        headers=seller.headers,
        data={"jobType": "image_enhancement"},
        files=[("files", ("car.jpg", photo, "image/jpeg"))],
    )
    assert accepted.status_code == 201, accepted.text


def test_a_header_cut_short_does_not_tell_the_size() -> None:
    photo = encode(car_scene(320, 240)[0], "JPEG")
    assert pixel_size(photo) == (320, 240)
    assert pixel_size(photo[:10]) is None  # left to the worker, which checks before decoding
    assert pixel_size(b"%PDF-1.7") is None
