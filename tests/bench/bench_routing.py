"""Benchmark: corridor routing (issue 19) — a route query (goal ≤ 20 ms median), five
alternatives (≤ 100 ms), the sea-access series of the five Central Asian capitals 1991–today
(≤ 1 s); each also as a ratio to building the day's transport graph, measured in the run."""

from __future__ import annotations

import datetime as dt

from frames import median_seconds, print_against_goals

from explorer.analysis.transport import SEA, sea_access, shortest_paths, transport_graph
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

if __name__ == "__main__":
    main()
