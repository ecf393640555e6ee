"""The Soviet-era trunk lines of the atlas (Trans-Aral, Turksib, Trans-Kazakhstan, Termez–Dushanbe,
the old Karshi–Termez line through Turkmenistan, the Russian lines to Novorossiysk, the
Transcaucasus railway and the Krasnovodsk–Baku rail ferry): every Central Asian capital has a way
to the open sea from 1991 on, and the ways are the ones the network really offered."""

from __future__ import annotations

import datetime as dt

import pytest

from explorer.analysis.transport import SEA, sea_access, shortest_paths, transport_graph

CAPITALS = ("tashkent", "astana", "bishkek", "dushanbe", "ashgabat")
TRUNK_LINES = ("rail_trans_aral", "rail_turksib_arys_almaty", "rail_lugovaya_bishkek",
               "rail_trans_kazakhstan", "rail_termez_dushanbe", "rail_karshi_termez_tkm",
               "rail_orenburg_novorossiysk", "rail_transcaucasus", "rail_samtredia_batumi",
               "rail_ferry_turkmenbashi_baku")


def test_the_trunk_lines_predate_the_atlas_and_are_sourced(atlas) -> None:
    for line in TRUNK_LINES:
        route = atlas.routes[line]
        assert route.start is None and route.status == "operating", line
        assert route.sources and set(route.sources) <= set(atlas.sources), line
        assert route.active_on("1991-01-01"), line


def test_every_capital_reaches_the_sea_every_year(atlas) -> None:
    series = sea_access(atlas, CAPITALS, range(1991, 2027))
    missing = {capital: [year for year, way in ways if way is None]
               for capital, ways in series.items()}
    assert missing == {capital: [] for capital in CAPITALS}


def test_in_1991_tashkent_reached_the_sea_by_the_caspian_ferry_or_through_russia(atlas) -> None:
    [way] = shortest_paths(atlas, "tashkent", SEA, "1991-07-01")
    assert way.countries == ("UZB", "TKM", "AZE", "GEO") and way.places[-1] == "poti"
    assert {"turkmenbashi", "baku", "tbilisi"} <= set(way.places)
    assert ("turkmenbashi", "baku") in way.crossings
    [by_rail] = shortest_paths(atlas, "tashkent", SEA, "1991-07-01", modes=("rail",))
    assert by_rail.countries == ("UZB", "KAZ", "RUS") and by_rail.places[-1] == "novorossiysk"
    assert {"arys", "kyzylorda", "aktobe", "orenburg"} <= set(by_rail.places)
    assert all(leg.status == "operating" and leg.sources for leg in by_rail.legs)


def test_astana_reaches_the_sea_in_1991_and_today(atlas) -> None:
    for day in ("1991-07-01", dt.date.today()):
        [way] = shortest_paths(atlas, "astana", SEA, day)
        assert way.places[:4] == ("astana", "karaganda", "mointy", "shu")
    [north] = shortest_paths(atlas, "astana", SEA, "1991-07-01", avoid=("TKM",))
    assert north.countries == ("KAZ", "RUS") and north.places[-1] == "novorossiysk"


def test_bishkek_joins_the_network_at_lugovaya(atlas) -> None:
    [way] = shortest_paths(atlas, "bishkek", SEA, "1991-07-01")
    assert way.places[:2] == ("bishkek", "kulan") and way.countries[:2] == ("KGZ", "KAZ")


def test_dushanbe_went_through_turkmenistan_until_the_boysun_line(atlas) -> None:
    """Before the Tashguzar–Boysun–Kumkurgan line (24 Aug 2007) trains from Termez to Karshi ran
    through Turkmen territory by Kerkichi; after it the way stays in Uzbekistan."""
    before = shortest_paths(atlas, "dushanbe", "karshi", "2007-08-23", modes=("rail",))[0]
    assert before.places[:5] == ("dushanbe", "tursunzoda", "denov", "termez", "kerkichi")
    assert before.countries == ("TJK", "UZB", "TKM")
    after = shortest_paths(atlas, "dushanbe", "karshi", "2007-08-24", modes=("rail",))[0]
    assert "kerkichi" not in after.places and after.countries == ("TJK", "UZB")


@pytest.mark.parametrize("day, port", [("2014-10-05", "baku"), ("2014-10-06", "alat")])
def test_the_ferry_moved_to_alat_in_october_2014(atlas, day, port) -> None:
    graph = transport_graph(atlas, day, modes=("sea",))
    ferries = {key for _, _, key in graph.edges("turkmenbashi", keys=True)
               if key.startswith("rail_ferry_")}
    assert ferries == {f"rail_ferry_turkmenbashi_{port}"}
    assert graph.has_edge("turkmenbashi", port)


def test_the_hand_checked_answers_still_hold(atlas) -> None:
    """The new lines add no Iranian port by rail in 1995, and Tashkent's way to Bandar Abbas in
    2000 still goes through Turkmenistan, Sarakhs and Mashhad."""
    for capital in CAPITALS:
        assert shortest_paths(atlas, capital, "bandar_abbas", "1995-01-01", modes=("rail",)) == []
    [way] = shortest_paths(atlas, "tashkent", "bandar_abbas", "2000-01-01", modes=("rail",))
    assert way.countries == ("UZB", "TKM", "IRN") and ("saragt", "sarakhs") in way.crossings
