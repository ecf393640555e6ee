"""Benchmark: start to first painted map, versus only importing Qt, pyqtgraph and geopandas."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

REPEATS = 5
GOAL = 2.0  # ours may take at most this many times the baseline

BASELINE = "import PySide6.QtWidgets, pyqtgraph, geopandas"

# Prints the time of each step; exits 0 only once the map is on screen (Central Asia filled).
OURS = """
import sys, time
steps = [("start", time.perf_counter())]
import PySide6.QtWidgets, pyqtgraph, geopandas
steps.append(("import PySide6, pyqtgraph, geopandas", time.perf_counter()))
from explorer.ui.main_window import MainWindow
from explorer.render import style
steps.append(("import explorer.ui.main_window", time.perf_counter()))
app = PySide6.QtWidgets.QApplication(sys.argv[:1])
steps.append(("QApplication()", time.perf_counter()))
window = MainWindow()
steps.append(("MainWindow()", time.perf_counter()))
window.show()
app.processEvents()
steps.append(("show() + processEvents() (first paint)", time.perf_counter()))
image = window.canvas.grab().toImage()
row = {image.pixelColor(x, image.height() // 2).name() for x in range(0, image.width(), 4)}
steps.append(("canvas.grab() (repaint, checked)", time.perf_counter()))
for (_, before), (name, after) in zip(steps, steps[1:]):
    print(f"{name}\\t{after - before:.3f}")
sys.exit(0 if style.LAND_EMPHASIS.name() in row else 3)
"""


def run_once(code: str, env: dict[str, str]) -> tuple[float, str]:
    """Wall time of one child process, and its output; fails loudly if the child fails."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"child failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return seconds, done.stdout


def median_wall(code: str, env: dict[str, str]) -> tuple[float, str]:
    run_once(code, env)  # warm-up: bytecode caches and the OS file cache
    runs = [run_once(code, env) for _ in range(REPEATS)]
    return statistics.median(s for s, _ in runs), runs[-1][1]


def main() -> None:
    with tempfile.TemporaryDirectory() as config:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": config}
        base, _ = median_wall(BASELINE, env)
        ours, breakdown = median_wall(OURS, env)
    print(f"process start to exit, median of {REPEATS} (QT_QPA_PLATFORM=offscreen)")
    print(f"{'baseline: import PySide6.QtWidgets, pyqtgraph, geopandas':<58}{base:>7.3f} s")
    print(f"{'ours: MainWindow shown, map painted':<58}{ours:>7.3f} s")
    ratio = ours / base
    print(f"ratio ours/baseline: {ratio:.2f}× (goal ≤ {GOAL:.0f}×: "
          f"{'met' if ratio <= GOAL else 'NOT met'})")
    print("\nbreakdown of the last 'ours' run (seconds):")
    for line in breakdown.splitlines():
        name, seconds = line.split("\t")
        print(f"  {name:<40}{float(seconds):>7.3f}")


if __name__ == "__main__":
    main()
