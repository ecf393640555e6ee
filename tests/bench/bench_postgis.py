"""Benchmark: PostGIS layers against a throwaway server (tests/postgis/cluster.py): a point
table of 1 and 10 million rows, the Central Asia view fetched as counts per cell (what a low
zoom draws) and as points (a close view), against the server's own count of the same rows in
the same run; the client's memory as the table grows ten times.
Run: python tests/bench/bench_postgis.py [--rows 1000000,10000000]"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from frames import median_seconds

from explorer.io.postgis import connect, fetch_points, grid_counts, parse_uri
from tests.postgis.cluster import throwaway_cluster

CENTRAL_ASIA = (45.0, 24.0, 90.0, 56.0)
CLOSE = (66.0, 39.0, 68.0, 40.5)  # Samarkand to Karshi
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


def measure(uri: str, rows: int) -> int:
    ref = parse_uri(f"{uri}?table=public.bench_points")
    with connect(ref) as conn:
        server = median_seconds(lambda: conn.execute(
            "SELECT count(*) FROM bench_points WHERE geom && ST_MakeEnvelope(45, 24, 90, 56, "
            "4326)").fetchone(), 3)
        first = median_seconds(lambda: grid_counts(conn, ref, CENTRAL_ASIA, GRID), 3)
        pans = [median_seconds(lambda k=k: grid_counts(conn, ref, (45 + k, 24, 90 + k, 56), GRID),
                               1)
                for k in range(1, 6)]
        close = median_seconds(lambda: fetch_points(conn, ref, CLOSE), 3)
        points = len(fetch_points(conn, ref, CLOSE).lon)
    print(f"{rows:>11,} rows: Central Asia as {GRID[0]}x{GRID[1]} counts {first:.2f} s "
          f"({first / server:.1f}x the server's own count of those rows, {server:.2f} s; goal "
          f"<= {GOALS['first']} s: {'met' if first <= GOALS['first'] else 'NOT met'}); a pan "
          f"{statistics.median(pans):.2f} s median (goal <= {GOALS['pan']} s: "
          f"{'met' if statistics.median(pans) <= GOALS['pan'] else 'NOT met'}); a close view's "
          f"{points:,} points {close:.2f} s")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="1000000,10000000")
    sizes = [int(n) for n in parser.parse_args().rows.split(",")]
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


if __name__ == "__main__":
    main()
