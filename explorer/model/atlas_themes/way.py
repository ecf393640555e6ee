"""The Way theme: the shortest way of `themes.way` (from a place to a place or to the open sea)
on the map's date — it follows the timeline — its legs traced and the countries it crosses
shaded, with its length in the legend and every leg's sources in the footnotes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from explorer.model.atlas import Atlas
from explorer.model.detail_page import Page
from explorer.model.drawn import MapExtent
from explorer.model.features import FeatureRef
from explorer.model.last_result import LastResult
from explorer.model.legend import LegendEntry, Symbol
from explorer.model.records import Sourced
from explorer.model.session import Session
from explorer.model.theme_specs import ThemeSpec
from explorer.model.user_layers import UserLayer

if TYPE_CHECKING:  # the routing (and networkx) is loaded only when a way is asked for
    from explorer.analysis.transport import Path

COLOUR = "#6a1b9a"


# the last atlas with the user's lines, and what it was made of: the session's atlas and each
# layer's id and data (objects kept and compared with `is`, so no id is ever another's)
_kept: list[tuple[Atlas, tuple[tuple[str, object], ...], Atlas]] = []
_last: LastResult[Path | None] = LastResult()  # the last way: the map, legend and inspector ask


def line_layers(session: Session) -> list[UserLayer]:
    """The user's layers read from files that hold shapes (lines among them, perhaps)."""
    return [layer for layer in session.user_layers if layer.source is None
            and hasattr(layer.data.geometry, "geoms")]


def way_atlas(session: Session) -> Atlas:
    """The atlas the way is sought in: the session's, with the user's file line layers (as
    railways) when the query asks for them."""
    query = session.themes.way
    layers = line_layers(session) if query and query.user_lines else []
    if not layers:
        return session.atlas
    made_of = tuple((layer.id, layer.data) for layer in layers)
    kept = _kept[0] if _kept else None
    if kept is None or not _same(kept[0], kept[1], session.atlas, made_of):
        from explorer.analysis.user_lines import line_layer, with_lines

        lines = [line_layer(layer.style.name, layer.data.geometry.geoms,
                            origin=layer.path.name if layer.path else layer.style.name)
                 for layer in layers]
        kept = (session.atlas, made_of, with_lines(session.atlas, [g for g in lines if g.lines]))
        _kept[:] = [kept]
    return kept[2]


def _same(atlas: Atlas, made_of: tuple[tuple[str, object], ...], other: Atlas,
          other_made_of: tuple[tuple[str, object], ...]) -> bool:
    """Whether two atlases with the user's lines are made of the very same objects."""
    return atlas is other and len(made_of) == len(other_made_of) and all(
        a_id == b_id and a_data is b_data
        for (a_id, a_data), (b_id, b_data) in zip(made_of, other_made_of, strict=True))


def current_way(session: Session) -> Path | None:
    """The way on the session's date (None: none asked for, or none there)."""
    query = session.themes.way
    if query is None:
        return None
    atlas, day = way_atlas(session), session.date
    asked = (query.origin, query.destination, tuple(query.avoid), query.via, query.planned)
    return _last.get(atlas, (day, asked), lambda: _way(atlas, day, *asked))


def _way(atlas: Atlas, day: dt.date, origin: str, destination: str, avoid: tuple[str, ...],
         via: str | None, planned: bool) -> Path | None:
    from explorer.analysis.transport import shortest_paths

    try:
        paths = shortest_paths(atlas, origin, destination, day, avoid, via, 1, planned=planned)
    except ValueError:  # a place this atlas does not know (a project from another atlas)
        return None
    return paths[0] if paths else None


def drawn(session: Session, extent: MapExtent | None) -> list[Sourced]:
    """The routes whose legs the way takes (their sources are the way's)."""
    way = current_way(session)
    if way is None:
        return []
    routes = session.atlas.routes  # the user's lines are no atlas record: not cited
    return [routes[rid] for rid in dict.fromkeys(leg.route for leg in way.legs) if rid in routes]


def legend(session: Session, section: str, drawn: list) -> list[LegendEntry]:
    way, query = current_way(session), session.themes.way
    if way is None or query is None:
        return []
    from explorer.analysis.transport import SEA

    places = session.atlas.places
    end = (f"the open sea ({places[way.places[-1]].name})" if query.destination == SEA
           else places[query.destination].name)
    yours = (" (partly over lines of yours)"
             if any(leg.route not in session.atlas.routes for leg in way.legs) else "")
    return [LegendEntry(section, f"{places[query.origin].name} to {end}: {way.km:,.0f} km "
                        f"through {', '.join(way.countries)}{yours}", Symbol("line", COLOUR))]


def way_html(session: Session) -> str:
    """The inspector's page of the way on the session's date: its length, countries, border
    crossings and transshipments, then each leg with its line, status and sources."""
    atlas, query = way_atlas(session), session.themes.way
    page = Page(atlas, session.date)
    way = current_way(session)
    if way is None or query is None:
        page.heading("Way through the corridors", f"No way on {page.on}")
        page.parts.append("<p>Analysis &gt; Find a Way… chooses where from and where to; "
                          "there may be no way on this date with its conditions.</p>")
        return page.html()
    places = atlas.places
    page.heading(f"{places[way.places[0]].name} to {places[way.places[-1]].name}",
                 f"The shortest way on {page.on}")
    page.table([("Length", f"{way.km:,.0f} km"),
                ("Countries", ", ".join(page.actor(c) for c in way.countries)),
                ("Borders", ", ".join(f"{page.link(FeatureRef('place', a), places[a].name)}–"
                                      f"{page.link(FeatureRef('place', b), places[b].name)}"
                                      for a, b in way.crossings) or "none crossed"),
                ("Ship to land", ", ".join(page.link(FeatureRef("place", p), places[p].name)
                                           for p in way.transfers) or "no transshipment"),
                ("Costed", f"{way.cost:,.0f} km with the crossings and transshipments")])
    legs = []
    for leg in way.legs:
        route = atlas.routes[leg.route]
        line = (page.link(FeatureRef("route", route.id), route.name)
                if route.id in session.atlas.routes else f"{route.name} (a line of yours)")
        legs.append(f"{page.waypoints([leg.start, leg.end])}: {leg.km:,.0f} km on {line} "
                    f"({leg.status.replace('_', ' ')}){page.cite(route)}")
    page.section("Legs", legs)
    return page.html()


SPEC = ThemeSpec("way", "Way through the corridors", "way", shown=False, order=95, drawn=drawn,
                 legend=legend)
