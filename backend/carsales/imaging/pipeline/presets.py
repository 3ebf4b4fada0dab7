"""The user-facing choices, importable without loading numpy, OpenCV or ONNX Runtime."""

from enum import StrEnum


class Quality(StrEnum):
    """Resolution and effort of segmentation and encoding."""

    low = "low"
    medium = "medium"
    high = "high"


class OutputFormat(StrEnum):
    png = "png"
    webp = "webp"
    jpeg = "jpeg"

    @property
    def supports_alpha(self) -> bool:
        return self is not OutputFormat.jpeg

    @property
    def media_type(self) -> str:
        return f"image/{self.value}"

    @property
    def extension(self) -> str:
        return "jpg" if self is OutputFormat.jpeg else self.value


class SizePreset(StrEnum):
    original = "original"
    landscape_1600 = "4:3-1600"
    landscape_800 = "4:3-800"
    square_1080 = "square-1080"
