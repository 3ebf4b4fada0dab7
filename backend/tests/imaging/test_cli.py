import io

import numpy as np
from PIL import Image
from typer.testing import CliRunner

from carsales.cli import app
from tests.imaging.synthetic import car_scene, encode

runner = CliRunner()


def test_process_writes_one_cutout_per_photo_and_reports_bad_ones(tmp_path) -> None:
    rgb, truth = car_scene()
    (tmp_path / "front.heic.jpg").write_bytes(encode(rgb, "PNG"))  # misnamed: a PNG
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "images", "process", str(tmp_path / "front.heic.jpg"), str(tmp_path / "broken.jpg"),
            "--out", str(out), "--quality", "low", "--no-enhance",
        ],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "broken.jpg: failed: the JPEG data is damaged" in result.output
    written = Image.open(out / "front.heic.png")
    assert (written.format, written.mode, written.size) == ("PNG", "RGBA", (320, 240))
    alpha = np.asarray(written)[..., 3] >= 128
    assert (alpha & truth).sum() / (alpha | truth).sum() > 0.9


def test_studio_jpeg_at_a_marketplace_size(tmp_path) -> None:
    photo = tmp_path / "side.png"
    photo.write_bytes(encode(car_scene()[0], "PNG"))
    result = runner.invoke(
        app,
        [
            "images", "process", str(photo), "--out", str(tmp_path),
            "--background", "studio", "--format", "jpeg", "--size", "4:3-800", "--quality", "low",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    written = Image.open(io.BytesIO((tmp_path / "side.jpg").read_bytes()))
    assert (written.format, written.size) == ("JPEG", (800, 600))


def test_bad_background_is_a_usage_error(tmp_path) -> None:
    photo = tmp_path / "a.png"
    photo.write_bytes(encode(car_scene()[0], "PNG"))
    result = runner.invoke(
        app, ["images", "process", str(photo), "--out", str(tmp_path), "--background", "plaid"]
    )
    assert result.exit_code == 2
    assert "background must be" in result.output
