"""Command line: the window, and the subcommands `export` (maps), `animate` (maps through
time), `atlas`, `network`, `diff` (what changed between two dates), `analyze` (blocs) and
`route` (the way to the sea)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.cli_args import (
    Parser,
    UsageError,
    add_atlas_option,
    check_select,
    layer_source,
    parse_bbox,
    parse_date,
    parse_dpi,
    parse_fps,
    parse_max_features,
    parse_route,
    parse_size,
    parse_step,
    parse_themes,
    print_output,
    read_atlas_for,
)

if TYPE_CHECKING:
    from explorer.render.export import ExportOptions

SUBCOMMANDS = ("export", "animate", "atlas", "network", "diff", "analyze", "route")
NETWORK_SUFFIXES = (".png", ".svg", ".gexf", ".graphml")


def add_image_size(p: argparse.ArgumentParser) -> None:
    """--size and --dpi, as every image-writing subcommand takes them."""
    p.add_argument("--size", type=parse_size, default=(1600, 1000), help="image size WxH in "
                   "pixels (default 1600x1000)")
    p.add_argument("--dpi", type=parse_dpi, default=96.0, help="image resolution; pens and "
                   "text grow with it (default 96)")


def export_parser() -> argparse.ArgumentParser:
    p = Parser(prog="explorer export", description="Render a map image with no window; "
                "the format follows OUT's suffix (.png .jpg .svg .pdf).")
    p.add_argument("out", metavar="OUT", type=Path, help="output file")
    add_map_options(p)
    p.add_argument("--transparent", action="store_true", help="no background (PNG, SVG, PDF)")
    p.add_argument("--date", type=parse_date, metavar="D", help="draw the atlas as it stood on "
                   "D: YYYY, YYYY-MM or YYYY-MM-DD (default: today)")
    p.add_argument("--compare", type=parse_date, metavar="D1", help="a diff map: draw over "
                   "the map what changed from D1 to --date (states shaded by the blocs they "
                   "joined or left, bases, lines and sites opened or closed), with its legend")
    p.add_argument("--route", metavar="FROM:TO", help="draw the shortest way from one place "
                   "to another (or to sea: any open-sea port) on the map's date, over the "
                   "lines then in operation (see explorer route)")
    p.add_argument("--project", type=Path, metavar="PATH", help="start from a saved project "
                   "(.caexp): its date, themes, layers with their styles, selection, projection "
                   "and extent, as the window shows it; the options given here win over it "
                   "(--layer adds to its layers)")
    # the project's projection, unless given (see cli_project.use_project)
    p.set_defaults(projection=None)
    return p


def add_map_options(p: argparse.ArgumentParser) -> None:
    """What every map-drawing subcommand (export, animate) takes: extent, size, projection,
    title and page furniture, themes, legend, selection and layers (read back by
    map_options)."""
    from explorer.geo.projection import DEFAULT_PROJECTION, PROJECTIONS
    from explorer.io.read_limits import MAX_DATA_BYTES, MAX_FEATURES
    from explorer.model.theme_specs import theme_keys

    p.add_argument("--bbox", type=parse_bbox, help="extent W,S,E,N in degrees "
                   "(default: Central Asia)")
    add_image_size(p)
    p.add_argument("--projection", choices=list(PROJECTIONS), default=DEFAULT_PROJECTION)
    p.add_argument("--title", help="title above the map")
    p.add_argument("--subtitle", help="a smaller line under the title")
    p.add_argument("--briefing", action="store_true", help="the actor network on the same "
                   "date beside the map (under it on a portrait page), as the window's network "
                   "panel draws it")
    p.add_argument("--no-history", dest="history", action="store_false", help="leave out a "
                   "briefing's history strip (drawn under the map and the network for the "
                   "actors given with --select)")
    p.add_argument("--no-north-arrow", dest="north_arrow", action="store_false",
                   help="leave out the north arrow")
    p.add_argument("--no-footnotes", dest="footnotes", action="store_false", help="leave out "
                   "the numbered sources of what the map shows (the data credit stays; "
                   "animations never number them: they change from frame to frame)")
    p.add_argument("--themes", type=parse_themes, metavar="SPEC", help="which themes to draw, "
                   "e.g. alliances:SCO,CSTO,bases,routes (themes: "
                   f"{', '.join(theme_keys())}; organizations follow alliances:), or none for "
                   "the bare basemap (default: the themes a new window shows, alliances CSTO "
                   "and SCO)")
    p.add_argument("--no-legend", dest="legend", action="store_false", help="leave out the "
                   "legend")
    p.add_argument("--select", action="append", default=[], metavar="ID", help="highlight an "
                   "actor (e.g. UZB, CSTO) and everything linked to it; repeatable")
    p.add_argument("--layer", action="append", default=[], type=layer_source, metavar="PATH",
                   help="draw a vector file of yours over the map (GeoJSON, Shapefile or .zip, "
                   "GeoPackage, KML, FlatGeobuf, GeoParquet, CSV with lon/lat), or a PostGIS "
                   "table (postgresql://user@host/db?table=schema.table: the rows in the "
                   "map's extent); repeatable")
    p.add_argument("--max-features", type=parse_max_features, metavar="N", help="read --layer "
                   "files of up to N features whatever their size (without it, a layer over "
                   f"{MAX_FEATURES:,} features or {MAX_DATA_BYTES // 1024**2} MB of data is "
                   "refused: it may need gigabytes of memory)")


def map_options(args: argparse.Namespace) -> ExportOptions:
    """The map options of add_map_options' arguments."""
    from explorer.render.export import ExportOptions

    options = ExportOptions(size=args.size, dpi=args.dpi, title=args.title,
                            projection=args.projection, themes=args.themes, legend=args.legend,
                            select=tuple(s.upper() for s in args.select),
                            layers=tuple(args.layer), subtitle=args.subtitle,
                            briefing=args.briefing, history=args.history,
                            north_arrow=args.north_arrow,
                            footnotes=args.footnotes)
    if args.bbox:
        options.bbox = args.bbox
    return options


