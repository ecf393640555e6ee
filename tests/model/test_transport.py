"""Corridor routing on the atlas, with answers checked by hand, and on a tiny made-up network
for the mechanics (costs, avoid, via, alternatives, the open sea)."""

from __future__ import annotations

import datetime as dt

import pytest

from explorer.analysis.transport import (
    BORDER_KM,
    SEA,
    open_sea_ports,
    sea_access,
    shortest_paths,
    transport_graph,
)

CENTRAL_ASIA_CAPITALS = ("tashkent", "ashgabat", "dushanbe", "bishkek", "astana")
IRANIAN_PORTS = ("bandar_abbas", "chabahar")


def test_in_1995_no_railway_joined_central_asia_to_an_iranian_port(atlas) -> None:
    """The Tejen–Sarakhs–Mashhad link opened on 13 May 1996."""
    for capital in CENTRAL_ASIA_CAPITALS:
        for port in IRANIAN_PORTS:
            assert shortest_paths(atlas, capital, port, "1995-01-01", modes=("rail",)) == []
    later = shortest_paths(atlas, "ashgabat", "mashhad", "1996-06-01", modes=("rail",))
    assert later and ("saragt", "sarakhs") in later[0].crossings


def test_in_2000_tashkent_reached_bandar_abbas_through_sarakhs_and_mashhad(atlas) -> None:
    [path] = shortest_paths(atlas, "tashkent", "bandar_abbas", "2000-01-01", modes=("rail",))
    assert path.countries == ("UZB", "TKM", "IRN")
    assert {"sarakhs", "mashhad", "tehran"} <= set(path.places)  # before Mashhad–Bafq (2005)
    assert ("saragt", "sarakhs") in path.crossings


def test_today_tashkent_reaches_the_gulf_through_turkmenistan(atlas) -> None:
    [path] = shortest_paths(atlas, "tashkent", "bandar_abbas", dt.date.today(),
                            modes=("rail",))
    assert path.countries == ("UZB", "TKM", "IRN")
    assert {"sarakhs", "mashhad"} <= set(path.places)
    assert all(leg.sources and leg.status == "operating" for leg in path.legs)
    assert set(path.sources) <= set(atlas.sources)
    assert path.cost == pytest.approx(path.km + BORDER_KM * len(path.crossings))


def test_chabahar_only_over_the_line_being_built(atlas) -> None:
    """Khash–Chabahar is under construction: no way in operation, one if it is counted."""
    today = dt.date.today()
    assert shortest_paths(atlas, "tashkent", "chabahar", today, modes=("rail",)) == []
    [what_if] = shortest_paths(atlas, "tashkent", "chabahar", today, modes=("rail",),
                               planned=True)
    assert {"zahedan", "chabahar"} <= set(what_if.places)
    assert any(leg.status == "under_construction" for leg in what_if.legs)


def test_avoiding_and_requiring_countries(atlas) -> None:
    today = dt.date.today()
    paths = shortest_paths(atlas, "tashkent", SEA, today, k=5)
    assert len(paths) == 5 and [p.cost for p in paths] == sorted(p.cost for p in paths)
    assert all(p.places[-1] in open_sea_ports(atlas) for p in paths)
    around = shortest_paths(atlas, "tashkent", SEA, today, avoid=("KAZ", "AFG"), k=3)
    assert around and all(not {"KAZ", "AFG"} & set(p.countries) for p in around)
    through = shortest_paths(atlas, "tashkent", SEA, today, via="AZE")
    assert through and "AZE" in through[0].countries
    assert through[0].cost >= paths[0].cost
    assert shortest_paths(atlas, "tashkent", SEA, today, avoid=("UZB",)) == []


def test_the_caspian_is_no_way_to_the_sea(atlas) -> None:
    ports = open_sea_ports(atlas)
    assert "bandar_abbas" in ports and "poti" in ports
    assert not {"aktau", "turkmenbashi", "alat", "astrakhan", "bandar_anzali"} & set(ports)


def test_a_line_counts_from_the_day_it_operates(atlas) -> None:
    before = transport_graph(atlas, "1996-05-12", modes=("rail",))
    after = transport_graph(atlas, "1996-05-13", modes=("rail",))
    assert not before.has_edge("tejen", "saragt") and after.has_edge("tejen", "saragt")
    years = dict(sea_access(atlas, ["tashkent"], range(1995, 2007), modes=("rail",))["tashkent"])
    assert years[1995] is None and years[1996].places[-1] == "bandar_abbas"
    assert years[2006].km < years[2004].km  # Mashhad–Bafq (2005) is the shorter way


def test_an_unknown_place_is_a_value_error(atlas) -> None:
    with pytest.raises(ValueError, match="'nowhere' is not a place"):
        shortest_paths(atlas, "nowhere", SEA, "2000")
