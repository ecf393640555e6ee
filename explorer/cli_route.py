"""`explorer route`: the way from a place to a place, or to the open sea, on a date, around
countries or through one, with alternatives; and a place's access to the sea year by year."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from explorer.analysis.transport import (
    LINE_KINDS,
    MODES,
    SEA,
    SNAP_KM,
    find_place,
    sea_access,
    shortest_paths,
)
from explorer.cli_args import Parser, add_atlas_option, parse_date, print_output, read_atlas_for
from explorer.io.atlas_report import citations, csv_text


def route_parser() -> argparse.ArgumentParser:
    p = Parser(prog="explorer route", description="The shortest way over the atlas's lines "
               "in force on a date (railways, corridors, sea legs), each border crossing "
               "and each transshipment between ship and land costed as 100 km: its places, "
               "length, countries, crossings, transshipments and the sources of every leg. "
               "TO may be 'sea' (any port on the open sea).")
    p.add_argument("origin", metavar="FROM", nargs="?", help="a place: its id (tashkent) or "
                   "name (Tashkent)")
    p.add_argument("destination", metavar="TO", nargs="?", help="a place, or sea")
    p.add_argument("--date", type=parse_date, metavar="D", help="YYYY, YYYY-MM or "
                   "YYYY-MM-DD (default: today)")
    p.add_argument("--avoid", default="", metavar="ISO3,…", help="countries the way must not "
                   "enter, e.g. RUS,AFG")
    p.add_argument("--via", metavar="ISO3", help="a country the way must go through")
    p.add_argument("--alternatives", type=int, default=1, metavar="K", help="the K best ways "
                   "(default 1)")
    p.add_argument("--modes", default="rail,road,sea", metavar="MODES", help="rail, road, sea "
                   "(comma-separated; default all)")
    p.add_argument("--planned", action="store_true", help="also over lines under construction "
                   "or planned (what if)")
    p.add_argument("--sea-access", metavar="PLACE", help="instead: the shortest way from PLACE "
                   "to the open sea on 1 July of each year from --from to --to")
    p.add_argument("--from", dest="first", type=int, default=1991, metavar="YEAR")
    p.add_argument("--to", dest="last", type=int, default=dt.date.today().year, metavar="YEAR")
    p.add_argument("--lines", action="append", default=[], metavar="PATH", help="a line "
                   "layer of yours (GeoJSON, GeoPackage, Shapefile…) whose lines the way may "
                   f"take too: they join the atlas's places within {SNAP_KM:g} km of their "
                   "ends, and each other where their ends meet; repeatable")
    p.add_argument("--lines-kind", choices=LINE_KINDS, default="railway", help="what --lines are "
                   "(default railway: taken with --modes rail)")
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.add_argument("--csv", action="store_true", help="--sea-access as CSV")
    add_atlas_option(p)
    return p


def run_route(args: argparse.Namespace) -> int:
    atlas = read_atlas_for("explorer route", args.atlas)
    if atlas is None:
        return 1
    if args.lines:
        atlas = _with_lines(atlas, args.lines, args.lines_kind)
        if atlas is None:
            return 1
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    avoid = [c.strip().upper() for c in args.avoid.split(",") if c.strip()]
    problem = _problem(atlas, args, modes, MODES, avoid)
    if problem:
        print(f"explorer route: {problem}", file=sys.stderr)
        return 2
    if args.sea_access:
        origin = find_place(atlas, args.sea_access)
        rows = [["year", "km", "port", "countries"]]
        for year, path in sea_access(atlas, [origin], range(args.first, args.last + 1),
                                     modes)[origin]:
            rows.append([str(year), f"{path.km:.0f}" if path else "",
                         path.places[-1] if path else "", " ".join(path.countries) if path
                         else ""])
        print_output(csv_text(rows).rstrip("\n") if args.csv
                     else "\n".join("  ".join(r) for r in rows))
        return 0
    origin = find_place(atlas, args.origin)
    destination = SEA if args.destination.lower() == "sea" else find_place(atlas, args.destination)
    day = args.date.first_day if args.date else dt.date.today()
    paths = shortest_paths(atlas, origin, destination, day, avoid, args.via and args.via.upper(),
                           max(1, args.alternatives), modes, args.planned)
    if args.json:
        print_output(json.dumps(_json(atlas, paths, day), indent=1, ensure_ascii=False))
    elif not paths:
        print_output(f"No way from {atlas.places[origin].name} to "
                     f"{'the open sea' if destination == SEA else atlas.places[destination].name}"
                     f" on {day.isoformat()} with these conditions.")
    else:
        print_output("\n\n".join(_text(atlas, k, path) for k, path in enumerate(paths, 1)))
    return 0


def _with_lines(atlas, paths: list[str], kind: str):
    """The atlas with the lines of these files as ways; None (said) if one cannot be read."""
    from explorer.analysis.user_lines import line_layer, with_lines
    from explorer.io.read_errors import VectorReadError
    from explorer.io.vector_reader import read_vector

    layers = []
    for path in paths:
        try:
            data = read_vector(path)
        except (VectorReadError, OSError) as exc:
            print(f"explorer route: cannot read --lines {path}: {exc}", file=sys.stderr)
            return None
        layer = line_layer(data.name, data.geometry.shapes(), kind, Path(path).name)
        if not layer.lines:
            print(f"explorer route: --lines {path} has no lines", file=sys.stderr)
            return None
        layers.append(layer)
    return with_lines(atlas, layers)


def _problem(atlas, args, modes: list[str], known, avoid: list[str]) -> str | None:
    """What makes the request impossible to answer, in one line (None: nothing)."""
    if args.sea_access is None and (not args.origin or not args.destination):
        return "give FROM and TO (or --sea-access PLACE); see explorer route --help"
    unknown = [m for m in modes if m not in known]
    if unknown or not modes:
        return f"--modes takes {', '.join(known)}, not {','.join(unknown) or 'nothing'}"
    for name in (args.sea_access, args.origin,
                 None if (args.destination or "").lower() == "sea" else args.destination):
        if name and find_place(atlas, name) is None:
            return f"{name!r} is not a place in the atlas (see explorer atlas for the places)"
    codes = avoid + ([args.via.upper()] if args.via else [])
    for code in codes:
        if code not in atlas.actors or atlas.actors[code].kind != "state":
            return f"{code} is not a state's ISO3 code in the atlas"
    if args.via and args.via.upper() in codes[:-1]:
        return f"--via {args.via.upper()} is also in --avoid"
    if args.date and not dt.date(1991, 1, 1) <= args.date.first_day <= dt.date.today():
        return f"the atlas runs from 1991 to today, not {args.date}"
    return None


def _text(atlas, number: int, path) -> str:
    names = " → ".join(atlas.places[p].name for p in path.places)
    lines = [f"Way {number}: {path.km:,.0f} km, through {', '.join(path.countries)}", names]
    lines += [f"  {atlas.places[leg.start].name} → {atlas.places[leg.end].name}  "
              f"{leg.km:,.0f} km  {leg.route} ({leg.status.replace('_', ' ')})  "
              f"[{', '.join(leg.sources)}]" for leg in path.legs]
    crossings = ", ".join(f"{atlas.places[a].name}–{atlas.places[b].name}"
                          for a, b in path.crossings)
    transfers = ", ".join(atlas.places[p].name for p in path.transfers)
    return "\n".join([*lines, f"  borders crossed: {crossings or 'none'}",
                      f"  ship to land or back at: {transfers or 'nowhere'}"])


def _json(atlas, paths, day: dt.date) -> dict:
    return {"date": day.isoformat(), "ways": [{
        "places": list(p.places), "km": round(p.km, 1), "cost": round(p.cost, 1),
        "countries": list(p.countries), "crossings": [list(c) for c in p.crossings],
        "transfers": list(p.transfers),
        "legs": [{"from": leg.start, "to": leg.end, "route": leg.route, "status": leg.status,
                  "km": round(leg.km, 1), "countries": list(leg.countries),
                  "sources": list(leg.sources)} for leg in p.legs],
        "sources": list(p.sources)} for p in paths],
        "sources": citations(atlas, (s for p in paths for s in p.sources))}
