"""Benchmark: a big user layer, from the file to the first frame, then panned; and many points.

Ratios are measured in one run against pyogrio reading the same file, so the machine cancels out.
Run: python tests/bench/bench_user_layers.py [--features 100000] [--save frame.png]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from frames import frame_ms
from PySide6.QtGui import QColor, QImage

from explorer.geo.projection import CENTRAL_ASIA_BBOX
from explorer.io.atlas_reader import read_atlas
from explorer.io.vector_reader import read_vector
from explorer.model.session import Session
from explorer.render.application import headless_application
from explorer.render.map_scene import MapScene

SIZE = (1920, 1080)
LOAD_GOAL = 2.0  # open to first frame, times pyogrio's read (issue 15)
PAN_GOAL_MS = 16.0
POINT_GOAL_MS = 40.0
PAN_FRAMES = 60
STAGES = ("read_vector", "add (item projected)", "first frame")


def write_polygons(path: Path, count: int, seed: int = 1) -> None:
    """`count` small 10-vertex polygons (9 corners, closed) scattered over Central Asia."""
    rng = np.random.default_rng(seed)
    lon = rng.uniform(50.0, 85.0, count)
    lat = rng.uniform(35.0, 52.0, count)
    radius = rng.uniform(0.005, 0.05, count)
    angles = np.linspace(0.0, 2 * np.pi, 10)[:-1]
    ring_x = lon[:, None] + radius[:, None] * np.cos(angles)[None, :]
    ring_y = lat[:, None] + radius[:, None] * np.sin(angles)[None, :]
    coords = np.stack([ring_x, ring_y], axis=-1)
    coords = np.concatenate([coords, coords[:, :1]], axis=1)  # closed: 10 vertices
    geoms = shapely.polygons(coords)
    frame = gpd.GeoDataFrame({"id": np.arange(count), "kind": rng.integers(0, 5, count)},
                             geometry=geoms, crs="EPSG:4326")
    frame.to_file(path, driver="GPKG", engine="pyogrio")


def write_points(path: Path, count: int, seed: int = 2) -> None:
    rng = np.random.default_rng(seed)
    geoms = shapely.points(rng.uniform(50.0, 85.0, count), rng.uniform(35.0, 52.0, count))
    frame = gpd.GeoDataFrame({"id": np.arange(count), "kind": rng.integers(0, 5, count)},
                             geometry=geoms, crs="EPSG:4326")
    frame.to_file(path, driver="GPKG", engine="pyogrio")



def fresh_session(atlas) -> Session:
    session = Session(atlas, date=dt.date(2003, 6, 1))
    for layer in session.themes.layers:
        layer.visible = False
    return session


def open_to_first_frame(atlas, path: Path, image: QImage,
                        stages: dict[str, list[float]] | None = None
                        ) -> tuple[float, MapScene, tuple]:
    """Milliseconds from the file to the first frame showing it in a window already up (its
    map drawn once): read, add to the session (the scene builds the layer's item), draw; each
    stage's milliseconds appended to `stages`."""
    session = fresh_session(atlas)
    scene = MapScene(session=session)
    view = scene.projection.bbox_to_rect(CENTRAL_ASIA_BBOX)
    frame_ms(scene, image, view)
    times = [time.perf_counter()]
    data = read_vector(path)
    times.append(time.perf_counter())
    session.user_layers.add(data, path)
    times.append(time.perf_counter())
    image.fill(QColor("white"))
    frame_ms(scene, image, view)
    times.append(time.perf_counter())
    if stages is not None:
        for name, start, end in zip(STAGES, times[:-1], times[1:], strict=True):
            stages.setdefault(name, []).append((end - start) * 1000)
    return (times[-1] - times[0]) * 1000, scene, view


def pan_frames(scene: MapScene, image: QImage, view: tuple[float, ...]) -> list[float]:
    """A drag: the view shifted by 1 % of its width per frame, into the same image."""
    frames = []
    for k in range(1, PAN_FRAMES + 1):
        shift = (view[2] - view[0]) * 0.01 * k
        frames.append(frame_ms(scene, image, (view[0] + shift, view[1], view[2] + shift, view[3])))
    return frames


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--features", type=int, default=100_000)
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of the load")
    parser.add_argument("--save", help="write the last pan frame to this PNG")
    args = parser.parse_args()
    headless_application()
    atlas = read_atlas()
    image = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    with tempfile.TemporaryDirectory() as folder:
        polygons, points = Path(folder) / "polygons.gpkg", Path(folder) / "points.gpkg"
        write_polygons(polygons, args.features)
        write_points(points, args.points)
        vertices = int(shapely.get_num_coordinates(
            pyogrio.read_dataframe(polygons).geometry.values).sum())
        pyogrio.read_dataframe(polygons, use_arrow=True)  # warm the file cache and GDAL
        # (a) open to first frame versus pyogrio alone, interleaved, median of the runs
        reads, loads = [], []
        stages: dict[str, list[float]] = {}
        scene = view = None
        for _ in range(args.repeat):
            start = time.perf_counter()
            pyogrio.read_dataframe(polygons, use_arrow=True)
            reads.append((time.perf_counter() - start) * 1000)
            load_ms, scene, view = open_to_first_frame(atlas, polygons, image, stages)
            loads.append(load_ms)
        read_ms, load_ms = statistics.median(reads), statistics.median(loads)
        ratio = load_ms / read_ms
        print(f"{SIZE[0]}x{SIZE[1]}, themes hidden, Central Asia view")
        print(f"(a) {args.features} polygons, {vertices} vertices (GeoPackage)")
        print(f"    pyogrio.read_dataframe(use_arrow=True): median {read_ms:.0f} ms")
        print(f"    read_vector + add + first frame (window up): median {load_ms:.0f} ms ("
              + ", ".join(f"{name} {statistics.median(t):.0f}" for name, t in stages.items())
              + ")")
        print(f"    ratio {ratio:.2f}x (goal <= {LOAD_GOAL:.0f}x): {verdict(ratio <= LOAD_GOAL)}")
        # (b) pan frames with the layer visible
        frame_ms(scene, image, view)
        pans = pan_frames(scene, image, view)
        item = next(iter(scene.user_layers.items.values()))
        cache = getattr(item, "cache", None)
        pan_median = statistics.median(pans)
        print(f"(b) {PAN_FRAMES} pan frames (1 % of the width each): median {pan_median:.1f} ms, "
              f"90th percentile {statistics.quantiles(pans, n=10)[-1]:.1f} ms, "
              f"max {max(pans):.1f} ms"
              + ("" if cache is None else f"; layer drawn {cache.renders} times in all"))
        print(f"    goal <= {PAN_GOAL_MS:.0f} ms median: {verdict(pan_median <= PAN_GOAL_MS)}")
        if args.save:
            image.save(args.save)
        # (c) a point layer: its first frame, then pans
        point_load, point_scene, point_view = open_to_first_frame(atlas, points, image)
        first = frame_ms(point_scene, image, point_view)
        point_pans = pan_frames(point_scene, image, point_view)
        point_median = statistics.median(point_pans)
        print(f"(c) {args.points} points: open to first frame {point_load:.0f} ms; "
              f"a full redraw {first:.1f} ms")
        print(f"    {PAN_FRAMES} pan frames: median {point_median:.1f} ms, "
              f"max {max(point_pans):.1f} ms")
        print(f"    goal <= {POINT_GOAL_MS:.0f} ms per frame (full redraw and pan median): "
              f"{verdict(max(first, point_median) <= POINT_GOAL_MS)}")


if __name__ == "__main__":
    main()
