"""The Military bases theme: bases an operator runs on a host's territory, as dated points."""

from __future__ import annotations

import datetime as dt

from explorer.model.atlas import Atlas
from explorer.model.detail_page import Page, actor_name, coordinates, interval_text
from explorer.model.drawn import MapExtent, points_in
from explorer.model.features import FeatureRef
from explorer.model.legend import LegendEntry, Symbol
from explorer.model.records import Base
from explorer.model.search import SearchEntry
from explorer.model.session import Session
from explorer.model.theme_specs import ThemeSpec
from explorer.model.theme_style import theme_style

EVENT_MARGIN = dt.timedelta(days=366)  # a base's events: its actors', around its interval


def drawn(session: Session, extent: MapExtent | None) -> list[Base]:
    return points_in(list(session.active.bases.values()), extent)


def legend(session: Session, section: str, drawn: list[Base]) -> list[LegendEntry]:
    style = theme_style()
    return [LegendEntry(section, f"Base operated by {actor_name(session.atlas, op)}",
                        Symbol("marker", style.operator(op), "triangle"))
            for op in sorted({b.operator for b in drawn})]


def about(atlas: Atlas, b: Base) -> str:
    return (f"{actor_name(atlas, b.operator)} base in {actor_name(atlas, b.host)}, "
            f"{interval_text(b.start, b.end, iso=True)}")


def page(page: Page, b: Base) -> None:
    own = page.cite(b)
    page.table([("Operator", page.actor(b.operator)), ("Host", page.actor(b.host)),
                *page.interval_rows(b), ("Position", coordinates(b.lat, b.lon)),
                *page.common_rows(b), ("Sources", own)])
    low = b.start.first_day - EVENT_MARGIN if b.start else dt.date.min
    high = b.end.first_day + EVENT_MARGIN if b.end else dt.date.max
    page.events(e for e in page.atlas.events.values() if b.operator in e.actors
                and b.host in e.actors and low <= e.date.first_day <= high)


def country(page: Page, iso3: str) -> None:
    page.section(f"Bases on {page.on}", [
        f"{page.link(FeatureRef('base', b.id), b.name)} — "
        f"{page.actor(b.operator)} in {page.actor(b.host)}{page.cite(b)}"
        for b in page.atlas.bases_of(iso3) if b.active_on(page.day)])


def search(atlas: Atlas) -> list[SearchEntry]:
    return [SearchEntry(f"{b.name} · base", (FeatureRef("base", b.id),), b.name,
                        f"base of {actor_name(atlas, b.operator)} in {actor_name(atlas, b.host)}",
                        "base", tuple(n for n in (b.short_name,) if n))
            for b in atlas.bases.values()]


SPEC = ThemeSpec("bases", "Military bases", "base", "bases", order=50, drawn=drawn, legend=legend,
                 about=about, page=page, country=country, search=search,
                 actors=lambda b: {b.operator, b.host},
                 lit=lambda b, actors: b.operator in actors or b.host in actors)
