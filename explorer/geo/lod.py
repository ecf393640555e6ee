"""Level of detail: which simplified basemap level suits a map scale."""

from __future__ import annotations

# The basemap's levels of detail, coarsest first: each a layer of geodata/basemap.gpkg (see
# geodata/build_basemap.py).
LEVELS = ("countries_z0", "countries_z1", "countries_z2", "countries")
# Coarsest level whose simplification stays below about a pixel at that many map units per pixel.
_MIN_UNITS_PER_PIXEL = (15_000.0, 4_000.0, 800.0, 0.0)


def level_for_scale(units_per_pixel: float) -> str:
    """The basemap level to draw at this zoom (map units, i.e. metres, per device pixel)."""
    for level, threshold in zip(LEVELS, _MIN_UNITS_PER_PIXEL, strict=True):
        if units_per_pixel >= threshold:
            return level
    return LEVELS[-1]


def web_zoom(units_per_pixel: float) -> float:
    """The web-map zoom level (0 = whole world in 256 px) matching this scale."""
    import math

    return math.log2(156_543.034 / max(units_per_pixel, 1e-9))
