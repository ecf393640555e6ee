"""Benchmark: analysis of change (issue 18) — one actor's history (goal ≤ 50 ms), a diff between
two dates (≤ 100 ms), every state's alignment series 1991–today (≤ 1 s); each also as a ratio
to taking the atlas on one date (`active_on`), measured in the same run."""

from __future__ import annotations

import datetime as dt

from frames import median_seconds, print_against_goals

from explorer.analysis.blocs import alignment_series
from explorer.analysis.diff import diff
from explorer.io.atlas_reader import read_atlas
from explorer.model.history import actor_history

REPEATS = 7
GOALS = {"history": 0.050, "diff": 0.100, "alignment": 1.0}  # seconds


def main() -> None:
    atlas = read_atlas()
    states = [a for a, actor in atlas.actors.items() if actor.kind == "state"]
    years = range(1991, dt.date.today().year + 1)
    baseline = median_seconds(lambda: atlas.active_on(dt.date(2003, 6, 1)), REPEATS)
    runs = {
        "history": (median_seconds(lambda: actor_history(atlas, "UZB"), REPEATS),
                    "Uzbekistan's history (the History panel's model)"),
        "diff": (max(median_seconds(lambda s=start, e=end: diff(atlas, s, e), REPEATS)
                     for start, end in (("2005", "2013"), ("1991", dt.date.today()))),
                 "a diff, the slower of 2005→2013 and 1991→today"),
        "alignment": (median_seconds(lambda: alignment_series(atlas, states, years), REPEATS),
                      f"alignment series, {len(states)} states × {len(years)} years"),
    }
    print_against_goals("the atlas on one date (active_on)", baseline, runs, GOALS)

if __name__ == "__main__":
    main()
