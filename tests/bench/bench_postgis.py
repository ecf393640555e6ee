"""Benchmark: PostGIS layers against a throwaway server (tests/postgis/cluster.py): a point
table of 1 and 10 million rows, the Central Asia view fetched as counts per cell (what a low
zoom draws: explorer.io.postgis_counts, its first frame while the pyramid builds, then from
the pyramid as asked and snapped to its cells, and pans) and as points (a close view),
against the server's own count of the same rows in the same run; the client's memory as the
table grows ten times. Then a table of 100,000 small polygons (16-gons) over Central Asia: close
views fetched as shapes (simplified on the server to half a 1920-px view's pixel, parsed into
shapely), the Central Asia view as counts.
Run: python tests/bench/bench_postgis.py [--rows 1000000,10000000] [--polygons 100000]"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import shapely
from frames import median_seconds

from explorer.geo.layer_geometry import from_shapes
from explorer.io.postgis import connect, fetch_points, fetch_shapes, grid_counts, parse_uri
from explorer.io.postgis_counts import CountSource, snap
from tests.postgis.cluster import throwaway_cluster

CENTRAL_ASIA = (45.0, 24.0, 90.0, 56.0)
CLOSE = (66.0, 39.0, 68.0, 40.5)  # Samarkand to Karshi
REGIONAL = (55.0, 35.0, 75.0, 45.0)  # Uzbekistan and around: some 14,000 polygons
GRID = (640, 360)  # cells of 3 px on a 1920x1080 view
GOALS = {"first": 1.0, "pan": 0.3, "memory": 1.2}


def fill(uri: str, rows: int) -> None:
    import psycopg

    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_points")
        conn.execute("CREATE TABLE bench_points AS SELECT i AS id, "
                     "ST_SetSRID(ST_MakePoint(30 + 70 * random(), 15 + 45 * random()), 4326)"
                     "::geometry(Point, 4326) AS geom FROM generate_series(1, %s) AS i",
                     (rows,))
        conn.execute("CREATE INDEX ON bench_points USING gist (geom)")
        conn.execute("ANALYZE bench_points")


def timed(work) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def verdict(value: float, goal: float) -> str:
    return f"goal <= {goal} s: {'met' if value <= goal else 'NOT met'}"


def measure(uri: str, rows: int) -> int:
    ref = parse_uri(f"{uri}?table=public.bench_points")
    with connect(ref) as conn:
        server = median_seconds(lambda: conn.execute(
            "SELECT count(*) FROM bench_points WHERE geom && ST_MakeEnvelope(45, 24, 90, 56, "
            "4326)").fetchone(), 3)
        direct = median_seconds(lambda: grid_counts(conn, ref, CENTRAL_ASIA, GRID), 1)
        print(f"{rows:>11,} rows: the server's own count of the Central Asia rows {server:.2f} s; "
              f"grid_counts of them as {GRID[0]}x{GRID[1]} {direct:.2f} s "
              f"({direct / server:.1f}x)")
        start = time.perf_counter()
        source = CountSource(conn, ref)
        first_s, first = timed(lambda: source.grid(CENTRAL_ASIA, GRID))
        source.wait()
        built = time.perf_counter() - start
        print(f"    first frame {first_s:.2f} s ({first_s / server:.1f}x the server's count; "
              f"{first.source}{', estimated' if first.estimated else ''}; "
              f"{verdict(first_s, GOALS['first'])}); pyramid "
              f"{source.pyramid_error or f'built in {built:.1f} s'}")
        for label, grid in (("as asked", lambda box: (box, GRID)),
                            ("snapped", lambda box: snap(box, GRID))):
            exact_s, got = timed(lambda g=grid: source.grid(*g(CENTRAL_ASIA)))
            pans = [timed(lambda k=k, g=grid: source.grid(*g((45 + k, 24, 90 + k, 56))))[0]
                    for k in range(1, 6)]
            pan = statistics.median(pans)
            print(f"    {label} ({got.counts.shape[1]}x{got.counts.shape[0]}, {got.source}, "
                  f"{'exact' if got.exact else 'shared by area'}): Central Asia {exact_s:.2f} s"
                  f" ({exact_s / server:.1f}x); a pan {pan:.2f} s median ({pan / server:.1f}x; "
                  f"{verdict(pan, GOALS['pan'])})")
        close = median_seconds(lambda: fetch_points(conn, ref, CLOSE), 3)
        points = len(fetch_points(conn, ref, CLOSE).lon)
        close_counts = median_seconds(lambda: source.grid(CLOSE, GRID), 3)
        print(f"    a close view's {points:,} points {close:.2f} s, its counts "
              f"{close_counts:.2f} s ({source.grid(CLOSE, GRID).source})")
        source.close()
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def fill_polygons(uri: str, count: int) -> None:
    """`count` 16-gons 0.08 degree across on a grid over Central Asia (400 columns)."""
    import psycopg

    columns = 400
    rows = -(-count // columns)
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_polygons")
        conn.execute(
            "CREATE TABLE bench_polygons AS SELECT i * %s + j AS id, 'p' || (i * %s + j) AS name, "
            "ST_Buffer(ST_SetSRID(ST_MakePoint(45.05 + i * 45.0 / %s, 24.05 + j * 32.0 / %s), "
            "4326), 0.04, 'quad_segs=4')::geometry(Polygon, 4326) AS geom FROM generate_series("
            "0, %s) AS i, generate_series(0, %s) AS j WHERE i * %s + j < %s",
            (rows, rows, columns, rows, columns - 1, rows - 1, rows, count))
        conn.execute("CREATE INDEX ON bench_polygons USING gist (geom)")
        conn.execute("ANALYZE bench_polygons")


def measure_polygons(uri: str, count: int) -> None:
    ref = parse_uri(f"{uri}?table=public.bench_polygons")
    with connect(ref) as conn:
        for label, box in (("close", CLOSE), ("regional", REGIONAL)):
            tolerance = 0.5 * (box[2] - box[0]) / 1920  # half a pixel of a 1920-px view
            server = median_seconds(lambda b=box: conn.execute(
                "SELECT count(*) FROM bench_polygons WHERE geom && ST_MakeEnvelope(%s, %s, %s, "
                "%s, 4326)", b).fetchone(), 3)
            took = median_seconds(lambda b=box, t=tolerance: from_shapes(fetch_shapes(
                conn, ref, b, ("id", "name"), tolerance=t).geoms), 3)
            got = fetch_shapes(conn, ref, box, ("id", "name"), tolerance=tolerance)
            vertices = int(shapely.get_num_coordinates(got.geoms).sum())
            print(f"    a {label} view {box}: {len(got.geoms):,} polygons ({vertices:,} "
                  f"vertices) as shapes in {took * 1000:.0f} ms (the server's count of them "
                  f"{server * 1000:.0f} ms)")
        server = median_seconds(lambda: conn.execute(
            "SELECT count(*) FROM bench_polygons WHERE ST_Intersects(ST_PointOnSurface(geom), "
            "ST_MakeEnvelope(45, 24, 90, 56, 4326))").fetchone(), 3)
        source = CountSource(conn, ref)
        first_s, first = timed(lambda: source.grid(*snap(CENTRAL_ASIA, GRID)))
        source.wait()
        wide_s, wide = timed(lambda: source.grid(*snap(CENTRAL_ASIA, GRID)))
        print(f"    the Central Asia view as counts: first {first_s * 1000:.0f} ms "
              f"({first.source}), then {wide_s * 1000:.0f} ms ({wide.source}, "
              f"{'exact' if wide.exact else 'shared by area'}), {int(wide.counts.sum()):,} "
              f"polygons at their points on surface; the server's own count of them "
              f"{server * 1000:.0f} ms")
        source.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="1000000,10000000")
    parser.add_argument("--polygons", type=int, default=100_000)
    args = parser.parse_args()
    sizes = [int(n) for n in args.rows.split(",") if int(n) > 0]
    with throwaway_cluster() as uri:
        peaks = []
        for rows in sizes:
            start = time.perf_counter()
            fill(uri, rows)
            took = time.perf_counter() - start
            print(f"(table of {rows:,} rows built and indexed in {took:.0f} s)")
            peaks.append(measure(uri, rows))
        if len(peaks) > 1:
            growth = peaks[-1] / peaks[0]
            print(f"client peak memory {peaks[0] / 1024:.0f} MB -> {peaks[-1] / 1024:.0f} MB as "
                  f"the table grew {sizes[-1] / sizes[0]:.0f}x: {growth:.2f}x (goal < "
                  f"{GOALS['memory']}x: {'met' if growth < GOALS['memory'] else 'NOT met'})")
        if args.polygons:
            start = time.perf_counter()
            fill_polygons(uri, args.polygons)
            print(f"(table of {args.polygons:,} polygons built and indexed in "
                  f"{time.perf_counter() - start:.0f} s)")
            measure_polygons(uri, args.polygons)


if __name__ == "__main__":
    main()
