"""The Railways and corridors theme: railways, roads and sea legs through places, by status."""

from __future__ import annotations

from html import escape

from explorer.model.atlas import Atlas
from explorer.model.corridors import corridor_label, corridor_of, corridor_order, line_label
from explorer.model.detail_page import (
    Page,
    countries_once,
    line_about,
    words,
)
from explorer.model.drawn import MapExtent, lines_in
from explorer.model.features import FeatureRef
from explorer.model.legend import LegendEntry, Symbol, status_entries
from explorer.model.records import Route
from explorer.model.search import SearchEntry
from explorer.model.session import Session
from explorer.model.theme_specs import ThemeSpec
from explorer.model.theme_style import theme_style

KIND_WORDS = {"maritime": "sea route"}


def drawn(session: Session, extent: MapExtent | None) -> list[Route]:
    hidden = theme_style().hidden_statuses
    return lines_in([r for r in session.active.routes.values() if r.status not in hidden],
                    session.atlas.places, extent)


def legend(session: Session, section: str, drawn: list[Route]) -> list[LegendEntry]:
    style, atlas = theme_style(), session.atlas
    order = corridor_order(atlas)
    corridors = sorted({corridor_of(r) for r in drawn}, key=order.__getitem__)
    entries = [LegendEntry(section, line_label(corridor_label(atlas, c)),
                           Symbol("line", style.corridor(order[c]))) for c in corridors]
    return entries + status_entries({r.status for r in drawn})


def about(atlas: Atlas, r: Route) -> str:
    return line_about(atlas, KIND_WORDS.get(r.kind, r.kind), r)


def page(page: Page, r: Route) -> None:
    own = page.cite(r)
    page.table([("Kind", escape(KIND_WORDS.get(r.kind, r.kind))),
                ("Status", escape(words(r.status))), *page.interval_rows(r),
                ("Countries", ", ".join(page.actor(c) for c in countries_once(r.countries))),
                ("Through", page.waypoints(r.waypoints)),
                ("Corridor", escape(corridor_label(page.atlas, r.corridor) if r.corridor else "")),
                ("Drawn", "schematically" if r.schematic else ""),
                *page.common_rows(r), ("Sources", own)])
    page.events(e for e in page.atlas.events.values() if e.place in r.waypoints)


def country(page: Page, iso3: str) -> None:
    page.section(f"Routes through it on {page.on}", [
        f"{page.link(FeatureRef('route', r.id), r.name)} ({escape(words(r.status))})"
        f"{page.cite(r)}" for r in page.atlas.routes_through(iso3) if r.active_on(page.day)])


def search(atlas: Atlas) -> list[SearchEntry]:
    """Every route, and every corridor of several legs (choosing it selects them all)."""
    entries = [SearchEntry(f"{r.name} · {words(r.kind)}", (FeatureRef("route", r.id),),
                           r.name, f"{words(r.kind)}, {words(r.status)}", "route")
               for r in atlas.routes.values()]
    legs: dict[str, list[FeatureRef]] = {}
    for route in atlas.routes.values():
        legs.setdefault(corridor_of(route), []).append(FeatureRef("route", route.id))
    return entries + [SearchEntry(f"{corridor_label(atlas, c)} · corridor", tuple(refs),
                                  corridor_label(atlas, c), f"corridor of {len(refs)} legs",
                                  "corridor") for c, refs in legs.items() if len(refs) > 1]


SPEC = ThemeSpec("routes", "Railways and corridors", "route", "routes", order=20, drawn=drawn,
                 legend=legend, about=about, page=page, country=country, search=search,
                 actors=lambda r: set(r.countries),
                 lit=lambda r, actors: not actors.isdisjoint(r.countries))
