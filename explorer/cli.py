"""Command line: `explorer [PATH ...]` opens the window; `explorer export OUT` renders a map."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

SUBCOMMANDS = ("export",)


class UsageError(Exception):
    """Bad command-line input: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, no usage dump
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--size takes WxH in pixels, e.g. 1600x1000, not {text!r}") from None
    if width <= 0 or height <= 0:
        raise argparse.ArgumentTypeError(f"--size needs positive numbers, not {text!r}")
    return width, height


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--bbox takes W,S,E,N in degrees, e.g. 45,24,90,56, not {text!r}") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise argparse.ArgumentTypeError(
            f"--bbox {text!r} needs -180 <= W < E <= 180 and -90 <= S < N <= 90")
    return west, south, east, north


def parse_dpi(text: str) -> float:
    try:
        dpi = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--dpi takes a number, not {text!r}") from None
    if not 24 <= dpi <= 1200:
        raise argparse.ArgumentTypeError(f"--dpi must be between 24 and 1200, not {text}")
    return dpi


def export_parser() -> argparse.ArgumentParser:
    from explorer.geo.projection import DEFAULT_PROJECTION, PROJECTIONS

    p = _Parser(prog="explorer export", description="Render a map image with no window; "
                "the format follows OUT's suffix (.png .jpg .svg .pdf).")
    p.add_argument("out", metavar="OUT", type=Path, help="output file")
    p.add_argument("--bbox", type=parse_bbox, help="extent W,S,E,N in degrees "
                   "(default: Central Asia)")
    p.add_argument("--size", type=parse_size, default=(1600, 1000), help="WxH pixels "
                   "(default 1600x1000)")
    p.add_argument("--dpi", type=parse_dpi, default=96.0, help="resolution; pens and text "
                   "grow with it (default 96)")
    p.add_argument("--projection", choices=list(PROJECTIONS), default=DEFAULT_PROJECTION)
    p.add_argument("--title", help="title above the map")
    p.add_argument("--transparent", action="store_true", help="no background (PNG, SVG, PDF)")
    return p


def gui_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="explorer", description="Central Asia Explorer. Subcommands: "
                "export (render a map image with no window; see `explorer export --help`).")
    p.add_argument("paths", nargs="*", metavar="PATH", help="layer or project files to open")
    return p


def run_export(args: argparse.Namespace) -> int:
    from explorer.render.application import headless_application

    headless_application()
    from explorer.render.export import ExportError, ExportOptions, export_map

    options = ExportOptions(size=args.size, dpi=args.dpi, transparent=args.transparent,
                            title=args.title, projection=args.projection)
    if args.bbox:
        options.bbox = args.bbox
    try:
        out = export_map(args.out, options)
    except (ExportError, ValueError) as exc:
        print(f"explorer export: {exc}", file=sys.stderr)
        return 1
    print(out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "export":
            return run_export(export_parser().parse_args(argv[1:]))
        args = gui_parser().parse_args(argv)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    from explorer.app import run_gui

    return run_gui(args.paths)
