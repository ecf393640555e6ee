"""The Cities, ports and crossings theme: the gazetteer's points (valid throughout), by kind."""

from __future__ import annotations

from html import escape

from explorer.model.atlas import Atlas
from explorer.model.detail_page import Page, actor_name, coordinates, interval_text, words
from explorer.model.drawn import MapExtent, points_in
from explorer.model.features import FeatureRef
from explorer.model.legend import LegendEntry, Symbol
from explorer.model.records import Place
from explorer.model.search import SearchEntry
from explorer.model.session import Session
from explorer.model.theme_specs import ThemeSpec
from explorer.model.theme_style import theme_style

KIND_LABELS = {"capital": "Capital", "city": "City", "port": "Port",
               "border_crossing": "Border crossing", "junction": "Rail junction"}
LINES = (("route", "routes"), ("pipeline", "pipelines"))  # the lines a place page lists


def drawn(session: Session, extent: MapExtent | None) -> list[Place]:
    kinds = extent.place_kinds if extent is not None else None
    return points_in([p for p in session.atlas.places.values()
                      if kinds is None or p.kind in kinds], extent)


def legend(session: Session, section: str, drawn: list[Place]) -> list[LegendEntry]:
    style = theme_style()
    return [LegendEntry(section, KIND_LABELS[k], Symbol("marker", style.place_kinds[k].colour,
                                                        style.place_kinds[k].shape))
            for k in KIND_LABELS if any(p.kind == k for p in drawn)]


def about(atlas: Atlas, p: Place) -> str:
    return f"{words(p.kind)} in {actor_name(atlas, p.country)}"


def page(page: Page, p: Place) -> None:
    own = page.cite(p)
    page.table([("Kind", escape(words(p.kind))), ("Country", page.actor(p.country)),
                ("Position", coordinates(p.lat, p.lon)), *page.common_rows(p),
                ("Sources", own)])
    page.section("Lines through it", [
        f"{page.link(FeatureRef(kind, line.id), line.name)} ({escape(words(line.status))}, "
        f"{escape(interval_text(line.start, line.end))})"
        for kind, table in LINES for line in page.atlas.table(table).values()
        if p.id in line.waypoints])
    page.events(e for e in page.atlas.events.values() if e.place == p.id)


def search(atlas: Atlas) -> list[SearchEntry]:
    return [SearchEntry(f"{p.name} · {words(p.kind)}", (FeatureRef("place", p.id),), p.name,
                        about(atlas, p), "place")
            for p in atlas.places.values()]


SPEC = ThemeSpec("places", "Cities, ports and crossings", "place", "places", order=60, drawn=drawn,
                 legend=legend, about=about, page=page, search=search,
                 actors=lambda p: {p.country})
