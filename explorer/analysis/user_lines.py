"""A user's own line layers as ways for the routing: each line (each part of a multi-line) an
operating line between its two ends; an end within SNAP_KM of an atlas place is that place, the
other ends are junctions of the layer, shared by the lines that end there; the countries each
line passes through come from the basemap. Lines join the network at their ends only."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Geod

from explorer.io.basemap import read_level
from explorer.model.atlas import Atlas
from explorer.model.records import Place, Route, Source

SNAP_KM = 10.0  # an end this close to a place (or to another line's end) joins it
SAMPLE_DEGREES = 0.05  # the line is sampled this often to find the countries it passes
KINDS = ("railway", "road", "maritime")  # what a layer's lines are taken for
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class LineLayer:
    """A layer's lines (each an (n, 2) lon/lat array), what they are taken for, and where they
    came from (said as their source)."""

    name: str
    lines: tuple[np.ndarray, ...]
    kind: str = "railway"
    origin: str = ""


def line_layer(name: str, geoms: np.ndarray, kind: str = "railway",
               origin: str = "") -> LineLayer:
    """The lines among a layer's shapes (lines and the parts of multi-lines; others ignored)."""
    parts = shapely.get_parts(np.asarray(geoms, dtype=object))
    lines = [shapely.get_coordinates(g) for g in parts
             if g is not None and shapely.get_type_id(g) in (1, 2) and len(g.coords) >= 2]
    return LineLayer(name, tuple(lines), kind, origin)


def with_lines(atlas: Atlas, layers: Sequence[LineLayer]) -> Atlas:
    """The atlas with the layers' lines as operating routes (`user_<layer>_<line>`), their
    free ends as junction places and each layer as a source."""
    places, routes, sources = dict(atlas.places), dict(atlas.routes), dict(atlas.sources)
    countries = _Countries()
    anchors = [(p.id, p.lon, p.lat) for p in atlas.places.values()]
    for n, layer in enumerate(layers):
        if layer.kind not in KINDS:
            raise ValueError(f"a layer's lines are taken for one of {', '.join(KINDS)}, "
                             f"not {layer.kind!r}")
        source = f"user_layer_{n}"
        sources[source] = Source(id=source, title=f"{layer.name} (a layer of yours)",
                                 publisher=layer.origin or layer.name)
        junctions: list[tuple[str, float, float]] = []
        for k, coords in enumerate(layer.lines):
            ends = []
            for lon, lat in (coords[0], coords[-1]):
                found = _near(anchors, lon, lat) or _near(junctions, lon, lat)
                if found is None:
                    found = f"user_{n}_junction_{len(junctions)}"
                    places[found] = Place(id=found, name=f"{layer.name}: junction "
                                          f"{len(junctions) + 1}", kind="junction",
                                          country=countries.at(lon, lat), lon=lon, lat=lat,
                                          sources=(source,))
                    junctions.append((found, lon, lat))
                ends.append(found)
            if ends[0] == ends[1]:
                continue  # a loop joins nothing
            rid = f"user_{n}_{k}"
            routes[rid] = Route(id=rid, name=f"{layer.name}: line {k + 1}", kind=layer.kind,
                                status="operating", countries=countries.along(coords),
                                waypoints=tuple(ends), course=tuple(map(tuple, coords)),
                                sources=(source,))
    return dataclasses.replace(atlas, places=places, routes=routes, sources=sources)


def _near(points: list[tuple[str, float, float]], lon: float, lat: float) -> str | None:
    """The nearest of the points within SNAP_KM of lon/lat."""
    if not points:
        return None
    ids, lons, lats = zip(*points, strict=True)
    _, _, metres = _GEOD.inv(np.full(len(ids), lon), np.full(len(ids), lat), lons, lats)
    best = int(np.argmin(metres))
    return ids[best] if metres[best] <= SNAP_KM * 1000 else None


class _Countries:
    """Which country a point lies in (or the nearest one, at sea), and which a line passes."""

    def __init__(self) -> None:
        table = read_level("countries")
        self.iso = np.asarray(table["iso_a3"], dtype=object)
        self.tree = shapely.STRtree(np.asarray(table.geometry, dtype=object))

    def at(self, lon: float, lat: float) -> str:
        point = shapely.points(lon, lat)
        inside = self.tree.query(point, predicate="within")
        return str(self.iso[inside[0] if len(inside) else self.tree.nearest(point)])

    def along(self, coords: np.ndarray) -> tuple[str, ...]:
        """The countries the line passes through, in order (its ends' at the least)."""
        line = shapely.segmentize(shapely.linestrings(coords), SAMPLE_DEGREES)
        samples = shapely.points(shapely.get_coordinates(line))
        point, shape = self.tree.query(samples, predicate="within")
        order = np.argsort(point, kind="stable")
        found = [str(self.iso[s]) for s in shape[order] if self.iso[s] != "-99"]
        ends = [self.at(*coords[0]), self.at(*coords[-1])]
        return tuple(dict.fromkeys([ends[0], *found, ends[1]]))
