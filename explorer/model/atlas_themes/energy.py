"""The Energy sites theme: dams, power plants, fields, terminals and refineries as dated points,
a symbol per kind, dashed while planned, being built or halted."""

from __future__ import annotations

from html import escape

from explorer.model.atlas import Atlas
from explorer.model.detail_page import (
    Page,
    actor_name,
    coordinates,
    interval_text,
    words,
)
from explorer.model.drawn import MapExtent, points_in
from explorer.model.features import FeatureRef
from explorer.model.legend import STATUS_COLOUR, LegendEntry, Symbol
from explorer.model.records import ENERGY_SITE_KINDS, EnergySite
from explorer.model.search import SearchEntry
from explorer.model.session import Session
from explorer.model.theme_specs import ThemeSpec
from explorer.model.theme_style import theme_style

SYMBOLS = {"dam": ("square", "#1565c0"), "power_plant": ("square", "#ef6c00"),
           "oil_field": ("circle", "#4e342e"), "gas_field": ("circle", "#00838f"),
           "terminal": ("diamond", "#37474f"), "refinery": ("diamond", "#6a1b9a")}  # by kind
KIND_LABELS = {"dam": "Dam and hydropower plant", "power_plant": "Power plant",
               "oil_field": "Oil field", "gas_field": "Gas field", "terminal": "Terminal",
               "refinery": "Refinery"}


def drawn(session: Session, extent: MapExtent | None) -> list[EnergySite]:
    hidden = theme_style().hidden_statuses
    return points_in([s for s in session.active.energy_sites.values() if s.status not in hidden],
                     extent)


def legend(session: Session, section: str, drawn: list[EnergySite]) -> list[LegendEntry]:
    entries = [LegendEntry(section, KIND_LABELS[k], Symbol("marker", SYMBOLS[k][1],
                                                           SYMBOLS[k][0]))
               for k in ENERGY_SITE_KINDS if any(s.kind == k for s in drawn)]
    if any(s.status != "operating" for s in drawn):
        entries.append(LegendEntry(section, "Planned, being built or halted (hollow)",
                                   Symbol("marker", STATUS_COLOUR, "square", status="planned")))
    return entries


def about(atlas: Atlas, s: EnergySite) -> str:
    return (f"{words(KIND_LABELS[s.kind]).lower()} in {actor_name(atlas, s.country)}, "
            f"{words(s.status)}, {interval_text(s.start, s.end, iso=True)}")


def page(page: Page, s: EnergySite) -> None:
    own = page.cite(s)
    page.table([("Kind", escape(KIND_LABELS[s.kind])), ("Status", escape(words(s.status))),
                *page.interval_rows(s), ("Country", page.actor(s.country)),
                ("Operators", ", ".join(page.actor(a) for a in s.operators)),
                ("Position", coordinates(s.lat, s.lon)), *page.common_rows(s),
                ("Sources", own)])
    page.section("Other periods of this site", [
        f"{page.link(FeatureRef('energy_site', t.id), t.name)} ({escape(words(t.status))}, "
        f"{escape(interval_text(t.start, t.end))})"
        for t in page.atlas.energy_sites.values()
        if t.id != s.id and (t.lat, t.lon) == (s.lat, s.lon)])
    page.section("Lines from or through it", [
        f"{page.link(FeatureRef('pipeline', p.id), p.name)} ({escape(words(p.status))})"
        for p in page.atlas.pipelines.values() if s.id in p.waypoints])


def country(page: Page, iso3: str) -> None:
    page.section(f"Energy sites on {page.on}", [
        f"{page.link(FeatureRef('energy_site', s.id), s.name)} ({escape(words(s.status))})"
        f"{page.cite(s)}" for s in page.atlas.energy_sites.values()
        if s.country == iso3 and s.active_on(page.day)])


def search(atlas: Atlas) -> list[SearchEntry]:
    return [SearchEntry(f"{s.name} · {KIND_LABELS[s.kind].lower()}",
                        (FeatureRef("energy_site", s.id),), s.name,
                        f"{KIND_LABELS[s.kind].lower()} in {actor_name(atlas, s.country)}, "
                        f"{words(s.status)}, {interval_text(s.start, s.end)}", "energy_site")
            for s in atlas.energy_sites.values()]


SPEC = ThemeSpec("energy", "Dams, plants and fields", "energy_site", "energy_sites",
                 shown=False, order=40, drawn=drawn, legend=legend, about=about,
                 page=page, country=country,
                 search=search, actors=lambda s: {s.country, *s.operators},
                 lit=lambda s, actors: s.country in actors or not actors.isdisjoint(s.operators))
