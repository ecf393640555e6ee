"""Vectorized geometry preparation: clip to a projection's domain, project, split into paths."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely import GeometryType

from explorer.geo.projection import Projection

POLYGONAL = (GeometryType.POLYGON, GeometryType.MULTIPOLYGON)
LINEAR = (GeometryType.LINESTRING, GeometryType.MULTILINESTRING, GeometryType.LINEARRING)


def clip_to_domain(geoms: np.ndarray, projection: Projection) -> np.ndarray:
    """Cut lon/lat geometries where the projection would tear them (its far meridian, its poles);
    the very array when nothing needs cutting."""
    geoms = np.asarray(geoms, dtype=object)
    # Only geometries whose bounds leave every domain box need cutting.
    flat = shapely.bounds(geoms)
    if _within_a_box(flat, projection.domain_boxes):  # all of them in one: the usual case
        return geoms
    bounds = flat[:, None, :]
    boxes = projection.domain_boxes[None, :, :]
    inside = ((bounds[..., 0] >= boxes[..., 0]) & (bounds[..., 1] >= boxes[..., 1])
              & (bounds[..., 2] <= boxes[..., 2]) & (bounds[..., 3] <= boxes[..., 3])).any(axis=1)
    crossing = ~inside & ~shapely.is_missing(geoms)
    if not crossing.any():
        return geoms
    out = geoms.copy()
    # Rectangle clipping is ten times faster than intersecting with the domain. Shapes cut at
    # a latitude limit are densified so that the cut follows a curved parallel once projected
    # (our projections draw meridians straight: a cut at the far meridian needs nothing).
    pieces = np.stack([shapely.clip_by_rect(geoms[crossing], *box)
                       for box in projection.domain_boxes], axis=1)
    types = shapely.get_type_id(geoms[crossing])
    cut = np.array([_same_dimension(row, t) for row, t in zip(pieces, types, strict=True)],
                   dtype=object)
    south, north = projection.lat_range
    b = bounds[crossing, 0]
    at_limit = (b[:, 1] < south) | (b[:, 3] > north)
    cut[at_limit] = shapely.segmentize(cut[at_limit], 1.0)
    out[crossing] = cut
    return out


def _within_a_box(bounds: np.ndarray, boxes: np.ndarray) -> bool:
    """Whether all the bounds lie within one of the boxes (none NaN: an empty or missing
    geometry takes the long way, which gives an empty one its multi type)."""
    if not len(bounds) or np.isnan(bounds).any():
        return False
    xmin, ymin = bounds[:, 0].min(), bounds[:, 1].min()
    xmax, ymax = bounds[:, 2].max(), bounds[:, 3].max()
    return bool(((xmin >= boxes[:, 0]) & (ymin >= boxes[:, 1]) & (xmax <= boxes[:, 2])
                 & (ymax <= boxes[:, 3])).any())


def _same_dimension(pieces: np.ndarray, original_type: int) -> shapely.Geometry:
    """The pieces' parts of the original's dimension as one geometry, dropping the scraps
    (edge lines, points) and empties a cut can leave."""
    parts = shapely.get_parts(shapely.get_parts(pieces))
    parts = parts[~shapely.is_empty(parts)]
    kinds = shapely.get_type_id(parts)
    if original_type in POLYGONAL:
        return shapely.multipolygons(parts[np.isin(kinds, POLYGONAL)])
    if original_type in LINEAR:
        return shapely.multilinestrings(parts[np.isin(kinds, LINEAR)])
    return shapely.multipoints(parts[kinds == GeometryType.POINT])


def project_geometries(geoms: np.ndarray, projection: Projection) -> np.ndarray:
    """Clip lon/lat geometries to the projection's domain and project them into map units."""
    clipped = clip_to_domain(geoms, projection)

    def transform(coords: np.ndarray) -> np.ndarray:
        x, y = projection.forward(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(clipped, transform)


@dataclass(frozen=True)
class PathArrays:
    """All vertices of a layer in one array, with the slices and pen breaks of each feature.

    Feature i owns coords[starts[i]:starts[i + 1]]; `connect[k] == 0` ends a ring or a line
    at vertex k, so one path per feature holds all its rings.
    """

    coords: np.ndarray
    starts: np.ndarray
    connect: np.ndarray

    def feature(self, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        lo, hi = self.starts[i], self.starts[i + 1]
        return self.coords[lo:hi, 0], self.coords[lo:hi, 1], self.connect[lo:hi]

    def features(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """x, y and connect of several features one after the other (one path for them all)."""
        lo = self.starts[rows]
        counts = self.starts[rows + 1] - lo
        index = np.repeat(lo - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())
        return self.coords[index, 0], self.coords[index, 1], self.connect[index]

    def segments(self, rows: np.ndarray) -> np.ndarray:
        """Every segment of several features' rings and lines: (n, 2, 2), start and end x, y."""
        return segments(*self.features(rows))


def segments(x: np.ndarray, y: np.ndarray, connect: np.ndarray) -> np.ndarray:
    """The segments of rings and lines (as PathArrays holds them): (n, 2, 2), start and end."""
    k = np.flatnonzero(connect[:-1])
    return np.stack([np.column_stack([x[k], y[k]]), np.column_stack([x[k + 1], y[k + 1]])],
                    axis=1)


def segments_near(found: np.ndarray, rect: tuple[float, ...]) -> np.ndarray:
    """The (n, 2, 2) segments whose bounds meet the rectangle (xmin, ymin, xmax, ymax)."""
    x, y = found[..., 0], found[..., 1]
    xmin, ymin, xmax, ymax = rect
    return found[(x.max(axis=1) >= xmin) & (x.min(axis=1) <= xmax) & (y.max(axis=1) >= ymin)
                 & (y.min(axis=1) <= ymax)]


def thin_by_length(x: np.ndarray, y: np.ndarray, connect: np.ndarray,
                   step: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rings and lines keeping a point about every `step` along them (and every end): detail
    finer than the step (a pixel, say) goes, what stays deviates from the line by less."""
    if len(x) < 3:
        return x, y, connect
    travelled = np.r_[0.0, np.cumsum(np.hypot(np.diff(x), np.diff(y)) * (connect[:-1] != 0))]
    cell = np.floor(travelled / step)
    ends = connect == 0
    starts = np.r_[True, ends[:-1]]
    keep = starts | ends | (cell != np.r_[-1.0, cell[:-1]])
    return x[keep], y[keep], connect[keep]


def thin_rings(x: np.ndarray, y: np.ndarray, connect: np.ndarray,
               most: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rings and lines (as PathArrays holds them) cut down to about `most` points each, every
    k-th kept and the last always (rings stay closed): for shapes a few pixels across."""
    ends = np.flatnonzero(connect == 0)
    if not len(ends) or ends[-1] != len(x) - 1:
        ends = np.r_[ends, len(x) - 1]
    starts = np.r_[0, ends[:-1] + 1]
    lengths = ends - starts + 1
    stride = np.maximum(1, np.ceil((lengths - 1) / most)).astype(int)
    if (stride == 1).all():
        return x, y, connect
    # each point's place in its ring, by repeating per-ring values (cheaper than gathering)
    position = np.arange(len(x)) - np.repeat(starts, lengths)
    keep = position % np.repeat(stride, lengths) == 0
    keep[ends] = True
    return x[keep], y[keep], connect[keep]


def path_arrays(geoms: np.ndarray) -> PathArrays:
    """Flatten polygons or lines into coordinate arrays and ring breaks, with no vertex loops.

    Ring sizes come from counting (exterior, interior and line parts), not from building ring
    geometries: shapely's to_ragged_array does the latter and costs several times more.
    """
    geoms = np.asarray(geoms, dtype=object)
    present = ~shapely.is_missing(geoms)
    types = shapely.get_type_id(geoms)
    kinds = set(np.unique(types[present]).tolist())
    if not kinds <= {int(k) for k in POLYGONAL + LINEAR}:
        raise ValueError(f"path_arrays takes polygons or lines, not "
                         f"{GeometryType(max(kinds)).name.lower()}s")
    coords = shapely.get_coordinates(geoms)
    counts = shapely.get_num_coordinates(geoms)
    if {GeometryType.MULTIPOLYGON, GeometryType.MULTILINESTRING} & kinds:
        parts = shapely.get_parts(geoms)
        sizes = _ring_sizes(parts, shapely.get_type_id(parts), shapely.get_num_coordinates(parts))
    elif present.all():  # single-part geometries are their own parts
        sizes = _ring_sizes(geoms, types, counts)
    else:
        sizes = _ring_sizes(geoms[present], types[present], counts[present])
    connect = np.ones(len(coords), dtype=np.int32)
    connect[np.cumsum(sizes)[sizes > 0] - 1] = 0
    starts = np.concatenate([[0], np.cumsum(counts)])
    return PathArrays(coords=coords, starts=starts, connect=connect)


def _ring_sizes(parts: np.ndarray, types: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Vertex counts of every ring (polygon parts: exterior then holes) or line, in the order
    shapely.get_coordinates walks them, from the parts' types and vertex counts."""
    polygon = np.isin(types, POLYGONAL)
    holes = np.where(polygon, shapely.get_num_interior_rings(parts), 0)
    if not holes.any():  # a ring or a line a part
        return counts.astype(np.int64)
    rings_per_part = 1 + holes
    first = (np.cumsum(rings_per_part) - rings_per_part).astype(int)
    sizes = np.zeros(int(rings_per_part.sum()), dtype=np.int64)
    sizes[first] = counts  # a polygon's holes are taken off below
    owner = np.repeat(np.arange(len(parts)), holes)
    k = np.arange(holes.sum()) - np.repeat(np.cumsum(holes) - holes, holes)
    hole_sizes = shapely.get_num_coordinates(shapely.get_interior_ring(parts[owner], k))
    sizes[first[owner] + 1 + k] = hole_sizes
    np.subtract.at(sizes, first[owner], hole_sizes)
    return sizes
