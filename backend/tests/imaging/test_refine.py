import numpy as np
import pytest

from carsales.imaging.pipeline.refine import WORKING_LONG_SIDE, decontaminate

CAR, STREET = np.array([200, 20, 20]), np.array([20, 180, 40])


@pytest.mark.parametrize("width", [300, 2 * WORKING_LONG_SIDE + 17])
def test_edge_pixels_lose_the_old_background_colour(width: int) -> None:
    height = width // 2
    alpha = np.zeros((height, width), np.float32)
    alpha[:, : width // 2] = 1
    ramp = slice(width // 2 - 4, width // 2 + 4)
    alpha[:, ramp] = np.linspace(0.9, 0.1, 8, dtype=np.float32)
    rgb = (alpha[..., None] * CAR + (1 - alpha[..., None]) * STREET).round().astype(np.uint8)

    out = decontaminate(rgb, alpha)

    edge = out[:, ramp].reshape(-1, 3).astype(float)
    assert np.abs(edge - CAR).mean() < 0.25 * np.abs(rgb[:, ramp].reshape(-1, 3) - CAR).mean()
    # Pixels that are wholly car or wholly background are left as they were.
    assert np.array_equal(out[:, :10], rgb[:, :10])
    assert np.array_equal(out[:, -10:], rgb[:, -10:])


def test_a_hard_matte_changes_nothing() -> None:
    rgb = np.full((20, 30, 3), 77, np.uint8)
    alpha = np.zeros((20, 30), np.float32)
    alpha[5:15, 5:25] = 1
    assert decontaminate(rgb, alpha) is rgb
