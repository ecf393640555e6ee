"""Benchmark: the basemap as a 3840x2160 PNG, our exporter versus geopandas + matplotlib."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import matplotlib
from frames import clear_caches, median_seconds

from explorer.geo.projection import PROJECTIONS
from explorer.paths import BASEMAP
from explorer.render import basemap as basemap_item
from explorer.render import style
from explorer.render.application import headless_application
from explorer.render.export import ExportOptions, export_map

SIZE = (3840, 2160)
WORLD_BBOX = (-180.0, -60.0, 180.0, 85.0)
EQUAL_EARTH = "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m +no_defs"
REPEATS = 3
GOAL = 5.0  # ours must be at least this many times faster for the world render


def ours(out: Path, options: ExportOptions) -> Callable[[], object]:
    def run() -> Path:
        clear_caches()
        return export_map(out, options)  # builds a new MapScene, hence new paths

    return run


def drawn_levels(out: Path, options: ExportOptions) -> list[str]:
    """The basemap levels the country layer reads during one (untimed) export."""
    seen: list[str] = []
    original = basemap_item.read_level

    def recording(level: str, *args: object) -> object:
        seen.append(level)
        return original(level, *args)

    basemap_item.read_level = recording
    try:
        export_map(out, options)
    finally:
        basemap_item.read_level = original
    return seen


def baseline(out: Path, layer: str) -> Callable[[], object]:
    import matplotlib.pyplot as plt

    xmin, ymin, xmax, ymax = PROJECTIONS["equal_earth"].bbox_to_rect(WORLD_BBOX)

    def run() -> None:
        frame = gpd.read_file(BASEMAP, layer=layer, engine="pyogrio").to_crs(EQUAL_EARTH)
        fig = plt.figure(figsize=(SIZE[0] / 100, SIZE[1] / 100), dpi=100)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        frame.plot(ax=ax, color=style.LAND.name(), edgecolor=style.BORDER.name(), linewidth=0.7)
        ax.set_xlim(xmin, xmax)
        ax.set_ylim(ymin, ymax)
        fig.savefig(out, dpi=100)
        plt.close(fig)

    return run


def main() -> None:
    matplotlib.use("Agg")
    headless_application()
    world = ExportOptions(size=SIZE, bbox=WORLD_BBOX, projection="equal_earth", themes="none")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "map.png"
        levels = drawn_levels(out, world)  # also warms up Qt, fonts and the PNG encoder
        baseline(out, "countries_z0")()  # warms up matplotlib
        rows = [
            ("ours: world, equal earth", median_seconds(ours(out, world), REPEATS)),
            ("ours: Central Asia, LCC",
             median_seconds(ours(out, ExportOptions(size=SIZE, themes="none")), REPEATS)),
            ("geopandas: world, countries", median_seconds(baseline(out, "countries"), REPEATS)),
        ]
        rows += [(f"geopandas: world, {level}", median_seconds(baseline(out, level), REPEATS))
                 for level in dict.fromkeys(["countries_z0", *levels])]
    world_ours = rows[0][1]
    print(f"{SIZE[0]}x{SIZE[1]} PNG, median of {REPEATS}; our world render drew {levels}")
    print(f"{'render':<32}{'median s':>10}  baseline/ours")
    for name, seconds in rows:
        ratio = f"ours is {seconds / world_ours:.1f}× faster" if "geopandas" in name else ""
        print(f"{name:<32}{seconds:>10.3f}  {ratio}")
    speedup = rows[2][1] / world_ours
    print(f"goal ≥ {GOAL:.0f}× vs full-resolution geopandas: "
          f"{'met' if speedup >= GOAL else 'NOT met'} ({speedup:.1f}×)")


if __name__ == "__main__":
    main()
