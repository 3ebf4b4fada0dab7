"""Checks on an input photo that do not stop it but that a dealer should hear about.

Marketplaces (Google Vehicle Ads among them) refuse photos where the vehicle is not wholly in
the picture, and a small photo enlarged to a large preset looks soft: both are cheaper to fix by
taking the photo again than to discover after publishing.
"""

import math
from collections.abc import Sequence

import numpy as np

from carsales.imaging.pipeline.frame import Placement
from carsales.imaging.pipeline.instances import Vehicle
from carsales.imaging.pipeline.types import Matte

MAX_ENLARGEMENT = 1.5  # beyond this the enlarged car visibly loses detail
TOUCH_SHARE = 0.01  # of an edge's length; a pixel or two of matte at the border is noise
TOUCH_MIN_PX = 3


def cut_off_sides(matte: Matte, threshold: float = 0.5) -> list[str]:
    """The photo's edges that the car runs into (left, right, top, bottom)."""
    car = matte >= threshold
    edges = {"left": car[:, 0], "right": car[:, -1], "top": car[0], "bottom": car[-1]}
    return [
        side
        for side, edge in edges.items()
        if int(np.count_nonzero(edge)) >= max(TOUCH_MIN_PX, TOUCH_SHARE * edge.size)
    ]


def cut_off_warning(matte: Matte, cut_out: bool = False) -> str | None:
    """`cut_out`: the matte is the cut-out itself, which the user can touch up; what reaches
    the edge may then be something kept with the car (car-004's sign), not the car."""
    sides = cut_off_sides(matte)
    if not sides:
        return None
    where = " and ".join(sides)
    warning = (
        f"The car is cut off at the photo's {where} edge{'s' if len(sides) > 1 else ''}: "
        "marketplaces such as Google Vehicle Ads refuse photos that do not show the whole vehicle."
    )
    if cut_out:
        warning += " If it is something kept with the car that reaches the edge, touch it up."
    return warning


def several_vehicles_warning(vehicles: Sequence[Vehicle], main: int | None) -> str | None:
    """Said when the photo shows more than one vehicle: which one was cut out."""
    if len(vehicles) < 2 or main is None:
        return None
    left, top, right, bottom = (round(value) for value in vehicles[main].box)
    return (
        f"The photo shows {len(vehicles)} vehicles: the largest, most central one (a "
        f"{vehicles[main].kind}, at x {left}-{right}, y {top}-{bottom}) was cut out."
    )


def enlargement_warning(placement: Placement, size: tuple[int, int]) -> str | None:
    """`size`: the photo's (width, height); `placement`: how it is drawn on the preset's canvas."""
    if placement.scale <= MAX_ENLARGEMENT:
        return None
    width, height = size
    needed = f"{math.ceil(width * placement.scale)}x{math.ceil(height * placement.scale)}"
    return (
        f"The photo ({width}x{height}) is small for {placement.width}x{placement.height}: the "
        f"car is enlarged {placement.scale:.1f} times and looks soft. A photo of at least "
        f"{needed} pixels keeps it sharp."
    )
