"""A user's own line layers as ways for the routing: each line (each part of a multi-line) an
operating line between its two ends; an end within SNAP_KM of an atlas place is that place, the
other ends are junctions of the layer, shared by the lines that end there; a place or junction
the line passes within SNAP_KM of (about: measured in degrees there) is a stop on it, so that
a station or a T-junction joins it too; the countries each line passes come from the basemap."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from explorer.analysis.transport import LINE_KINDS, SNAP_KM
from explorer.io.basemap import read_level
from explorer.model.atlas import Atlas
from explorer.model.records import Place, Route, Source

SAMPLE_DEGREES = 0.05  # the line is sampled this often to find the countries it passes


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
    free ends as junction places and each layer as a source. Linear in the lines: the ends
    are snapped through k-d trees, the countries found for all lines in one query."""
    places, routes, sources = dict(atlas.places), dict(atlas.routes), dict(atlas.sources)
    countries = _Countries()
    anchor_ids = np.array(list(atlas.places), dtype=object)
    anchors = cKDTree(_unit(np.array([p.lon for p in atlas.places.values()]),
                            np.array([p.lat for p in atlas.places.values()]))
                      ) if len(anchor_ids) else None
    for n, layer in enumerate(layers):
        if layer.kind not in LINE_KINDS:
            raise ValueError(f"a layer's lines are taken for one of {', '.join(LINE_KINDS)}, "
                             f"not {layer.kind!r}")
        if not layer.lines:
            continue
        source = f"user_layer_{n}"
        sources[source] = Source(id=source, title=f"{layer.name} (a layer of yours)",
                                 publisher=layer.origin or layer.name)
        ends = np.array([(c[0], c[-1]) for c in layer.lines], float).reshape(-1, 2)
        ids = _snapped(ends, anchors, anchor_ids)
        free = np.flatnonzero(ids == None)  # noqa: E711 (an element-wise test)
        if len(free):
            labels, first = _meeting(ends[free])
            lon, lat = ends[free[first], 0], ends[free[first], 1]
            for k, (x, y, iso) in enumerate(zip(lon, lat, countries.at(lon, lat), strict=True)):
                pid = f"user_{n}_junction_{k}"
                places[pid] = Place(id=pid, name=f"{layer.name}: junction {k + 1}",
                                    kind="junction", country=iso, lon=float(x), lat=float(y),
                                    sources=(source,))
            ids[free] = [f"user_{n}_junction_{k}" for k in labels]
        stops = _stops_along(layer.lines, {i: places[i] for i in dict.fromkeys(ids)}
                             | dict(atlas.places))
        for k, (coords, passed) in enumerate(zip(layer.lines, countries.along(layer.lines),
                                                 strict=True)):
            waypoints = [ids[2 * k], *stops[k], ids[2 * k + 1]]
            waypoints = [w for j, w in enumerate(waypoints) if j == 0 or waypoints[j - 1] != w]
            if len(set(waypoints)) < 2:
                continue  # a loop through no place joins nothing
            rid = f"user_{n}_{k}"
            routes[rid] = Route(id=rid, name=f"{layer.name}: line {k + 1}", kind=layer.kind,
                                status="operating", countries=passed, waypoints=waypoints,
                                course=tuple(map(tuple, coords)), sources=(source,))
    return dataclasses.replace(atlas, places=places, routes=routes, sources=sources)


_CHORD = 2 * np.sin(SNAP_KM / 6371.0088 / 2)  # SNAP_KM on the unit sphere (mean radius)
_DEGREES = SNAP_KM / 111.32  # SNAP_KM as degrees of latitude (of longitude, a little less)


def _stops_along(lines: Sequence[np.ndarray], stops: dict[str, Place]) -> list[list[str]]:
    """For each line, the stops it passes within about SNAP_KM of, in order along it."""
    geoms = np.array([shapely.linestrings(c) for c in lines], dtype=object)
    ids = list(stops)
    points = shapely.points([stops[i].lon for i in ids], [stops[i].lat for i in ids])
    stop, line = shapely.STRtree(geoms).query(points, predicate="dwithin", distance=_DEGREES)
    along = shapely.line_locate_point(geoms[line], points[stop])
    found: list[list[str]] = [[] for _ in lines]
    for k in np.lexsort((along, line)):
        found[line[k]].append(ids[stop[k]])
    return found


