import numpy as np
import pytest

from carsales.imaging.pipeline.colour import ciede2000, median_lab, to_lab

# From the test data published with Sharma, Wu and Dalal, "The CIEDE2000 colour-difference
# formula: implementation notes, supplementary test data, and mathematical observations" (2005),
# pairs 1, 4, 7, 8, 13-20, 25, 26, 33, 34: chroma and hue terms, the neutral-colour and 180-degree
# hue conventions (13-16), large differences (17-20) and ordinary ones.
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0000),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, -1.0, 2.0), (50.0, 0.0, 0.0), 2.3669),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0009), 7.1792),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0010), 7.1792),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0011), 7.2195),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0012), 7.2195),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
    ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
    ((50.0, 2.5, 0.0), (58.0, 24.0, 15.0), 19.4535),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((63.0109, -31.0961, -5.8663), (62.8187, -29.7946, -4.0864), 1.2630),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ((36.4612, 47.8580, 18.3852), (36.2715, 50.5065, 21.2231), 1.4146),
]


@pytest.mark.parametrize(("first", "second", "expected"), SHARMA)
def test_ciede2000_matches_the_published_test_data(
    first: tuple[float, float, float], second: tuple[float, float, float], expected: float
) -> None:
    assert float(ciede2000(first, second)) == pytest.approx(expected, abs=5e-5)
    assert float(ciede2000(second, first)) == pytest.approx(expected, abs=5e-5)


def test_ciede2000_is_vectorised_and_weighs_lightness_down_with_k_l() -> None:
    firsts = np.array([pair[0] for pair in SHARMA])
    seconds = np.array([pair[1] for pair in SHARMA])
    together = ciede2000(firsts, seconds)
    assert together == pytest.approx([pair[2] for pair in SHARMA], abs=5e-5)
    # A pure lightness change of 8 at L 50 counts 8 with k_L = 1 and 2 with k_L = 4.
    assert float(ciede2000((50, 10, 10), (58, 10, 10))) == pytest.approx(7.8, abs=0.3)
    assert float(ciede2000((50, 10, 10), (58, 10, 10), k_l=4)) == pytest.approx(
        float(ciede2000((50, 10, 10), (58, 10, 10))) / 4
    )


def test_median_lab_of_a_region() -> None:
    rgb = np.zeros((10, 10, 3), np.uint8)
    rgb[:, :5] = (255, 0, 0)
    rgb[:, 5:] = (255, 255, 255)
    red = np.zeros((10, 10), bool)
    red[:, :4] = True
    lab = median_lab(rgb, red)
    # sRGB red in CIELAB (D65): about (53.2, 80.1, 67.2).
    assert lab == pytest.approx([53.24, 80.09, 67.20], abs=0.3)
    assert to_lab(rgb)[0, 9] == pytest.approx([100, 0, 0], abs=0.05)
