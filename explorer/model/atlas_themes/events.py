"""The Events theme: dated events at a place, marked while they are recent on the date."""

from __future__ import annotations

from explorer.model.atlas import Atlas
from explorer.model.detail_page import Page, format_partial
from explorer.model.drawn import MapExtent, points_in
from explorer.model.features import FeatureRef
from explorer.model.legend import LegendEntry, Symbol
from explorer.model.records import Event
from explorer.model.search import SearchEntry
from explorer.model.session import Session
from explorer.model.theme_specs import ThemeSpec
from explorer.model.theme_style import theme_style


def drawn(session: Session, extent: MapExtent | None) -> list[Event]:
    """The events of the last `event_window_days` at a place (in the extent)."""
    places = session.atlas.places
    window = session.themes.event_window_days
    recent = [e for e in session.atlas.events.values()
              if e.place in places and e.active_on(session.date, window)]
    shown = {p.id for p in points_in([places[e.place] for e in recent], extent)}
    return [e for e in recent if e.place in shown]


def legend(session: Session, section: str, drawn: list[Event]) -> list[LegendEntry]:
    window = session.themes.event_window_days
    span = f"{window // 365} year" if window % 365 == 0 else f"{window} days"
    span = span if span != "1 year" else "12 months"
    return [LegendEntry(section, f"Event in the last {span}",
                        Symbol("ring", theme_style().event_colour))]


def about(atlas: Atlas, e: Event) -> str:
    return f"event of {format_partial(e.date)}"


def page(page: Page, e: Event) -> None:
    own = page.cite(e)
    where = page.atlas.places.get(e.place or "")
    happened = "happened" if e.date.first_day <= page.day else "still to come"
    page.table([("Date", format_partial(e.date)), (f"On {page.on}", happened),
                ("Actors", ", ".join(page.actor(a) for a in e.actors)),
                ("Place", page.link(FeatureRef("place", where.id), where.name) if where else ""),
                *page.common_rows(e), ("Sources", own)])
    page.events((x for x in page.atlas.events.values() if e.place and x.place == e.place),
                skip=e.id)


def search(atlas: Atlas) -> list[SearchEntry]:
    return [SearchEntry(f"{e.title} · {format_partial(e.date)}", (FeatureRef("event", e.id),),
                        e.title, about(atlas, e), "event")
            for e in atlas.events.values()]


SPEC = ThemeSpec("events", "Events", "event", "events", order=70, name=lambda e: e.title,
                 tooltip=lambda atlas, e: f"{format_partial(e.date)}: {e.title}",
                 drawn=drawn, legend=legend, about=about, page=page, search=search,
                 actors=lambda e: set(e.actors))
