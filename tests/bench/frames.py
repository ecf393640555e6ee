"""Shared by the benchmarks: time one frame of a map scene; start as a fresh process would."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from functools import cached_property

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from explorer.geo.projection import PROJECTIONS, Projection
from explorer.io.basemap import read_level
from explorer.render.basemap import projected_level
from explorer.render.export import render_scene
from explorer.render.graticule import projected_lines
from explorer.render.map_scene import MapScene


def script_env() -> dict[str, str]:
    """The environment a script runs `explorer` in: Qt offscreen, and Python's bytecode cache
    on, as for an installed package (this machine sets PYTHONDONTWRITEBYTECODE, which would
    have every run compile explorer's modules afresh: some 0.2 s)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def frame_ms(scene: MapScene, image: QImage, view: tuple[float, ...]) -> float:
    """Milliseconds to draw the scene into the whole image, as a window repaint would."""
    start = time.perf_counter()
    painter = QPainter(image)
    try:
        render_scene(painter, QRectF(0, 0, image.width(), image.height()), scene, view)
    finally:
        painter.end()
    return (time.perf_counter() - start) * 1000


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    """The median wall time of `repeats` calls of run()."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved_medians(runs: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """The median wall time of each run, the runs taken in turn `repeats` times: a machine
    that slows down or speeds up during the benchmark weighs on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def clear_caches() -> None:
    """Forget everything a fresh process would not have: read layers, projected basemap and
    graticule, projection caches."""
    read_level.cache_clear()
    projected_level.cache_clear()
    projected_lines.cache_clear()
    cached = [k for k, v in vars(Projection).items() if isinstance(v, cached_property)]
    for projection in PROJECTIONS.values():
        for name in cached:
            vars(projection).pop(name, None)


def print_against_goals(baseline_name: str, baseline: float,
                        runs: dict[str, tuple[float, str]], goals: dict[str, float]) -> None:
    """Each run's median (seconds, what) as milliseconds, as a ratio to the baseline measured
    in the same run, and whether it meets its goal (seconds)."""
    print(f"baseline: {baseline_name} {baseline * 1000:.1f} ms")
    for key, (seconds, what) in runs.items():
        verdict = "met" if seconds <= goals[key] else "NOT met"
        print(f"{what:<58} {seconds * 1000:8.1f} ms  {seconds / baseline:6.1f}x baseline  "
              f"goal {goals[key] * 1000:.0f} ms: {verdict}")