def animate_parser() -> argparse.ArgumentParser:
    from explorer.render.animate import DEFAULT_FPS

    p = Parser(prog="explorer animate", description="Render the map through time with no "
                "window, one frame per date from --from to --to; the format follows OUT's "
                "suffix (.gif .mp4).")
    p.add_argument("out", metavar="OUT", type=Path, help="output file: .gif or .mp4")
    p.add_argument("--from", dest="start", type=parse_date, metavar="D", help="the first "
                   "frame's date: YYYY, YYYY-MM or YYYY-MM-DD (default: 1991, the timeline's "
                   "start)")
    p.add_argument("--to", dest="end", type=parse_date, metavar="D", help="the last frame's "
                   "date at the latest (default: today)")
    p.add_argument("--step", type=parse_step, default=12, metavar="STEP", help="time between "
                   "frames: Ny years or Nm months, e.g. 1y, 6m, 1m (default 1y)")
    p.add_argument("--fps", type=parse_fps, default=DEFAULT_FPS, metavar="N", help="frames "
                   f"(dates) a second (default {DEFAULT_FPS:g})")
    add_map_options(p)
    return p


def atlas_parser() -> argparse.ArgumentParser:
    p = Parser(prog="explorer atlas", description="What the curated atlas holds: actors, "
                "memberships, relations, bases, routes, places and events, with their sources; "
                "a table per section, or JSON for scripts.")
    p.add_argument("--date", type=parse_date, metavar="D", help="YYYY, YYYY-MM or YYYY-MM-DD. "
                   "Keeps the records active on D (start <= D < end; a partial date means its "
                   "first day, so 2003 is 2003-01-01), every place, and the events dated on or "
                   "before D. Without --date: everything")
    p.add_argument("--json", action="store_true", help="print one JSON object with the keys "
                   "date, actors, memberships, relations, bases, routes, places, events and "
                   "sources (source id -> citation)")
    add_atlas_option(p)
    return p


