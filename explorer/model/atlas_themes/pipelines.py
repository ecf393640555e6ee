"""The Pipelines and power lines theme: oil, gas and products pipelines, power lines and canals
through places and energy sites, coloured by kind, in a pen per status."""

from __future__ import annotations

from html import escape

from explorer.model.atlas import Atlas
from explorer.model.detail_page import (
    Page,
    countries_once,
    interval_text,
    line_about,
    words,
)
from explorer.model.drawn import MapExtent, lines_in
from explorer.model.features import FeatureRef
from explorer.model.legend import LegendEntry, Symbol, status_entries
from explorer.model.records import PIPELINE_KINDS, Pipeline
from explorer.model.search import SearchEntry
from explorer.model.session import Session
from explorer.model.theme_specs import ThemeSpec
from explorer.model.theme_style import theme_style

COLOURS = {"oil": "#4e342e", "gas": "#00838f", "products": "#6a1b9a", "power": "#ef6c00",
           "water": "#1565c0"}  # a line's colour by its kind
KIND_WORDS = {"oil": "oil pipeline", "gas": "gas pipeline", "products": "products pipeline",
              "power": "power line", "water": "canal"}


def drawn(session: Session, extent: MapExtent | None) -> list[Pipeline]:
    hidden = theme_style().hidden_statuses
    return lines_in([p for p in session.active.pipelines.values() if p.status not in hidden],
                    session.atlas.points, extent)


def legend(session: Session, section: str, drawn: list[Pipeline]) -> list[LegendEntry]:
    """A line per kind drawn (oil, gas…), and the statuses drawn."""
    entries = [LegendEntry(section, KIND_WORDS[k].capitalize(), Symbol("pipe", COLOURS[k]))
               for k in PIPELINE_KINDS if any(p.kind == k for p in drawn)]
    return entries + status_entries({p.status for p in drawn})


def about(atlas: Atlas, p: Pipeline) -> str:
    return line_about(atlas, KIND_WORDS[p.kind], p)


def page(page: Page, p: Pipeline) -> None:
    own = page.cite(p)
    page.table([("Kind", escape(KIND_WORDS[p.kind])), ("Status", escape(words(p.status))),
                *page.interval_rows(p),
                ("Countries", ", ".join(page.actor(c) for c in countries_once(p.countries))),
                ("Through", page.waypoints(p.waypoints)),
                ("Operators", ", ".join(page.actor(a) for a in p.operators)),
                ("Drawn", "schematically" if p.schematic else ""),
                *page.common_rows(p), ("Sources", own)])
    page.section("Other periods of this line", [
        f"{page.link(FeatureRef('pipeline', q.id), q.name)} ({escape(words(q.status))}, "
        f"{escape(interval_text(q.start, q.end))})"
        for q in page.atlas.pipelines.values() if q.id != p.id and q.waypoints == p.waypoints])
    page.events(e for e in page.atlas.events.values()
                if e.place in p.waypoints or not set(p.operators).isdisjoint(e.actors))


def country(page: Page, iso3: str) -> None:
    page.section(f"Pipelines and power lines through it on {page.on}", [
        f"{page.link(FeatureRef('pipeline', p.id), p.name)} ({escape(words(p.status))})"
        f"{page.cite(p)}" for p in page.atlas.pipelines.values()
        if iso3 in p.countries and p.active_on(page.day)])


def search(atlas: Atlas) -> list[SearchEntry]:
    return [SearchEntry(f"{p.name} · {KIND_WORDS[p.kind]}", (FeatureRef("pipeline", p.id),),
                        p.name, f"{KIND_WORDS[p.kind]}, {words(p.status)}, "
                        f"{interval_text(p.start, p.end)}", "pipeline")
            for p in atlas.pipelines.values()]


SPEC = ThemeSpec("pipelines", "Pipelines and power lines", "pipeline", "pipelines",
                 shown=False, order=30, drawn=drawn, legend=legend, about=about,
                 page=page, country=country,
                 search=search, actors=lambda p: {*p.countries, *p.operators},
                 lit=lambda p, actors: not actors.isdisjoint(p.countries)
                 or not actors.isdisjoint(p.operators))
