"""Why an image cannot be processed. Plain exceptions: the service layer maps them to HTTP."""


class ImageError(ValueError):
    """The image cannot be processed; the message says why, in words fit for the user."""


class UnsupportedImageError(ImageError):
    """The bytes are not a JPEG, PNG, WebP or HEIC/HEIF image."""


class CorruptImageError(ImageError):
    """The bytes claim a supported type but cannot be decoded (truncated, damaged)."""


class TooManyPixelsError(ImageError):
    """The image is larger than the pixel limit (protects against decompression bombs)."""


class ImageShapeError(ImageError):
    """The image is too thin or too narrow to process (a side of a few pixels, a strip)."""


class NoCarError(ImageError):
    """Nothing car-sized stands out in the photo, so there is nothing to cut out."""
