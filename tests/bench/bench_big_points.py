"""Benchmark: a layer of millions of dated points (GeoParquet, generated), from the file to the
first frame at 1920x1080, panned and stepped through time, exported from the command line;
and the aggregation itself on 2 and 20 million points. Ratios against a baseline measured in
the same run: pyarrow's own read of the same columns, numpy's histogram2d.
Run: python tests/bench/bench_big_points.py [--points 2000000]"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent))
from frames import frame_ms, interleaved_medians, median_seconds, script_env
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QImage

from explorer.analysis.density import bin_points
from explorer.geo.projection import CENTRAL_ASIA_BBOX
from explorer.io.atlas_reader import read_atlas
from explorer.io.vector_reader import read_vector
from explorer.model.session import Session
from explorer.render.application import headless_application
from explorer.render.density import shade
from explorer.render.map_scene import MapScene

SIZE = (1920, 1080)
RECT = (-3.0, -2.0, 3.0, 2.0)
OPENINGS = 5
GOALS = {"open": 2.0, "pan": 50.0, "date": 100.0, "memory": 3.0, "export": 2.0}
GEO_METADATA = ('{"version": "1.1.0", "primary_column": "geometry", "columns": {"geometry": '
                '{"encoding": "WKB", "geometry_types": ["Point"]}}}')  # CRS84


def write_points(path: Path, count: int, seed: int = 1991) -> None:
    """`count` points in clusters over Central Asia, each with a date in 1991-2026 and a kind:
    a GeoParquet written with pyarrow (WKB points, CRS84)."""
    rng = np.random.default_rng(seed)
    centres = np.array([[69.2, 41.3], [66.9, 39.6], [71.4, 51.1], [74.6, 42.9], [68.8, 38.6],
                        [58.4, 37.9], [56.3, 27.2], [51.4, 35.7], [60.6, 56.8], [76.9, 43.2]])
    which = rng.integers(0, len(centres), count)
    lon = centres[which, 0] + rng.normal(0, 1.5, count)
    lat = centres[which, 1] + rng.normal(0, 1.0, count)
    days = rng.integers(0, 35 * 365, count)
    table = pa.table({
        "kind": pa.array(np.array(["battle", "protest", "explosion"])[rng.integers(0, 3, count)]),
        "date": pa.array(np.datetime64("1991-01-01") + days.astype("timedelta64[D]")),
        "geometry": pa.array(shapely.to_wkb(shapely.points(lon, lat)), pa.binary()),
    })
    table = table.replace_schema_metadata({"geo": GEO_METADATA})
    pq.write_table(table, path, row_group_size=250_000)


def aggregation() -> None:
    rng = np.random.default_rng(1991)
    for n in (2_000_000, 20_000_000):
        x, y = rng.normal(0, 1, n), rng.normal(0, 0.7, n)
        counts = bin_points(x, y, RECT, SIZE)
        runs = {
            "bin": lambda x=x, y=y: bin_points(x, y, RECT, SIZE),
            "shade": lambda counts=counts: shade(counts),
            "histogram2d": lambda x=x, y=y: np.histogram2d(
                y, x, bins=(SIZE[1], SIZE[0]), range=((RECT[1], RECT[3]), (RECT[0], RECT[2]))),
        }
        times = interleaved_medians(runs, 3 if n > 5_000_000 else 7)
        base = times["histogram2d"]
        print(f"{n:>11,} points at {SIZE[0]}x{SIZE[1]}: binning {times['bin'] * 1000:.0f} ms "
              f"({times['bin'] / base:.2f}x numpy's histogram2d, {base * 1000:.0f} ms), "
              f"shading the counts {times['shade'] * 1000:.0f} ms")


def verdict(value: float, goal: float) -> str:
    return f"goal <= {goal:g}: {'met' if value <= goal else 'NOT met'}"


def in_order(scene: MapScene, layer_id: str) -> None:
    """Once a layer's points are projected and in column order: the window's event loop sets
    the worker going after the first frame (see ProjectedPoints.start), then waited for."""
    QCoreApplication.processEvents()
    scene.user_layers.items[layer_id].points.ordered.x.sum()


def layer(path: Path, count: int) -> None:
    """Run in a process of its own (see main): its peak memory is the layer's alone."""
    session = Session(read_atlas(), dt.date(2010, 1, 1))
    scene = MapScene(session=session)
    image = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    view = scene.projection.bbox_to_rect(CENTRAL_ASIA_BBOX)
    frame_ms(scene, image, view)  # the basemap and themes, before the layer (warm)
    bare = statistics.median(frame_ms(scene, image, view) for _ in range(OPENINGS))
    # memory on a first opening, untimed: numpy's and Python's peak (tracemalloc sees both)
    # and Arrow's own pool's
    pool = pa.default_memory_pool()
    arrow_before = pool.max_memory() or 0
    tracemalloc.start()
    added = session.user_layers.add(read_vector(path), path)
    frame_ms(scene, image, view)
    in_order(scene, added.id)  # and the window's worker thread's part
    peak = tracemalloc.get_traced_memory()[1] + max(0, (pool.max_memory() or 0) - arrow_before)
    tracemalloc.stop()
    opened, firsts, ordered, arrows = [], [], [], []
    for _ in range(OPENINGS):  # each opening beside a read by pyarrow: a machine shared
        session.user_layers.remove(added.id)  # with others weighs on both alike
        frame_ms(scene, image, view)  # the map as it was before the layer, as a user opens it
        start = time.perf_counter()
        added = session.user_layers.add(read_vector(path), path)
        firsts.append(frame_ms(scene, image, view))
        opened.append(time.perf_counter() - start)
        in_order(scene, added.id)  # the next views' (not timed beside pyarrow's read)
        ordered.append(time.perf_counter() - start)
        arrows.append(median_seconds(lambda: pq.read_table(path, columns=["geometry", "date"]),
                                     1))
    opens, arrow = statistics.median(opened), statistics.median(arrows)
    print(f"{count:,} dated points: open to first frame {opens:.2f} s (first frame "
          f"{statistics.median(firsts):.0f} ms; medians of {OPENINGS}) = {opens / arrow:.1f}x "
          f"pyarrow's read of the same columns ({arrow:.2f} s); "
          f"{verdict(opens / arrow, GOALS['open'])}; the points projected and in column order "
          f"for the next views (on a worker thread) at {statistics.median(ordered):.2f} s")
    own = opens - bare / 1000
    print(f"  of which the map without the layer (basemap, themes, labels) {bare:.0f} ms; the "
          f"layer's own part (read, project, paint) {own:.2f} s = {own / arrow:.1f}x pyarrow's "
          "read")
    raw = count * 16  # the coordinates as two float64
    print(f"  peak memory added {peak / 2**20:.0f} MB = {peak / raw:.1f}x the raw coordinates "
          f"({raw / 2**20:.0f} MB); {verdict(peak / raw, GOALS['memory'])}")
    item = scene.user_layers.items[added.id]
    width, layer_ms, frames = view[2] - view[0], [], []
    paint_layer = item._paint_layer

    def timed(painter, area) -> None:
        begin = time.perf_counter()
        paint_layer(painter, area)
        layer_ms.append((time.perf_counter() - begin) * 1000)

    item._paint_layer = timed
    for k in range(1, 21):  # each a view at rest after a pan or a zoom: drawn afresh
        item.cache.clear()
        shift, zoom = width * 0.02 * k, 1.0 - 0.02 * (k % 5)
        frames.append(frame_ms(scene, image, (view[0] + shift, view[1], view[0] + shift
                                              + width * zoom,
                                              view[1] + (view[3] - view[1]) * zoom)))
    item._paint_layer = paint_layer
    redraw = statistics.median(layer_ms)
    print(f"  pan or zoom: the layer redrawn in {redraw:.0f} ms median (the whole frame, "
          f"basemap, themes and labels drawn afresh too: {statistics.median(frames):.0f} ms); "
          f"{verdict(redraw, GOALS['pan'])}")
    added.style.time_start_field = "date"
    steps = []
    for k in range(12):
        start = time.perf_counter()
        session.time.date = dt.date(2000 + k, 6, 1)  # the filter, then the frame
        steps.append((time.perf_counter() - start) * 1000 + frame_ms(scene, image, view))
    print(f"  date step (filter, count, shade, frame) median {statistics.median(steps):.0f} ms; "
          f"{verdict(statistics.median(steps), GOALS['date'])}")


