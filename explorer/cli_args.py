"""The command line's argument types: sizes, extents, dates, themes, steps, limits; and a parser
whose errors are one line (exit 2) and whose --bbox takes negative numbers."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from explorer.model.atlas import Atlas
    from explorer.model.dates import PartialDate


def add_atlas_option(p: argparse.ArgumentParser) -> None:
    """--atlas DIR, as every command that reads the atlas takes it."""
    p.add_argument("--atlas", type=Path, metavar="DIR", help="read the atlas CSV files from DIR "
                   "(default: the atlas shipped with the app)")


def read_atlas_for(prog: str, folder: Path | None):
    """The atlas a command asked for (--atlas), or None after saying on stderr why not."""
    from explorer.io.atlas_reader import ATLAS_DIR, AtlasError, read_atlas

    try:
        return read_atlas(folder or ATLAS_DIR)
    except AtlasError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return None


def parse_route(text: str) -> tuple[str, str]:
    """--route FROM:TO: two places' ids or names (TO may be "sea"), ValueError if not two."""
    origin, colon, destination = text.partition(":")
    if not colon or not origin.strip() or not destination.strip():
        raise UsageError(f"--route takes FROM:TO (e.g. tashkent:sea), not {text!r}")
    return origin.strip(), destination.strip()


def print_output(text: str) -> None:
    """Print a command's result; when the reader stops early (`| head`), stop quietly."""
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


class UsageError(Exception):
    """Bad command-line input: reported in one line, exit status 2."""


# Options whose value may start with "-" (argparse would take "--bbox -180,-90,180,90" for two
# options): given as "--bbox VALUE", they are glued into "--bbox=VALUE" before parsing.
NEGATIVE_VALUE_OPTIONS = frozenset({"--bbox"})


def glue_negative_values(args: Sequence[str]) -> list[str]:
    """["--bbox", "-180,-90,180,90"] as ["--bbox=-180,-90,180,90"]; other arguments as they are."""
    glued: list[str] = []
    waiting = False
    for arg in args:
        if waiting:
            glued[-1] = f"{glued[-1]}={arg}"
            waiting = False
        else:
            glued.append(arg)
            waiting = arg in NEGATIVE_VALUE_OPTIONS
    return glued


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are UsageErrors (one line, exit 2)."""

    def error(self, message: str):  # one line, no usage dump
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[override]
        args = sys.argv[1:] if args is None else args
        return super().parse_known_args(glue_negative_values(args), namespace)


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


def layer_source(text: str) -> Path | str:
    """A --layer: a file, or a PostGIS table's URI kept as written (a Path would fold its //)."""
    return text if text.startswith(("postgresql://", "postgres://")) else Path(text)


def parse_max_features(text: str) -> int:
    try:
        count = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--max-features takes a whole number, not "
                                         f"{text!r}") from None
    if count <= 0:
        raise argparse.ArgumentTypeError(f"--max-features must be positive, not {text}")
    return count


def parse_dpi(text: str) -> float:
    try:
        dpi = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--dpi takes a number, not {text!r}") from None
    if not 24 <= dpi <= 1200:
        raise argparse.ArgumentTypeError(f"--dpi must be between 24 and 1200, not {text}")
    return dpi


def parse_date(text: str) -> PartialDate:
    """--date: YYYY, YYYY-MM or YYYY-MM-DD, as an explorer.model.dates.PartialDate."""
    from explorer.model.dates import FORMATS, ImpossibleDate, PartialDate

    try:
        return PartialDate.parse(text)
    except ImpossibleDate:
        raise argparse.ArgumentTypeError(f"--date {text!r} is not a real date") from None
    except ValueError:
        raise argparse.ArgumentTypeError(f"--date takes {FORMATS}, not {text!r}") from None


def parse_themes(text: str) -> str:
    """--themes: "none", or a spec like alliances:SCO,CSTO,bases,routes (checked here)."""
    from explorer.model.themes import parse_theme_spec

    if text.strip().lower() == "none":
        return "none"
    try:
        parse_theme_spec(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--themes: {exc}") from None
    return text


def parse_step(text: str) -> int:
    """--step: Ny years or Nm months (1y, 6m, 1m…), as months."""
    from explorer.render.animate import parse_step as step_months
    from explorer.render.export import ExportError

    try:
        return step_months(text)
    except ExportError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def parse_fps(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--fps takes a number, not {text!r}") from None


def check_select(prog: str, ids: Sequence[str], atlas: Atlas | None = None) -> None:
    """UsageError (exit 2) for a --select id that is not an actor of the atlas (the shipped
    one unless given; an atlas that cannot be read is left for the command to report)."""
    from explorer.io.atlas_reader import AtlasError, read_atlas

    if not ids:
        return
    if atlas is None:
        try:
            atlas = read_atlas()
        except AtlasError:
            return
    unknown = [actor for actor in ids if actor.upper() not in atlas.actors]
    if unknown:
        raise UsageError(f"{prog}: --select {unknown[0]!r} is not an actor of the atlas (see "
                         "`explorer atlas` for the ids, e.g. UZB, USA, CSTO)")
