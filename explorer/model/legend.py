"""The legend as data: exactly what the visible layers draw on the date (in the map's extent),
with their symbols: one model for the Legend dock and every export."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from explorer.model.drawn import MapExtent, drawn_records
from explorer.model.layer_styling import classify
from explorer.model.session import Session
from explorer.model.theme_specs import theme
from explorer.model.user_layers import UserLayer

SymbolKind = Literal["alliance", "count", "line", "pipe", "marker", "ring", "area", "density"]
STATUS_LABELS = {"operating": "operating", "under_construction": "under construction",
                 "planned": "planned", "halted": "halted"}
STATUS_SECTION = "Status of lines"  # one section for every theme drawing lines by status
STATUS_COLOUR = "#555555"


@dataclass(frozen=True)
class Symbol:
    """What a legend swatch draws; the map items draw the same from the same fields."""

    kind: SymbolKind
    colour: str = ""
    shape: str = ""  # marker: circle, square, diamond, triangle, star, anchor
    status: str = "operating"  # line: its pen (solid, dashed, dotted); marker: dashed if not
    organization: str = ""  # alliance: which organization, its index in the choice, the role
    org_index: int = 0
    role: str = "member"
    count: int = 0  # count: member of `count` of `total` chosen blocs; density: the most
    total: int = 0  # points in a cell (`colour` empty: the ramp; else the category's colour)


@dataclass(frozen=True)
class LegendEntry:
    section: str
    label: str
    symbol: Symbol


def legend_entries(session: Session, extent: MapExtent | None = None) -> list[LegendEntry]:
    """Entries for the user's layers and every visible theme, top layer first, listing only
    what is drawn inside the extent (None: anywhere on the map)."""
    entries = _user_layers(session, {} if extent is None else extent.dense)
    themes: list[list[LegendEntry]] = []
    for layer in reversed(session.themes.layers):
        if layer.visible and layer.opacity > 0:
            drawn = drawn_records(session, layer.key, extent)
            themes.append(theme(layer.key).legend(session, layer.title, drawn) if drawn else [])
    return entries + _statuses_once(themes)


def _statuses_once(themes: list[list[LegendEntry]]) -> list[LegendEntry]:
    """The themes' entries with their line statuses (STATUS_SECTION) listed once: in the one
    theme's own section if one theme draws lines by status, else in a section of their own
    after the themes; a lone status needs no key."""
    statuses = {e.symbol.status: e for own in themes for e in own if e.section == STATUS_SECTION}
    with_statuses = [own for own in themes if any(e.section == STATUS_SECTION for e in own)]
    kept = [e for own in themes for e in own if e.section != STATUS_SECTION
            or (len(with_statuses) == 1 and len(statuses) > 1)]
    if len(with_statuses) == 1:
        section = next((e.section for e in with_statuses[0] if e.section != STATUS_SECTION),
                       STATUS_SECTION)
        return [replace(e, section=section) if e.section == STATUS_SECTION else e for e in kept]
    return kept + ([statuses[s] for s in STATUS_LABELS if s in statuses]
                   if len(statuses) > 1 else [])


def status_entries(statuses: set[str]) -> list[LegendEntry]:
    """The pens of the line statuses drawn (a theme's share of the one status section)."""
    return [LegendEntry(STATUS_SECTION, STATUS_LABELS[s].capitalize(),
                        Symbol("line", STATUS_COLOUR, status=s))
            for s in STATUS_LABELS if s in statuses]


def _user_layers(session: Session, dense: Mapping[str, int]) -> list[LegendEntry]:
    """The user's visible layers (drawn above the themes), top first: under "Your layers" one
    entry per geometry kind; a layer styled by a field under its own name, a class a line.
    A layer whose points are shaded by count (`dense`) says so, with the count's range: its
    categories mixed in each cell, or else the ramp."""
    entries = []
    for layer in reversed(list(session.user_layers)):
        style = layer.style
        if not style.visible or style.opacity == 0:
            continue
        if layer.id in dense:
            entries += _density(layer, dense[layer.id])
            continue
        if not len(layer.data):
            continue
        kinds = layer.data.geometry.kinds
        kind = next((k for geom, k in (("Polygon", "area"), ("LineString", "line"),
                                       ("Point", "marker")) if geom in kinds), "area")
        classes: list[tuple[str, str]] = []
        if style.mode != "single" and style.field:
            try:
                classes = classify(layer.data, style).entries
            except (ValueError, KeyError):
                classes = []
        if classes:
            shape = style.point_shape if kind == "marker" else ""
            entries += [LegendEntry(style.name, label, Symbol(kind, colour, shape))
                        for label, colour in classes]
            continue
        for geom, symbol in (("Polygon", Symbol("area", style.colour)),
                             ("LineString", Symbol("line", style.colour)),
                             ("Point", Symbol("marker", style.colour, style.point_shape))):
            if geom in kinds:
                entries.append(LegendEntry("Your layers", style.name, symbol))
    return entries


def _density(layer: UserLayer, most: int) -> list[LegendEntry]:
    """A point layer drawn as counts per cell: the range of counts on the ramp, or its
    categories' colours mixed by their shares."""
    style = layer.style
    estimated = layer.counts is not None and layer.counts.estimated
    counts = f"{'estimated ' if estimated else ''}points per cell, 1 to {most:,}"
    if style.mode == "categorized" and style.field and layer.counts is None:  # a server's
        # counts are of all categories together
        with contextlib.suppress(ValueError, KeyError):
            classes = classify(layer.data, style).entries
            return [*(LegendEntry(style.name, label, Symbol("density", colour, count=most))
                      for label, colour in classes),
                    LegendEntry(style.name, f"mixed by share; {counts}",
                                Symbol("density", count=most))]
    return [LegendEntry("Your layers", f"{style.name}: {counts}", Symbol("density", count=most))]
