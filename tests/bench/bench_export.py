"""Benchmark: the default view with every theme as a 3840x2160 PNG, ours versus geopandas +
matplotlib drawing the same layers at the same size; SVG/PDF sizes, simplified to the output
resolution versus drawn from the full-resolution basemap; and `explorer export` of the world
at 3840x2160 as a whole process (imports included, as from a script) versus a whole-process
geopandas + matplotlib script drawing a plain world map at the same size.

Run: python tests/bench/bench_export.py [--repeat 5] [--process-repeat 7] [--save-dir DIR]

Ours and theirs are timed in turn, round after round, and the medians compared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import shapely
from frames import interleaved_medians, median_seconds, script_env
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from explorer.geo.geometry import path_arrays
from explorer.geo.lod import LEVELS
from explorer.geo.projection import CENTRAL_ASIA_BBOX, get_projection
from explorer.io.atlas_reader import read_atlas
from explorer.io.basemap import read_level
from explorer.model.session import Session
from explorer.paths import BASEMAP
from explorer.render import basemap as basemap_item
from explorer.render import graticule as graticule_item
from explorer.render import style
from explorer.render.application import headless_application
from explorer.render.basemap import projected_level
from explorer.render.export import ExportOptions, export_map
from explorer.render.graticule import projected_lines
from explorer.render.paths import FeaturePaths, clipped_paths

SIZE = (3840, 2160)
SPEED_GOAL = 5.0  # geopandas + matplotlib must take at least this many times our time
SIZE_GOAL = 5.0  # the unsimplified SVG/PDF must be at least this many times our file
PROCESS_GOAL = 3.0  # a whole-process geopandas + matplotlib world map: this many times ours
WORLD_BBOX = "-180,-90,180,90"
# A script's plain world map: geopandas reads a basemap level, matplotlib draws it at W x H px.
PLAIN_WORLD = """
import sys
import geopandas as gpd
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
path, level, out, width, height, land, border = sys.argv[1:]
world = gpd.read_file(path, layer=level, engine="pyogrio")
fig = plt.figure(figsize=(int(width) / 100, int(height) / 100), dpi=100)
ax = fig.add_axes((0, 0, 1, 1))
ax.set_axis_off()
world.plot(ax=ax, color=land, edgecolor=border, linewidth=0.7)
fig.savefig(out, dpi=100)
"""
VECTOR_SIZE = (1600, 1000)
# routes coloured by status, as ours are; points by kind
ROUTE_COLOURS = {"operating": "#2b6cb0", "under_construction": "#dd6b20", "planned": "#718096"}


def atlas_frames(session: Session, crs) -> dict[str, gpd.GeoDataFrame]:
    """The atlas's layers on the session's date as projected GeoDataFrames (what we draw)."""
    active = session.active
    atlas = session.atlas
    places = list(active.places.values())
    bases = list(active.bases.values())
    routes = [r for r in active.routes.values() if len(r.waypoints) >= 2]
    members = {m.actor for m in active.memberships.values()
               if m.organization in session.themes.alliances.organizations and m.role == "member"}

    def points(records) -> gpd.GeoDataFrame:
        return gpd.GeoDataFrame({"name": [r.name for r in records]},
                                geometry=shapely.points([(r.lon, r.lat) for r in records]),
                                crs="EPSG:4326").to_crs(crs)

    lines = [shapely.linestrings([(atlas.places[w].lon, atlas.places[w].lat)
                                  for w in r.waypoints]) for r in routes]
    return {
        "members": members,
        "places": points(places),
        "bases": points(bases),
        "routes": gpd.GeoDataFrame({"status": [r.status for r in routes]}, geometry=lines,
                                   crs="EPSG:4326").to_crs(crs),
    }


def baseline(out: Path, session: Session, level: str) -> Callable[[], None]:
    """geopandas + matplotlib: the basemap level, the alliance members shaded, the routes, the
    bases and places with their names, in our projection and extent, saved as a PNG."""
    import matplotlib.pyplot as plt

    projection = get_projection("lcc_central_asia")
    crs = projection.crs
    xmin, ymin, xmax, ymax = projection.bbox_to_rect(CENTRAL_ASIA_BBOX)

    def run() -> None:
        table = read_level(level)
        countries = gpd.GeoDataFrame(table.columns, geometry=table.geometry,
                                     crs=table.crs).to_crs(crs)
        layers = atlas_frames(session, crs)
        fig = plt.figure(figsize=(SIZE[0] / 100, SIZE[1] / 100), dpi=100)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        ax.set_facecolor(style.SEA.name())
        countries.plot(ax=ax, color=style.LAND.name(), edgecolor=style.BORDER.name(),
                       linewidth=0.7)
        members = countries[countries["iso_a3"].isin(layers["members"])]
        members.plot(ax=ax, color="#dd8452", alpha=0.5, edgecolor="none")
        routes = layers["routes"]
        routes.plot(ax=ax, color=[ROUTE_COLOURS.get(s, "#555") for s in routes["status"]],
                    linewidth=2.0)
        for key, marker, size in (("places", "o", 12), ("bases", "^", 40)):
            frame = layers[key]
            frame.plot(ax=ax, marker=marker, markersize=size, color="#222")
            for name, point in zip(frame["name"], frame.geometry, strict=True):
                if xmin <= point.x <= xmax and ymin <= point.y <= ymax:
                    ax.annotate(name, (point.x, point.y), xytext=(4, 2),
                                textcoords="offset points", fontsize=9)
        ax.set_xlim(xmin, xmax)
        ax.set_ylim(ymin, ymax)
        fig.savefig(out, dpi=100)
        plt.close(fig)

    return run


def ours(out: Path, options: ExportOptions) -> Callable[[], object]:
    return lambda: export_map(out, options)


def unsimplified(run: Callable[[], object], cut: bool) -> Callable[[], object]:
    """The same export from the full-resolution basemap, nothing simplified: shapes drawn whole
    (the naive export, what savefig of the same layers writes), or cut to the page."""
    def whole(geoms, rect, tolerance=0.0):
        return FeaturePaths(path_arrays(np.asarray(geoms, dtype=object)))

    def cut_only(geoms, rect, tolerance=0.0):
        return clipped_paths(geoms, rect)

    patched = cut_only if cut else whole

    def forced() -> object:
        saved = (basemap_item.level_for_scale, basemap_item.clipped_paths,
                 graticule_item.clipped_paths)
        basemap_item.level_for_scale = lambda units_per_pixel: LEVELS[-1]
        basemap_item.clipped_paths = graticule_item.clipped_paths = patched
        try:
            return run()
        finally:
            (basemap_item.level_for_scale, basemap_item.clipped_paths,
             graticule_item.clipped_paths) = saved

    return forced


def rendered(path: Path) -> np.ndarray:
    """An SVG drawn at its own size, as RGB values."""
    renderer = QSvgRenderer(str(path))
    image = QImage(*VECTOR_SIZE, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, *VECTOR_SIZE))
    painter.end()
    data = np.frombuffer(image.constBits(), np.uint8).reshape(VECTOR_SIZE[1], VECTOR_SIZE[0], 4)
    return data[..., :3].astype(int)


def process(command: list[str]) -> Callable[[], None]:
    """A run of a whole process, as a script would start it (Qt offscreen, bytecode cached)."""
    return lambda: subprocess.run(command, env=script_env(), check=True, capture_output=True)


def import_seconds(command: list[str]) -> Counter[str]:
    """Seconds each top-level package takes to import in one run of the command (the self
    times python -X importtime reports, summed; explorer by subpackage)."""
    done = subprocess.run([command[0], "-X", "importtime", *command[1:]], env=script_env(),
                          check=True,
                          capture_output=True, text=True)
    seconds: Counter[str] = Counter()
    for line in done.stderr.splitlines():
        fields = line.removeprefix("import time:").split("|")
        if len(fields) == 3 and fields[0].strip().isdigit():
            parts = fields[2].strip().split(".")
            package = ".".join(parts[:2]) if parts[0] == "explorer" else parts[0]
            seconds[package] += int(fields[0]) / 1e6
    return seconds


def whole_process(folder: Path, repeat: int) -> None:
    """(c) `explorer export` of the world at SIZE, imports and all, versus a geopandas +
    matplotlib script's plain world map at the same size: from the level ours draws at that
    scale (the fair pairing) and from the 1:10m level."""
    size = [str(v) for v in SIZE]
    ours_command = [sys.executable, "-m", "explorer", "export", str(folder / "world.png"),
                    "--size", "x".join(size), f"--bbox={WORLD_BBOX}"]
    theirs = {level: process([sys.executable, "-c", PLAIN_WORLD, str(BASEMAP), level,
                              str(folder / f"world-{level}.png"), *size, style.LAND.name(),
                              style.BORDER.name()])
              for level in (LEVELS[0], LEVELS[-1])}
    process(ours_command)()  # once untimed: Python caches explorer's bytecode, as installed
    medians = interleaved_medians({"ours": process(ours_command), **theirs}, repeat)
    ours_s = medians.pop("ours")
    print(f"(c) whole process, {SIZE[0]}x{SIZE[1]} PNG of the world; median of {repeat}")
    print(f"    explorer export --bbox={WORLD_BBOX} (every theme, legend, "
          f"sources):  {ours_s:6.3f} s")
    for level, seconds in medians.items():
        ratio = seconds / ours_s
        print(f"    geopandas + matplotlib script, plain map of {level:<13}{seconds:6.3f} s  "
              f"({ratio:.1f}x ours; goal >= {PROCESS_GOAL:.0f}x: "
              f"{'met' if ratio >= PROCESS_GOAL else 'NOT met'})")
    start = median_seconds(process([sys.executable, "-c", "pass"]), repeat)
    imports = import_seconds(ours_command)
    heaviest = ", ".join(f"{name} {t * 1000:.0f}" for name, t in imports.most_common(8))
    loading = sum(imports.values())
    print(f"    where ours goes: the interpreter's start {start:.3f} s; imports {loading:.3f} s "
          f"(-X importtime, which adds its own overhead; ms: {heaviest}); the rest, about "
          f"{ours_s - start - loading:.3f} s: the Qt application, the atlas, drawing, the PNG")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--process-repeat", type=int, default=7, help="runs of each whole "
                        "process in (c)")
    parser.add_argument("--save-dir", help="keep the outputs here")
    args = parser.parse_args()
    matplotlib.use("Agg")
    headless_application()
    day = dt.date.today()
    session = Session(read_atlas(), day)
    # the atlas in memory, as the baseline has its layers (and as the window exports)
    options = ExportOptions(size=SIZE, date=day, session=session)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.save_dir or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        png, theirs = folder / "ours.png", folder / "geopandas.png"
        export_map(png, options)  # warms fonts, caches and the PNG encoder
        baseline(theirs, session, LEVELS[-1])()
        cold = ours(png, options)
        medians = interleaved_medians({
            "ours": ours(png, options),
            # like the baseline, from the layers in memory, but nothing projected yet
            "cold": lambda: (projected_level.cache_clear(), projected_lines.cache_clear(),
                             cold()),
            "theirs": baseline(theirs, session, LEVELS[-1])}, args.repeat)
        ours_s, cold_s, full_s = medians["ours"], medians["cold"], medians["theirs"]
        print(f"(a) {SIZE[0]}x{SIZE[1]} PNG, default view, every theme, {day}; "
              f"median of {args.repeat}")
        print(f"    ours, basemap already projected (as from the window): {ours_s:6.3f} s")
        print(f"    ours, nothing projected yet (as the baseline):        {cold_s:6.3f} s")
        print(f"    geopandas + matplotlib, 1:10m basemap:               {full_s:6.3f} s  "
              f"({full_s / ours_s:.1f}x ours, {full_s / cold_s:.1f}x ours unprojected)")
        for level in LEVELS[:-1]:
            seconds = median_seconds(baseline(theirs, session, level), args.repeat)
            print(f"    geopandas + matplotlib, {level:<29}{seconds:6.3f} s  "
                  f"({seconds / ours_s:.1f}x ours)")
        for name, ratio in (("ours", full_s / ours_s), ("ours unprojected", full_s / cold_s)):
            print(f"    goal: {name} <= 1/{SPEED_GOAL:.0f} of geopandas at full resolution: "
                  f"{'met' if ratio >= SPEED_GOAL else 'NOT met'} ({ratio:.1f}x)")
        print(f"(b) vector exports at {VECTOR_SIZE[0]}x{VECTOR_SIZE[1]}, simplified to the "
              "output resolution vs the full-resolution basemap")
        vector = ExportOptions(size=VECTOR_SIZE, date=day)
        for suffix in (".svg", ".pdf"):
            small, whole, cut = (folder / f"{name}{suffix}" for name in ("simplified", "full",
                                                                        "full-cut"))
            export_map(small, vector)
            unsimplified(ours(whole, vector), cut=False)()
            unsimplified(ours(cut, vector), cut=True)()
            size = small.stat().st_size
            share, cut_share = whole.stat().st_size / size, cut.stat().st_size / size
            line = (f"    {suffix[1:].upper()}: {size / 1e6:5.2f} MB; unsimplified "
                    f"{whole.stat().st_size / 1e6:5.2f} MB drawn whole ({share:.1f}x), "
                    f"{cut.stat().st_size / 1e6:5.2f} MB cut to the page ({cut_share:.1f}x)")
            if suffix == ".svg":
                difference = np.abs(rendered(small) - rendered(whole))
                changed = float((difference.max(axis=2) > 48).mean())
                line += (f"; drawn: mean difference {difference.mean():.2f}/255, "
                         f"{changed:.2%} of pixels visibly different")
            print(line + f"; goal >= {SIZE_GOAL:.0f}x the unsimplified file: "
                  f"{'met' if share >= SIZE_GOAL else 'NOT met'}")
        whole_process(folder, args.process_repeat)

if __name__ == "__main__":
    main()
