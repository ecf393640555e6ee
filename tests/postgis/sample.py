"""The sample PostGIS table of the tests: N dated points over Central Asia and around."""

from __future__ import annotations

import numpy as np

N = 20_000
BOX = (55.0, 37.0, 73.0, 45.0)  # Uzbekistan and around


def lonlat(n: int) -> tuple[np.ndarray, np.ndarray]:
    i = np.arange(n)
    return 40.0 + (i * 7919 % 4000) / 100.0, 20.0 + (i * 104729 % 3500) / 100.0


def inside(lon: np.ndarray, lat: np.ndarray, box=BOX) -> np.ndarray:
    return (lon >= box[0]) & (lon <= box[2]) & (lat >= box[1]) & (lat <= box[3])
