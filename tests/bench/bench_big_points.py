"""Benchmark: dense points aggregated to the view's pixels (2 and 20 million points, 1920x1080):
binning and shading, against numpy's own histogram2d of the same points in the same run."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from frames import interleaved_medians

from explorer.analysis.density import bin_points
from explorer.render.application import headless_application
from explorer.render.density import shade

SIZE = (1920, 1080)
RECT = (-3.0, -2.0, 3.0, 2.0)


def main() -> None:
    headless_application()
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


if __name__ == "__main__":
    main()
