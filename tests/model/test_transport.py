"""Corridor routing on the atlas, with answers checked by hand, and on a tiny made-up network
for the mechanics (costs, avoid, via, alternatives, the open sea)."""

from __future__ import annotations

import datetime as dt

import pytest

from explorer.analysis.transport import (
    BORDER_KM,
    SEA,
    TRANSFER_KM,
    open_sea_ports,
    sea_access,
    shortest_paths,
    transport_graph,
)
from explorer.model.atlas import Atlas
from explorer.model.records import Place, Route, Source

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
    assert years[1995].places[-1] == "novorossiysk"  # Soviet-era lines through KAZ and RUS
    assert years[1995].countries == ("UZB", "KAZ", "RUS")
    assert years[1996].places[-1] == "bandar_abbas"
    assert years[2006].km < years[2004].km  # Mashhad–Bafq (2005) is the shorter way


def test_an_unknown_place_is_a_value_error(atlas) -> None:
    with pytest.raises(ValueError, match="'nowhere' is not a place"):
        shortest_paths(atlas, "nowhere", SEA, "2000")


def tiny() -> Atlas:
    """One country: a and b joined by a railway over m (about 420 km), and by a shorter way of
    three legs a–p by rail, p–q by ship, q–b by rail (about 255 km, two transshipments)."""
    s = ("s",)
    where = {"a": (60.0, 40.0), "m": (61.5, 41.5), "b": (63.0, 40.0), "p": (61.0, 40.0),
             "q": (62.0, 40.0)}
    places = [Place(id=i, name=i.upper(), kind="city", country="UZB", lon=lon, lat=lat,
                    sources=s) for i, (lon, lat) in where.items()]

    def route(rid: str, kind: str, waypoints: str) -> Route:
        return Route(id=rid, name=rid, kind=kind, status="operating", countries="UZB",
                     waypoints=waypoints, sources=s)

    routes = [route("land", "railway", "a;m;b"), route("to_p", "railway", "a;p"),
              route("ferry", "maritime", "p;q"), route("from_q", "railway", "q;b")]
    return Atlas(places={p.id: p for p in places}, routes={r.id: r for r in routes},
                 sources={"s": Source(id="s", title="A source", url="https://example.org/")})


def test_a_transshipment_costs_transfer_km_at_the_port() -> None:
    land, ferry = shortest_paths(tiny(), "a", "b", "2000", k=2)
    assert land.places == ("a", "m", "b") and land.transfers == ()
    assert ferry.places == ("a", "p", "q", "b") and ferry.transfers == ("p", "q")
    assert ferry.km < land.km < ferry.km + 2 * TRANSFER_KM  # shorter, yet costlier
    assert ferry.cost == pytest.approx(ferry.km + 2 * TRANSFER_KM)
    assert land.cost == pytest.approx(land.km)
    # passing a port on land costs nothing: from a to q the ship is boarded at p only
    [to_q] = shortest_paths(tiny(), "a", "p", "2000")
    assert to_q.transfers == () and to_q.cost == pytest.approx(to_q.km)


def test_today_tashkent_reaches_the_black_sea_by_the_caspian_ferry(atlas) -> None:
    [path] = shortest_paths(atlas, "tashkent", "poti", dt.date(2019, 6, 1))
    assert path.transfers == ("turkmenbashi", "alat")  # on board and off again
    assert path.cost == pytest.approx(path.km + BORDER_KM * len(path.crossings)
                                      + TRANSFER_KM * len(path.transfers))
