"""`explorer analyze`: blocs measured — a state's yearly alignment toward the blocs led by
Russia, China and the West (docs/alignment.md), and the co-membership table on a date."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from explorer.cli_args import (
    Parser,
    UsageError,
    add_atlas_option,
    parse_date,
    print_output,
    read_atlas_for,
)
from explorer.io.atlas_report import csv_text


def analyze_parser() -> argparse.ArgumentParser:
    p = Parser(prog="explorer analyze", description="Blocs measured from the atlas.")
    sub = p.add_subparsers(dest="what", required=True,
                           metavar="alignment|comembership|overlap")
    align = sub.add_parser("alignment", help="a state's yearly scores toward the blocs led by "
                           "Russia, China and the West (docs/alignment.md)")
    align.add_argument("state", metavar="STATE", help="a state's id, e.g. UZB")
    align.add_argument("--from", dest="start", type=int, default=1991, metavar="YEAR")
    align.add_argument("--to", dest="end", type=int, default=dt.date.today().year,
                       metavar="YEAR")
    align.add_argument("--weight", action="append", default=[], metavar="NAME=VALUE",
                       help="change a weight, e.g. --weight member=0.8 --weight hostility=-2 "
                       "(names: the roles, the relation types and base; see docs/alignment.md)")
    co = sub.add_parser("comembership", help="states × organizations on a date: each state's "
                        "role in each organization, rows and columns in cluster order")
    overlap = sub.add_parser("overlap", help="the states in rival blocs at once on a date "
                             "(e.g. the CSTO and NATO's Partnership for Peace), with the "
                             "organizations of each bloc")
    for command in (co, overlap):
        command.add_argument("--date", type=parse_date, metavar="D", help="YYYY, YYYY-MM or "
                             "YYYY-MM-DD (default: today)")
    for command in (align, co, overlap):
        command.add_argument("--csv", action="store_true", help="comma-separated values "
                             "(default: an aligned table)")
        add_atlas_option(command)
    return p


def run_analyze(args: argparse.Namespace) -> int:
    from explorer.analysis.blocs import (
        BLOCS,
        AlignmentWeights,
        alignment_series,
        bloc_overlap,
        co_membership,
        overlap_rows,
    )

    atlas = read_atlas_for("explorer analyze", args.atlas)
    if atlas is None:
        return 1
    if args.what in ("comembership", "overlap"):
        day = args.date.first_day if args.date else dt.date.today()
        rows = (co_membership(atlas, day).csv_rows() if args.what == "comembership" else
                overlap_rows(bloc_overlap(atlas, day)))
    else:
        state = args.state.upper()
        if state not in atlas.actors or atlas.actors[state].kind != "state":
            print(f"explorer analyze: {state} is not a state in the atlas", file=sys.stderr)
            return 2
        try:
            weights = AlignmentWeights().with_changes(_weights(args.weight))
        except ValueError as exc:
            print(f"explorer analyze: {exc}", file=sys.stderr)
            return 2
        series = alignment_series(atlas, [state], range(args.start, args.end + 1), weights)
        rows = [["year", *BLOCS]] + [[str(year), *(f"{scores[b]:g}" for b in BLOCS)]
                                     for year, scores in series[state]]
    print_output(csv_text(rows).rstrip("\n") if args.csv else _table(rows))
    return 0


def _weights(items: list[str]) -> dict[str, float]:
    changes = {}
    for item in items:
        name, _, value = item.partition("=")
        try:
            changes[name.strip()] = float(value)
        except ValueError:
            raise UsageError(f"explorer analyze: --weight takes NAME=NUMBER, not {item!r}") \
                from None
    return changes


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
                     .rstrip() for row in rows)