def network_parser() -> argparse.ArgumentParser:
    from explorer.analysis.layout import LAYOUTS

    p = Parser(prog="explorer network", description="The actor network on a date: an image "
                "(.png .svg, drawn like the window's network panel, with a legend) or a graph "
                "file (.gexf for Gephi, .graphml). Node ids are actor ids; every edge carries "
                "`type` (a relation type, or membership); with --date, every node its degree, "
                "betweenness and eigenvector centrality (the numbers the window gives).")
    p.add_argument("out", metavar="OUT", type=Path, help="output file: .png .svg .gexf or "
                   ".graphml")
    p.add_argument("--date", type=parse_date, metavar="D", help="YYYY, YYYY-MM or YYYY-MM-DD. "
                   "Without it, images show today and graph files hold every actor and tie "
                   "with its time interval (a dynamic GEXF that Gephi's timeline plays)")
    add_image_size(p)
    p.add_argument("--title", help="title above the image")
    p.add_argument("--layout", choices=list(LAYOUTS), default="force", help="image layout "
                   "(default force; linlog: force-directed that draws communities apart)")
    p.add_argument("--no-memberships", dest="memberships", action="store_false", help="leave "
                   "out the membership ties (actor -> organization)")
    p.add_argument("--no-legend", dest="legend", action="store_false", help="image without "
                   "its legend")
    p.add_argument("--select", action="append", default=[], metavar="ID", help="select an "
                   "actor (e.g. UZB, CSTO): it, its ties and its neighbours stand out, labelled "
                   "first; repeatable")
    p.add_argument("--central-asia", action="store_true", help="only the five Central Asian "
                   "states, their ties to each other and the organizations they belong to")
    p.add_argument("--isolated", action="store_true", help="also the actors with no tie on "
                   "the date")
    return p


def gui_parser() -> argparse.ArgumentParser:
    p = Parser(prog="explorer", description="Central Asia Explorer. Subcommands: "
                "export (render a map image with no window; see `explorer export --help`), "
                "animate (the map through time as a GIF or MP4; see `explorer animate --help`), "
                "atlas (list what the atlas holds on a date; see `explorer atlas --help`), "
                "network (the actor network as an image or a graph file; see "
                "`explorer network --help`).")
    p.add_argument("paths", nargs="*", metavar="PATH", help="layer or project files to open")
    return p


def check_gui_paths(paths: Sequence[str]) -> None:
    """The window opens layer files and at most one project file."""
    if not paths:
        return
    from explorer.io.project_file import is_project_path

    projects = [p for p in paths if is_project_path(p)]
    if len(projects) > 1:
        raise UsageError(f"explorer: open one project at a time, not {len(projects)} "
                         f"({', '.join(projects)})")


def run_export(args: argparse.Namespace) -> int:
    from explorer.render.application import headless_application

    headless_application()
    from explorer.cli_project import use_project
    from explorer.io.atlas_reader import AtlasError
    from explorer.io.project_file import ProjectError
    from explorer.io.read_errors import VectorReadError
    from explorer.io.read_limits import feature_limit
    from explorer.render.export import ExportError, export_map

    options = map_options(args)
    options.transparent = args.transparent
    if args.date is not None:
        options.date = args.date.first_day
    if args.compare is not None:
        options.compare = args.compare.first_day
    if args.route:
        options.route = parse_route(args.route)
    try:
        with feature_limit(args.max_features):  # the project's layers as well as --layer
            use_project(options, args)
            check_select("explorer export", args.select,
                         None if options.session is None else options.session.atlas)
            out = export_map(args.out, options, lambda size: print(
                f"explorer export: the legend does not fit on a {options.size[0]}x"
                f"{options.size[1]} page; the page is widened to {size[0]}x{size[1]} for it "
                "(--no-legend leaves it out)", file=sys.stderr), lambda count: print(
                f"explorer export: no room for a single one of the {count} sources of what "
                f"the page shows on a {options.size[0]}x{options.size[1]} page; they are left "
                "out (a larger --size, fewer --themes or --no-legend makes room)",
                file=sys.stderr))
    except (ExportError, AtlasError, VectorReadError, ProjectError, ValueError) as exc:
        print(f"explorer export: {exc}{max_features_hint(exc)}", file=sys.stderr)
        return 1
    print(out)
    return 0


def max_features_hint(exc: Exception) -> str:
    """For a layer over the read limits: how to read it anyway."""
    from explorer.io.read_errors import TooLarge

    if not isinstance(exc, TooLarge):
        return ""
    count = exc.size.features if exc.size.features >= 0 else "N"
    return f"; add --max-features {count} to read it anyway"