def export(path: Path, count: int, folder: Path) -> None:
    command = ["explorer", "export", str(folder / "out.png"), "--layer", str(path)]
    subprocess.run(command, env=script_env(), check=True, capture_output=True)  # bytecode
    took = median_seconds(lambda: subprocess.run(command, env=script_env(), check=True,
                                                 capture_output=True), 3)
    print(f"  explorer export --layer ({count:,} points, whole process, median of 3) "
          f"{took:.2f} s; "
          f"{verdict(took, GOALS['export'])}")


def view_of_world(folder: Path, count: int) -> None:
    """A view's read from a world's worth of points (GeoParquet 1.1, bbox covering, rows
    sorted by longitude) against pyarrow's read of the whole file's same columns."""
    import geopandas as gpd

    from explorer.io.parquet_view import GeoParquetView

    rng = np.random.default_rng(7)
    path = folder / "world.parquet"
    lon, lat = np.sort(rng.uniform(-180, 180, count)), rng.uniform(-60, 70, count)
    gpd.GeoDataFrame({"id": np.arange(count)}, geometry=shapely.points(lon, lat),
                     crs="EPSG:4326").to_parquet(path, write_covering_bbox=True,
                                                 row_group_size=100_000)
    view = GeoParquetView(path)
    box = CENTRAL_ASIA_BBOX
    runs = {"view": lambda: view.read(box, ("id",)),
            "whole": lambda: pq.read_table(path, columns=["geometry", "id"])}
    times = interleaved_medians(runs, 5)
    got = view.read(box, ("id",))
    print(f"  a view of Central Asia from {count:,} points over the world: "
          f"{times['view'] * 1000:.0f} ms for {len(got.lon):,} points, {len(got.groups)} of "
          f"{view.groups} row groups read ({times['view'] / times['whole']:.2f}x pyarrow's "
          f"read of the whole file, {times['whole'] * 1000:.0f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=2_000_000)
    parser.add_argument("--layer", type=Path, help=argparse.SUPPRESS)  # the child's part
    args = parser.parse_args()
    headless_application()
    if args.layer:
        layer(args.layer, args.points)
        return
    aggregation()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.parquet"
        write_points(path, args.points)
        subprocess.run([sys.executable, __file__, "--layer", str(path), "--points",
                        str(args.points)], check=True)
        export(path, args.points, Path(folder))
        view_of_world(Path(folder), args.points)


if __name__ == "__main__":
    main()
