import io

import numpy as np
import pytest
from PIL import Image

from carsales.imaging.pipeline.decode import decode
from carsales.imaging.pipeline.export import encode
from carsales.imaging.pipeline.presets import OutputFormat
from tests.imaging.synthetic import encode as encode_input

RGBA_IMAGE = np.zeros((16, 24, 4), np.uint8)
RGBA_IMAGE[..., :3] = (200, 40, 40)
RGBA_IMAGE[4:12, 6:18, 3] = 255


@pytest.mark.parametrize("output", [OutputFormat.png, OutputFormat.webp])
def test_png_and_webp_keep_the_alpha_channel(output: OutputFormat) -> None:
    written = Image.open(io.BytesIO(encode(RGBA_IMAGE, output)))
    assert written.format == output.value.upper()
    assert written.mode == "RGBA"
    alpha = np.asarray(written)[..., 3]
    assert alpha[8, 12] == 255
    assert alpha[0, 0] == 0


def test_jpeg_needs_an_opaque_image() -> None:
    with pytest.raises(ValueError, match="no alpha"):
        encode(RGBA_IMAGE, OutputFormat.jpeg)
    written = Image.open(io.BytesIO(encode(RGBA_IMAGE[..., :3], OutputFormat.jpeg)))
    assert (written.format, written.mode) == ("JPEG", "RGB")


@pytest.mark.parametrize("output", list(OutputFormat))
def test_no_exif_or_gps_reaches_the_output(output: OutputFormat) -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 29.0)}  # GPS latitude
    photo = encode_input(np.full((20, 30, 3), 120, np.uint8), "JPEG", exif=exif)
    assert Image.open(io.BytesIO(photo)).getexif()  # the input really carries EXIF

    written = Image.open(io.BytesIO(encode(decode(photo), output)))
    assert not written.getexif()
    assert "exif" not in written.info
    assert "icc_profile" not in written.info
