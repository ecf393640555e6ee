"""Map projections: the registry, forward/inverse transforms and ground scale."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer

from explorer.geo.chunks import in_parts

WGS84 = "EPSG:4326"
_GEOD = Geod(ellps="WGS84")

# W, S, E, N in degrees: the five Central Asian states with Afghanistan, the Caspian and the
# Iranian ports, the default extent of the window and of `explorer export`.
CENTRAL_ASIA_BBOX = (45.0, 24.0, 90.0, 56.0)


@dataclass(frozen=True)
class Projection:
    """One map projection, with the latitude band it is drawn for."""

    key: str
    label: str
    proj: str
    central_meridian: float = 0.0
    lat_range: tuple[float, float] = (-90.0, 90.0)
    # whether meridians and parallels come out as straight lines (no need to densify them)
    straight_meridians: bool = False
    straight_parallels: bool = False

    @cached_property
    def crs(self) -> CRS:
        return CRS.from_proj4(self.proj)

    @cached_property
    def _forward(self) -> Transformer:
        return Transformer.from_crs(WGS84, self.crs, always_xy=True)

    @cached_property
    def _inverse(self) -> Transformer:
        return Transformer.from_crs(self.crs, WGS84, always_xy=True)

    def forward(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """Project lon/lat degrees to map units (metres)."""
        return _transformed(self._forward, lon, lat)

    def forward_in_place(self, lon: np.ndarray, lat: np.ndarray) -> None:
        """Project lon/lat degrees to map units in place (1-D float64 arrays): for millions
        of points, no copy of them."""
        _in_place(self._forward, lon, lat)

    def inverse(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """Map units back to lon/lat degrees."""
        return _transformed(self._inverse, x, y)

    @cached_property
    def domain_boxes(self) -> np.ndarray:
        """(k, 4) lon/lat boxes this projection draws: the world cut at its far meridian."""
        south, north = self.lat_range
        anti = (self.central_meridian + 360.0) % 360.0 - 180.0
        eps = 1e-7
        if abs(abs(anti) - 180.0) < 1e-9:
            return np.array([[-180.0, south, 180.0, north]])
        return np.array([[-180.0, south, anti - eps, north], [anti + eps, south, 180.0, north]])

    @cached_property
    def domain(self) -> shapely.Geometry:
        """The lon/lat area this projection draws, densified so edges follow curved parallels."""
        boxes = shapely.box(*self.domain_boxes.T)
        return shapely.segmentize(shapely.MultiPolygon(list(boxes)), 1.0)

    @cached_property
    def outline(self) -> shapely.Geometry:
        """The projected edge of the map (the 'sphere'), as a polygon in map units."""
        south, north = self.lat_range
        lon0 = self.central_meridian
        ring = shapely.segmentize(
            shapely.box(lon0 - 180.0 + 1e-7, south, lon0 + 180.0 - 1e-7, north), 0.5)
        coords = shapely.get_coordinates(ring)
        coords[:, 0] = (coords[:, 0] + 180.0) % 360.0 - 180.0
        x, y = self.forward(coords[:, 0], coords[:, 1])
        return shapely.make_valid(shapely.Polygon(np.column_stack([x, y])))

    def bbox_to_rect(self, bbox: tuple[float, float, float, float]) -> tuple[float, ...]:
        """A lon/lat bbox (W, S, E, N) as the map-unit rectangle (xmin, ymin, xmax, ymax)."""
        west, south, east, north = bbox
        south, north = max(south, self.lat_range[0]), min(north, self.lat_range[1])
        area = shapely.intersection(shapely.segmentize(
            shapely.box(west, south, east, north), 0.5), self.domain)
        coords = shapely.get_coordinates(area)
        if len(coords) == 0:
            raise ValueError(f"the extent {bbox} lies outside the {self.label} map")
        x, y = self.forward(coords[:, 0], coords[:, 1])
        return float(x.min()), float(y.min()), float(x.max()), float(y.max())

    def metres_per_unit(self, x: float, y: float, step: float = 1000.0) -> float:
        """Ground metres per map unit along the horizontal through (x, y)."""
        lon, lat = self.inverse([x - step / 2, x + step / 2], [y, y])
        if not np.all(np.isfinite(lon)):
            return float("nan")
        _, _, dist = _GEOD.inv(lon[0], lat[0], lon[1], lat[1])
        return float(dist) / step


def _transformed(transformer: Transformer, a, b) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates through a transformer: copied once, then transformed in place."""
    a, b = (np.array(k, dtype=np.float64) for k in np.broadcast_arrays(a, b))
    if a.ndim == 0:
        return tuple(np.asarray(k) for k in transformer.transform(a, b))
    _in_place(transformer, a.reshape(-1), b.reshape(-1))  # views of the copies
    return a, b


def _in_place(transformer: Transformer, a: np.ndarray, b: np.ndarray) -> None:
    """A slice a core (PROJ lets the GIL go), each transformed where it lies."""
    in_parts(lambda s: transformer.transform(a[s], b[s], inplace=True), len(a))


PROJECTIONS: dict[str, Projection] = {
    p.key: p
    for p in (
        Projection(
            "lcc_central_asia",
            "Lambert conformal conic (Central Asia)",
            "+proj=lcc +lat_1=30 +lat_2=50 +lat_0=40 +lon_0=65 +datum=WGS84 +units=m +no_defs",
            central_meridian=65.0,
            lat_range=(-60.0, 90.0),
            straight_meridians=True,
        ),
        Projection(
            "equal_earth",
            "Equal Earth (world)",
            "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m +no_defs",
            straight_parallels=True,
        ),
        Projection(
            "web_mercator",
            "Web Mercator",
            "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m "
            "+nadgrids=@null +wktext +no_defs",
            lat_range=(-85.0, 85.0),
            straight_meridians=True,
            straight_parallels=True,
        ),
        Projection(
            "plate_carree",
            "Plate carrée (equirectangular)",
            "+proj=eqc +lat_ts=0 +lon_0=0 +datum=WGS84 +units=m +no_defs",
            straight_meridians=True,
            straight_parallels=True,
        ),
    )
}
DEFAULT_PROJECTION = "lcc_central_asia"


def get_projection(key: str) -> Projection:
    try:
        return PROJECTIONS[key]
    except KeyError:
        known = ", ".join(PROJECTIONS)
        raise ValueError(f"unknown projection {key!r}; choose one of {known}") from None
