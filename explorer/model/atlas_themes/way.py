"""The Way theme: the shortest way of `themes.way` (from a place to a place or to the open sea)
on the map's date — it follows the timeline — its legs traced and the countries it crosses
shaded, with its length in the legend and every leg's sources in the footnotes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.model.drawn import MapExtent
from explorer.model.legend import LegendEntry, Symbol
from explorer.model.records import Sourced
from explorer.model.session import Session
from explorer.model.theme_specs import ThemeSpec

if TYPE_CHECKING:  # the routing (and networkx) is loaded only when a way is asked for
    from explorer.analysis.transport import Path

COLOUR = "#6a1b9a"


def current_way(session: Session) -> Path | None:
    """The way on the session's date (None: none asked for, or none there)."""
    query = session.themes.way
    if query is None:
        return None
    from explorer.analysis.transport import shortest_paths

    try:
        paths = shortest_paths(session.atlas, query.origin, query.destination, session.date,
                               query.avoid, query.via, 1, planned=query.planned)
    except ValueError:  # a place this atlas does not know (a project from another atlas)
        return None
    return paths[0] if paths else None


def drawn(session: Session, extent: MapExtent | None) -> list[Sourced]:
    """The routes whose legs the way takes (their sources are the way's)."""
    way = current_way(session)
    if way is None:
        return []
    return [session.atlas.routes[rid] for rid in dict.fromkeys(leg.route for leg in way.legs)]


def legend(session: Session, section: str, drawn: list) -> list[LegendEntry]:
    way, query = current_way(session), session.themes.way
    if way is None or query is None:
        return []
    from explorer.analysis.transport import SEA

    places = session.atlas.places
    end = (f"the open sea ({places[way.places[-1]].name})" if query.destination == SEA
           else places[query.destination].name)
    return [LegendEntry(section, f"{places[query.origin].name} to {end}: {way.km:,.0f} km "
                        f"through {', '.join(way.countries)}", Symbol("line", COLOUR))]


SPEC = ThemeSpec("way", "Way through the corridors", shown=False, order=95, drawn=drawn,
                 legend=legend)
