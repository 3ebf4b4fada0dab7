"""Colour measures in CIELAB: conversion, a region's median colour, CIEDE2000.

Enhancement uses them to check that it kept the paint (see enhance.py); the colour benchmark
(bench/colour.py) scores it with the same formula.
"""

import cv2
import numpy as np
import numpy.typing as npt

from carsales.imaging.pipeline.types import RGB, Mask

Floats = npt.NDArray[np.float64]


def to_lab(rgb: RGB) -> npt.NDArray[np.float32]:
    """CIELAB (D65; L 0..100, a and b about -128..127) of sRGB pixels, in float so that no
    quantisation blurs small differences."""
    return np.asarray(
        cv2.cvtColor(rgb.astype(np.float32) / 255, cv2.COLOR_RGB2LAB), dtype=np.float32
    )


def median_lab(rgb: RGB, mask: Mask) -> Floats:
    """The per-channel median Lab colour of the masked pixels: robust to highlights, shadows
    and the wheels and windows inside a car's mask."""
    return np.median(to_lab(rgb)[mask].astype(np.float64), axis=0)


def ciede2000(
    lab1: npt.ArrayLike,
    lab2: npt.ArrayLike,
    k_l: float = 1.0,
    k_c: float = 1.0,
    k_h: float = 1.0,
) -> Floats:
    """CIEDE2000 colour difference of Lab colours (the last axis holds L, a, b), as published by
    Sharma, Wu and Dalal (2005), including their conventions for the hue of neutral colours.
    `k_l` above 1 weighs lightness down (4: an exposure change barely counts)."""
    one, two = np.asarray(lab1, np.float64), np.asarray(lab2, np.float64)
    l1, a1, b1 = one[..., 0], one[..., 1], one[..., 2]
    l2, a2, b2 = two[..., 0], two[..., 1], two[..., 2]

    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean**7 / (c_mean**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    neutral = (c1p * c2p) == 0

    dl = l2 - l1
    dc = c2p - c1p
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(neutral, 0.0, dh)
    d_big_h = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh) / 2)

    l_mean = (l1 + l2) / 2
    cp_mean = (c1p + c2p) / 2
    h_sum = h1p + h2p
    far = np.abs(h1p - h2p) > 180
    h_mean = np.where(far, np.where(h_sum < 360, h_sum + 360, h_sum - 360), h_sum) / 2
    h_mean = np.where(neutral, h_sum, h_mean)

    t = (
        1
        - 0.17 * np.cos(np.radians(h_mean - 30))
        + 0.24 * np.cos(np.radians(2 * h_mean))
        + 0.32 * np.cos(np.radians(3 * h_mean + 6))
        - 0.20 * np.cos(np.radians(4 * h_mean - 63))
    )
    d_theta = 30 * np.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * np.sqrt(cp_mean**7 / (cp_mean**7 + 25.0**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / np.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -np.sin(np.radians(2 * d_theta)) * r_c

    lightness = dl / (k_l * s_l)
    chroma = dc / (k_c * s_c)
    hue = d_big_h / (k_h * s_h)
    return np.asarray(
        np.sqrt(lightness**2 + chroma**2 + hue**2 + r_t * chroma * hue), dtype=np.float64
    )
