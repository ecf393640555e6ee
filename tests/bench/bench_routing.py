"""Benchmark: corridor routing (issue 19) — a route query (goal ≤ 20 ms median), five
alternatives (≤ 100 ms), the sea-access series of the five Central Asian capitals 1991–today
(≤ 1 s); each also as a ratio to building the day's transport graph, measured in the run.
Then a user's layer of 20,000 lines joined to the atlas, and a query over it (no goal set)."""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
import shapely
from frames import median_seconds, print_against_goals

from explorer.analysis.transport import SEA, sea_access, shortest_paths, transport_graph
from explorer.analysis.user_lines import line_layer, with_lines
from explorer.io.atlas_reader import read_atlas

REPEATS = 7
CAPITALS = ("tashkent", "ashgabat", "dushanbe", "bishkek", "astana")
GOALS = {"query": 0.020, "alternatives": 0.100, "sea access": 1.0}  # seconds


def main() -> None:
    atlas = read_atlas()
    today = dt.date.today()
    years = range(1991, today.year + 1)
    baseline = median_seconds(lambda: transport_graph(atlas, today), REPEATS)
    runs = {
        "query": (median_seconds(lambda: shortest_paths(atlas, "tashkent", "bandar_abbas",
                                                        today), REPEATS),
                  "Tashkent → Bandar Abbas today"),
        "alternatives": (median_seconds(lambda: shortest_paths(atlas, "tashkent", SEA, today,
                                                               k=5), REPEATS),
                         "Tashkent → the open sea, 5 alternatives"),
        "sea access": (median_seconds(lambda: sea_access(atlas, CAPITALS, years), 3),
                       f"sea access, 5 capitals × {len(years)} years"),
    }
    print_against_goals("today's transport graph", baseline, runs, GOALS)
    user_lines(atlas, baseline)


def user_lines(atlas, baseline: float, count: int = 20_000) -> None:
    """A made-up layer of short three-point lines over Central Asia, joined and routed over."""
    rng = np.random.default_rng(1)
    start = np.column_stack([rng.uniform(55, 80, count), rng.uniform(36, 50, count)])
    end = start + rng.normal(0, 0.3, (count, 2))
    layer = line_layer("made up", shapely.linestrings(np.stack([start, (start + end) / 2, end],
                                                                axis=1)))
    begin = time.perf_counter()
    joined = with_lines(atlas, [layer])
    built = time.perf_counter() - begin
    years = [str(year) for year in range(2020, 2020 + REPEATS)]  # a new day each: no reuse
    queries = [median_seconds(lambda y=y: shortest_paths(joined, "tashkent", "bandar_abbas", y),
                              1) for y in years]
    print(f"{count:,} user lines joined to the atlas in {built:.2f} s; a query over them "
          f"{np.median(queries) * 1000:.0f} ms median ({np.median(queries) / baseline:.0f}x "
          "baseline; the first builds each line's legs)")

if __name__ == "__main__":
    main()