def run_animate(args: argparse.Namespace) -> int:
    from explorer.render.application import headless_application

    headless_application()
    from explorer.io.atlas_reader import AtlasError
    from explorer.io.read_errors import VectorReadError
    from explorer.io.read_limits import feature_limit
    from explorer.render.animate import AnimationOptions, export_animation
    from explorer.render.export import ExportError

    check_select("explorer animate", args.select)
    options = AnimationOptions(map_options(args), step_months=args.step, fps=args.fps)
    if args.start is not None:
        options.start = args.start.first_day
    if args.end is not None:
        options.end = args.end.first_day
    try:
        with feature_limit(args.max_features):
            out = export_animation(args.out, options,
                                   _print_progress if sys.stderr.isatty() else None)
    except KeyboardInterrupt:
        print(f"\nexplorer animate: cancelled; {args.out} was not written", file=sys.stderr)
        return 130
    except (ExportError, AtlasError, VectorReadError, ValueError) as exc:
        print(f"explorer animate: {exc}{max_features_hint(exc)}", file=sys.stderr)
        return 1
    print(out)
    return 0


def _print_progress(done: int, total: int) -> None:
    end = "\n" if done == total else ""
    print(f"\rexplorer animate: frame {done} of {total}", end=end, file=sys.stderr, flush=True)


def run_atlas(args: argparse.Namespace) -> int:
    import json

    from explorer.io.atlas_report import atlas_json, atlas_tables

    atlas = read_atlas_for("explorer atlas", args.atlas)
    if atlas is None:
        return 1
    if args.date is not None:
        atlas = atlas.active_on(args.date)
    if args.json:
        text = json.dumps(atlas_json(atlas, args.date), indent=1)
    else:
        text = atlas_tables(atlas, args.date)
    print_output(text)
    return 0


def run_network(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() not in NETWORK_SUFFIXES:
        print(f"explorer network: cannot write '{args.out.suffix or args.out.name}': choose an "
              f"output ending in {', '.join(NETWORK_SUFFIXES)} (see explorer network --help)",
              file=sys.stderr)
        return 2
    from explorer.render.application import headless_application

    headless_application()
    from explorer.io.atlas_reader import AtlasError
    from explorer.model.network_options import NetworkOptions
    from explorer.render.export import ExportError
    from explorer.render.network_export import NetworkExportOptions, export_network

    check_select("explorer network", args.select)
    options = NetworkExportOptions(
        date=None if args.date is None else args.date.first_day, size=args.size, dpi=args.dpi,
        title=args.title, view=NetworkOptions(layout=args.layout, memberships=args.memberships,
                                              legend=args.legend, isolated=args.isolated,
                                              central_asia=args.central_asia),
        select=tuple(s.upper() for s in args.select))
    try:
        out = export_network(args.out, options, lambda: print(
            f"explorer network: no corner of the {options.size[0]}x{options.size[1]} image is "
            "clear of the actors for the legend; it is left out (a larger --size makes room)",
            file=sys.stderr))
    except (ExportError, AtlasError, ValueError, OSError) as exc:
        print(f"explorer network: {exc}", file=sys.stderr)
        return 1
    print(out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "export":
            return run_export(export_parser().parse_args(argv[1:]))
        if argv and argv[0] == "animate":
            return run_animate(animate_parser().parse_args(argv[1:]))
        if argv and argv[0] == "atlas":
            return run_atlas(atlas_parser().parse_args(argv[1:]))
        if argv and argv[0] == "network":
            return run_network(network_parser().parse_args(argv[1:]))
        if argv and argv[0] == "diff":
            from explorer.cli_diff import diff_parser, run_diff

            return run_diff(diff_parser().parse_args(argv[1:]))
        if argv and argv[0] == "route":
            from explorer.cli_route import route_parser, run_route

            return run_route(route_parser().parse_args(argv[1:]))
        if argv and argv[0] == "analyze":
            from explorer.cli_analyze import analyze_parser, run_analyze

            return run_analyze(analyze_parser().parse_args(argv[1:]))
        args = gui_parser().parse_args(argv)
        check_gui_paths(args.paths)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    from explorer.app import run_gui

    return run_gui(args.paths)
