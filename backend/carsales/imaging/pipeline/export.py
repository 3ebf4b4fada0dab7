"""Encoding the result. Nothing from the input's metadata (EXIF, GPS, XMP, ICC) is written."""

import io

from PIL import Image

from carsales.imaging.pipeline.presets import OutputFormat
from carsales.imaging.pipeline.types import RGB, RGBA


def encode(image: RGB | RGBA, output: OutputFormat, quality: int = 90) -> bytes:
    """Encode an RGB or RGBA array; `quality` applies to the lossy formats (WebP, JPEG)."""
    if image.shape[2] == 4 and not output.supports_alpha:
        raise ValueError(f"{output.value} has no alpha channel: compose on a background first")
    # Built from the pixels alone, so no metadata from the input can travel along.
    picture = Image.fromarray(image, "RGBA" if image.shape[2] == 4 else "RGB")
    buffer = io.BytesIO()
    if output is OutputFormat.png:
        picture.save(buffer, "PNG", compress_level=6)
    elif output is OutputFormat.webp:
        picture.save(buffer, "WEBP", quality=quality, method=4)
    else:
        picture.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()
