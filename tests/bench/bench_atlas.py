"""Benchmark: load and validate the whole atlas (goal: ≤ 300 ms), in-process and from cold."""

from __future__ import annotations

import statistics
import subprocess
import sys

from frames import median_seconds

from explorer.io.atlas_reader import read_atlas
from explorer.model.atlas import TABLES

REPEATS = 7
GOAL = 0.300  # seconds

# A fresh interpreter: imports (pydantic, the schemas) plus one load, as `explorer atlas` pays.
COLD = """
import time
start = time.perf_counter()
from explorer.io.atlas_reader import read_atlas
read_atlas().problems()
print(time.perf_counter() - start)
"""


def cold_seconds() -> float:
    run = [sys.executable, "-c", COLD]
    subprocess.run(run, check=True, capture_output=True)  # warm-up: bytecode and the OS cache
    times = [float(subprocess.run(run, check=True, capture_output=True, text=True).stdout)
             for _ in range(REPEATS)]
    return statistics.median(times)


def main() -> None:
    atlas = read_atlas()
    counts = ", ".join(f"{len(atlas.table(t))} {t}" for t in TABLES)
    print(f"atlas: {counts}, {len(atlas.sources)} sources")
    warm, cold = median_seconds(read_atlas, REPEATS), cold_seconds()
    print(f"{'load + validate (files, rows, references), median of ' + str(REPEATS):<62}"
          f"{warm * 1000:>7.1f} ms")
    print(f"{'the same in a fresh process, imports included':<62}{cold * 1000:>7.1f} ms")
    print(f"goal ≤ {GOAL * 1000:.0f} ms: {'met' if max(warm, cold) <= GOAL else 'NOT met'}")


if __name__ == "__main__":
    main()
