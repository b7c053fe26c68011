"""The one great-circle distance of the project, and the geometry built on it.

Every distance in warmonitor (linking, reconcile tolerance, geoparse context,
evaluation) is ``distance_km``: haversine on the IUGG mean Earth radius.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

# IUGG mean radius R1 (km): the one radius, so no two stages disagree by 0.01 %.
EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def distance_matrix_km(
    points_a: Sequence[tuple[float, float]], points_b: Sequence[tuple[float, float]]
) -> np.ndarray:
    """Distances (km) from every point of ``points_a`` to every point of ``points_b``."""
    a = np.radians(np.asarray(points_a, dtype=float).reshape(-1, 2))
    b = np.radians(np.asarray(points_b, dtype=float).reshape(-1, 2))
    lat1, lon1 = a[:, 0][:, None], a[:, 1][:, None]
    lat2, lon2 = b[:, 0][None, :], b[:, 1][None, :]
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def midpoint(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float]:
    """The point halfway along the great circle between two points (degrees)."""
    p1, p2, l1 = math.radians(lat1), math.radians(lat2), math.radians(lon1)
    dl = math.radians(lon2 - lon1)
    bx, by = math.cos(p2) * math.cos(dl), math.cos(p2) * math.sin(dl)
    lat = math.atan2(math.sin(p1) + math.sin(p2), math.sqrt((math.cos(p1) + bx) ** 2 + by**2))
    lon = l1 + math.atan2(by, math.cos(p1) + bx)
    return math.degrees(lat), (math.degrees(lon) + 540) % 360 - 180


__all__ = ["EARTH_RADIUS_KM", "distance_km", "distance_matrix_km", "midpoint"]
