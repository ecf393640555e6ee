"""The Way theme's model: the way of the query on the session's date, following the timeline,
in the legend with its length and countries, its routes' sources in the footnotes."""

from __future__ import annotations

import datetime as dt

from explorer.model.atlas_themes.way import current_way
from explorer.model.drawn import visible_records
from explorer.model.legend import legend_entries
from explorer.model.session import Session
from explorer.model.themes import WayQuery


def test_the_way_follows_the_date(atlas) -> None:
    session = Session(atlas, dt.date(1995, 6, 1))
    for layer in session.themes.layers:
        layer.visible = layer.key == "way"
    assert current_way(session) is None and legend_entries(session) == []
    # around the Soviet-era ways through Kazakhstan and Russia or by the Caspian ferry to Baku
    session.themes.way = WayQuery(origin="tashkent", destination="open sea",
                                  avoid=("KAZ", "AZE"))
    assert current_way(session) is None  # so no way to the sea before Tejen–Sarakhs (1996)
    session.time.date = dt.date(2000, 6, 1)
    way = current_way(session)
    assert way is not None and way.places[-1] == "bandar_abbas"
    [entry] = legend_entries(session)
    assert entry.label.startswith("Tashkent to the open sea (Bandar Abbas): ")
    assert entry.label.endswith("km through UZB, TKM, IRN")
    routes = {r.id for r in visible_records(session, None)}
    assert {leg.route for leg in way.legs} == routes
    session.time.date = dt.date(2010, 6, 1)
    assert current_way(session).km < way.km  # Mashhad–Bafq (2005): a shorter way


def test_a_query_of_places_this_atlas_lacks_draws_nothing(atlas) -> None:
    session = Session(atlas, dt.date(2010, 6, 1))
    session.themes.way = WayQuery(origin="atlantis", destination="open sea")
    assert current_way(session) is None