def _unit(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Points on the unit sphere: straight distances there order as distances on the ground."""
    lon, lat = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon),
                            np.sin(lat)])


def _snapped(ends: np.ndarray, anchors: cKDTree | None, ids: np.ndarray) -> np.ndarray:
    """Each end's nearest atlas place within SNAP_KM (None where there is none)."""
    found = np.full(len(ends), None, dtype=object)
    if anchors is not None:
        distance, nearest = anchors.query(_unit(ends[:, 0], ends[:, 1]),
                                          distance_upper_bound=_CHORD)
        near = np.isfinite(distance)
        found[near] = ids[nearest[near]]
    return found


def _meeting(ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The junction of each end (ends within SNAP_KM of each other, in a chain, share one)
    and the first end of each junction, which gives its position."""
    pairs = cKDTree(_unit(ends[:, 0], ends[:, 1])).query_pairs(_CHORD, output_type="ndarray")
    joined = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])),
                        shape=(len(ends), len(ends)))
    _, labels = connected_components(joined, directed=False)
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(first)  # junctions numbered as their first end comes
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[labels], first[order]


class _Countries:
    """Which country points lie in (or the nearest one, at sea), and which lines pass."""

    def __init__(self) -> None:
        table = read_level("countries")
        self.iso = np.asarray(table["iso_a3"], dtype=object)
        self.shapes = np.asarray(table.geometry, dtype=object)
        self.bounds = shapely.bounds(self.shapes)
        self.tree = shapely.STRtree(self.shapes)

    def _containing(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """The index of the country each point lies in (-1: none): each country whose box
        meets the points' tested once, prepared, on the points in its box."""
        found = np.full(len(x), -1)
        if not len(x):
            return found
        for k in self.tree.query(shapely.box(x.min(), y.min(), x.max(), y.max())):
            west, south, east, north = self.bounds[k]
            rows = np.flatnonzero((found < 0) & (x >= west) & (x <= east) & (y >= south)
                                  & (y <= north))
            if len(rows):
                shapely.prepare(self.shapes[k])
                found[rows[shapely.contains_xy(self.shapes[k], x[rows], y[rows])]] = k
        return found

    def at(self, lon: np.ndarray, lat: np.ndarray) -> list[str]:
        x, y = np.asarray(lon, float), np.asarray(lat, float)
        found = self._containing(x, y)
        sea = np.flatnonzero(found < 0)
        if len(sea):
            point, shape = self.tree.query_nearest(shapely.points(x[sea], y[sea]))
            found[sea[point[::-1]]] = shape[::-1]
        return [str(self.iso[k]) for k in found]

    def along(self, lines: Sequence[np.ndarray]) -> list[tuple[str, ...]]:
        """The countries each line passes through, in order (its ends' at the least)."""
        sizes = np.array([len(c) for c in lines])
        geoms = shapely.segmentize(shapely.linestrings(
            np.concatenate(lines), indices=np.repeat(np.arange(len(lines)), sizes)),
            SAMPLE_DEGREES)
        coords, line = shapely.get_coordinates(geoms, return_index=True)
        found = self._containing(coords[:, 0], coords[:, 1])
        passed: list[list[str]] = [[] for _ in lines]
        for k, country in zip(line[found >= 0], self.iso[found[found >= 0]], strict=True):
            if country != "-99" and (not passed[k] or passed[k][-1] != country):
                passed[k].append(str(country))
        ends = self.at(*np.array([c[0] for c in lines] + [c[-1] for c in lines]).T)
        starts, ends = ends[:len(lines)], ends[len(lines):]
        return [tuple(dict.fromkeys([a, *found, b]))
                for a, found, b in zip(starts, passed, ends, strict=True)]
