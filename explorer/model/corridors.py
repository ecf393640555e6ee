"""Routes grouped into corridors: legs of one corridor share a colour, a legend line and a
short label."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from explorer.model.atlas import Atlas
from explorer.model.records import Route
from explorer.paths import GEODATA

CORRIDOR_NAMES = GEODATA / "atlas" / "corridors.csv"
_PAREN = re.compile(r"\s*\(([^)]*)\)")
_ROUTE_TAIL = re.compile(r"\s+[–-]\s+.*$|:\s.*$|\s+via\s.*$")
_CHAIN = re.compile(r"\S+(?:–\S+){3,}")


@cache
def corridor_names(path: Path = CORRIDOR_NAMES) -> dict[str, str]:
    """Corridor id -> display name (geodata/atlas/corridors.csv)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["id"]: row["name"] for row in csv.DictReader(handle)}


def corridor_of(route: Route) -> str:
    """The corridor a route leg belongs to: its `corridor` column, else the route itself."""
    return route.corridor or route.id


def corridor_order(atlas: Atlas) -> dict[str, int]:
    """Each corridor's index, in order of first appearance in routes.csv (stable colours)."""
    order: dict[str, int] = {}
    for route in atlas.routes.values():
        order.setdefault(corridor_of(route), len(order))
    return order


def corridor_label(atlas: Atlas, corridor: str) -> str:
    """The corridor's name from corridors.csv, else the name of its (only) leg."""
    if corridor in corridor_names():
        return corridor_names()[corridor]
    route = atlas.routes.get(corridor)
    return route.name if route else corridor


def head_and_note(name: str) -> tuple[str, str]:
    """"Kagan (Kogon)" -> ("Kagan", "Kogon"): a name and its first bracketed note."""
    match = _PAREN.search(name)
    note = match.group(1) if match else ""
    return _PAREN.sub("", name).strip(), note


def line_label(name: str) -> str:
    """"Middle Corridor (TITR) – Kazakhstan section …" -> "Middle Corridor": legs of one
    corridor share a label, so the map names the corridor once."""
    head = _ROUTE_TAIL.sub("", head_and_note(name)[0]).strip()
    # "Bekabad–Khujand–Kokand–Fergana–Andijan railway" -> "Bekabad–Andijan railway"
    head = _CHAIN.sub(lambda m: f"{m.group().split('–')[0]}–{m.group().split('–')[-1]}", head)
    return head or name
