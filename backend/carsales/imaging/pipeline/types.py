"""Array types shared by the pipeline steps."""

import numpy as np
import numpy.typing as npt

RGB = npt.NDArray[np.uint8]  # H x W x 3, sRGB
RGBA = npt.NDArray[np.uint8]  # H x W x 4, straight (not premultiplied) alpha
Matte = npt.NDArray[np.float32]  # H x W, 0 (background) to 1 (car)
Mask = npt.NDArray[np.bool_]  # H x W, True where the car is


def u8(array: npt.ArrayLike) -> npt.NDArray[np.uint8]:
    """An 8-bit array typed as such (OpenCV's stubs type every result as "some number")."""
    return np.asarray(array, dtype=np.uint8)


def f32(array: npt.ArrayLike) -> npt.NDArray[np.float32]:
    """A float32 array typed as such; no copy when it already is one."""
    return np.asarray(array, dtype=np.float32)
