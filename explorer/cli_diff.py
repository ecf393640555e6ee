"""`explorer diff`: what changed in the atlas between two dates, grouped by actor, as text or as
JSON (its shape: docs/diff.md)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Any

from explorer.cli_args import Parser, add_atlas_option, parse_date, print_output, read_atlas_for
from explorer.io.atlas_report import citations

JSON_VERSION = 1  # docs/diff.md: bumped only when a field changes meaning or goes away


def diff_parser() -> argparse.ArgumentParser:
    p = Parser(prog="explorer diff", description="What changed in the atlas between two dates: "
               "memberships joined, left or changed role, bases opened or closed, railways, "
               "pipelines and energy sites opened or changed status, ties formed or ended (each "
               "on the day it changed), and the events in between; grouped by actor, each with "
               "its sources.")
    p.add_argument("--from", dest="start", type=parse_date, required=True, metavar="D1",
                   help="YYYY, YYYY-MM or YYYY-MM-DD (a partial date is its first day)")
    p.add_argument("--to", dest="end", type=parse_date, required=True, metavar="D2",
                   help="YYYY, YYYY-MM or YYYY-MM-DD; changes after D1 and up to D2")
    p.add_argument("--select", action="append", default=[], metavar="ID",
                   help="only the changes that concern this actor (an atlas id such as UZB or "
                   "CSTO); repeat for several")
    p.add_argument("--json", action="store_true", help="print one JSON object (docs/diff.md)")
    add_atlas_option(p)
    return p


def run_diff(args: argparse.Namespace) -> int:
    from explorer.analysis.diff import diff

    atlas = read_atlas_for("explorer diff", args.atlas)
    if atlas is None:
        return 1
    select = [s.upper() for s in args.select]
    unknown = [s for s in select if s not in atlas.actors]
    if unknown:
        print(f"explorer diff: --select {unknown[0]} is not an actor in the atlas (see "
              "explorer atlas)", file=sys.stderr)
        return 2
    found = diff(atlas, args.start.first_day, args.end.first_day)
    if select:
        found = found.concerning(select)
    print_output(json.dumps(diff_json(found, atlas, select), indent=1, ensure_ascii=False)
                 if args.json else diff_text(found, atlas, select))
    return 0


def diff_json(found, atlas, select: list[str]) -> dict[str, Any]:
    """The documented shape (docs/diff.md)."""
    first: dict[Any, int] = {}  # each change's first place in the list (as list.index finds it)
    for k, change in enumerate(found.changes):
        first.setdefault(change, k)
    return {
        "version": JSON_VERSION,
        "from": found.start.isoformat(), "to": found.end.isoformat(), "select": select,
        "changes": [dataclasses.asdict(change) | {"actors": list(change.actors),
                                                   "sources": list(change.sources)}
                    for change in found.changes],
        "by_actor": {actor: [first[c] for c in changes]
                     for actor, changes in found.by_actor().items()
                     if not select or actor in select},
        "sources": citations(atlas, (s for change in found.changes for s in change.sources)),
    }


def diff_text(found, atlas, select: list[str]) -> str:
    """A section per actor: each change on a line with its day, what changed and its sources."""
    lines = [f"What changed from {found.start.isoformat()} to {found.end.isoformat()}"]
    grouped = found.by_actor()
    actors = [a for a in grouped if not select or a in select]
    if not actors:
        return "\n".join([*lines, "  (nothing)"])
    for actor in actors:
        name = atlas.actors[actor].name if actor in atlas.actors else actor
        lines += ["", f"{name} ({actor})"]
        lines += [f"  {change.date or '':10}  {change.subject.replace('_', ' '):11}  "
                  f"{change.text}  [{', '.join(change.sources)}]" for change in grouped[actor]]
    return "\n".join(lines)
