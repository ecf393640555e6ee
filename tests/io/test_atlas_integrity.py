"""The shipped atlas: complete, every reference resolving, sourced, and on the right territory."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import pairwise

import numpy as np
import pytest
import shapely
from pyproj import Geod

from explorer.io.atlas_reader import ATLAS_DIR, read_atlas
from explorer.io.basemap import read_level
from explorer.model.atlas import TABLES, Atlas

COAST_KM = 3.0  # Natural Earth 1:10m coasts and borders are generalised; ports sit on the water


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return read_atlas()


def km_outside(lon, lat, iso3) -> np.ndarray:
    """Geodesic distance in km from each point to the basemap polygon of its country (0 inside),
    vectorized: shapely finds the nearest point of the polygon, pyproj measures the gap."""
    countries = read_level("countries")
    polygons = dict(zip(countries["iso_a3"], countries.geometry, strict=True))
    shapes = np.array([polygons.get(iso) for iso in iso3], dtype=object)
    assert not shapely.is_missing(shapes).any(), "a country is missing from the basemap"
    points = shapely.points(np.asarray(lon, float), np.asarray(lat, float))
    nearest = shapely.get_coordinates(shapely.shortest_line(shapes, points)).reshape(-1, 2, 2)
    _, _, metres = Geod(ellps="WGS84").inv(nearest[:, 0, 0], nearest[:, 0, 1],
                                           nearest[:, 1, 0], nearest[:, 1, 1])
    return np.where(shapely.contains(shapes, points), 0.0, metres / 1000)


def test_the_atlas_folder_holds_the_final_files_only() -> None:
    names = {p.name for p in ATLAS_DIR.iterdir()}
    assert names == {f"{t}.csv" for t in (*TABLES, "sources", "corridors")} | {"README.md"}


def test_coverage_asked_for_by_the_issue(atlas) -> None:
    states = ("UZB KAZ KGZ TJK TKM AFG IRN PAK IND CHN RUS USA TUR UKR GEO AZE MDA ARM BLR DEU "
              "OMN QAT")
    others = ("CIS CSTO GUAM SHANGHAI_FIVE SCO SCO_RATS EURASEC EAEU OTS C5P1 ASHGABAT_AGREEMENT "
              "PFP IMU TALIBAN NORTHERN_ALLIANCE")
    assert set(states.split()) | set(others.split()) <= set(atlas.actors)
    places = ("tashkent samarkand bukhara karshi termez hairatan navoiy nukus andijan "
              "turkmenabat ashgabat sarakhs mashhad bandar_abbas chabahar mazar_i_sharif herat "
              "kabul peshawar gwadar karachi dushanbe bishkek almaty astana kashgar zahedan "
              "turkmenbashi aktau baku")
    assert set(places.split()) <= set(atlas.places)
    operators = {(b.operator, b.host) for b in atlas.bases.values()}
    assert {("USA", "UZB"), ("USA", "KGZ"), ("RUS", "KGZ"), ("RUS", "TJK"), ("DEU", "UZB"),
            ("USA", "AFG"), ("RUS", "KAZ")} <= operators
    assert len(atlas.events) >= 40 and len(atlas.relations) >= 60
    years = {e.date.year for e in atlas.events.values()}
    assert min(years) == 1991 and max(years) >= 2025
    uzb = {a for r in atlas.relations.values() if "UZB" in (r.source, r.target)
           for a in (r.source, r.target)}
    assert {"USA", "RUS", "CHN", "TJK", "AFG", "TALIBAN", "UKR"} <= uzb


def test_every_record_cites_sources_that_exist_and_every_source_is_cited(atlas) -> None:
    cited = set()
    for table, record in atlas.records():
        assert record.sources, f"{table} {record.id} has no source"
        cited.update(record.sources)
    assert cited == set(atlas.sources)
    for source in atlas.sources.values():
        assert source.title and (source.url or source.publisher), source.id


def test_every_reference_resolves(atlas) -> None:
    assert atlas.problems() == []


def test_intervals_are_ordered(atlas) -> None:
    for table, record in atlas.records():
        start, end = getattr(record, "start", None), getattr(record, "end", None)
        if start and end:
            assert start.first_day <= end.first_day, f"{table} {record.id}: {start} > {end}"


def test_records_fall_within_the_lifetime_of_their_actors(atlas) -> None:
    """No membership in an organization before it existed, no relation with a group after it
    dissolved. Compared at the precision written: a start of "1996" fits an actor from 1996-09."""
    def fits(record, actor_id: str) -> bool:
        actor = atlas.actors[actor_id]
        if actor.start and (record.start is None or record.start.last_day < actor.start.first_day):
            return False
        return not (actor.end and (record.end is None
                                   or record.end.first_day > actor.end.last_day))

    for m in atlas.memberships.values():
        assert fits(m, m.actor) and fits(m, m.organization), m.id
    for r in atlas.relations.values():
        assert fits(r, r.source) and fits(r, r.target), r.id
    for b in atlas.bases.values():
        assert fits(b, b.operator), b.id
    for e in atlas.events.values():
        assert all(atlas.actors[a].active_on(e.date) for a in e.actors), e.id


def test_an_actor_holds_one_role_at_a_time_in_an_organization(atlas) -> None:
    rows = defaultdict(list)
    for m in atlas.memberships.values():
        rows[m.actor, m.organization].append(m)
    for pair, memberships in rows.items():
        memberships.sort(key=lambda m: m.start.first_day if m.start else dt.date.min)
        for before, after in pairwise(memberships):
            assert before.end is not None and after.start is not None, pair
            assert before.end.first_day <= after.start.first_day, (before.id, after.id)


def test_places_and_bases_lie_in_their_country(atlas) -> None:
    points = [(p.id, p.lon, p.lat, p.country) for p in atlas.places.values()]
    points += [(b.id, b.lon, b.lat, b.host) for b in atlas.bases.values()]
    ids, lon, lat, iso3 = zip(*points, strict=True)
    outside = km_outside(lon, lat, iso3)
    far = {i: round(float(d), 1) for i, d in zip(ids, outside, strict=True) if d > COAST_KM}
    assert far == {}, f"more than {COAST_KM} km outside their country: {far}"


def test_route_waypoints_lie_in_a_country_the_route_lists(atlas) -> None:
    pairs = [(route.id, wp, atlas.places[wp], country) for route in atlas.routes.values()
             for wp in route.waypoints for country in dict.fromkeys(route.countries)]
    distance = km_outside([p.lon for *_, p, _ in pairs], [p.lat for *_, p, _ in pairs],
                          [c for *_, c in pairs])
    nearest: dict[tuple[str, str], float] = {}
    for (route, wp, _, _), d in zip(pairs, distance, strict=True):
        nearest[route, wp] = min(nearest.get((route, wp), np.inf), float(d))
    far = {key: round(d, 1) for key, d in nearest.items() if d > COAST_KM}
    assert far == {}, f"waypoints outside every country of their route: {far}"


def test_energy_sites_lie_in_their_country(atlas) -> None:
    sites = list(atlas.energy_sites.values())
    assert sites, "no energy sites"
    outside = km_outside([s.lon for s in sites], [s.lat for s in sites],
                         [s.country for s in sites])
    far = {s.id: round(float(d), 1) for s, d in zip(sites, outside, strict=True) if d > COAST_KM}
    assert far == {}, f"more than {COAST_KM} km outside their country: {far}"


def test_pipeline_waypoints_lie_in_a_country_the_line_lists(atlas) -> None:
    points = {**atlas.places, **atlas.energy_sites}
    pairs = [(line.id, wp, points[wp], country) for line in atlas.pipelines.values()
             for wp in line.waypoints for country in dict.fromkeys(line.countries)]
    assert pairs, "no pipelines"
    distance = km_outside([p.lon for *_, p, _ in pairs], [p.lat for *_, p, _ in pairs],
                          [c for *_, c in pairs])
    nearest: dict[tuple[str, str], float] = {}
    for (line, wp, _, _), d in zip(pairs, distance, strict=True):
        nearest[line, wp] = min(nearest.get((line, wp), np.inf), float(d))
    far = {key: round(d, 1) for key, d in nearest.items() if d > COAST_KM}
    assert far == {}, f"waypoints outside every country of their line: {far}"


SAMPLE_KM = 2.0


def segment_samples(lon1: float, lat1: float, lon2: float, lat2: float) -> np.ndarray:
    """Points every ~SAMPLE_KM along the straight lon/lat segment the map draws, both ends
    included, as an (n, 2) array of lon, lat."""
    _, _, metres = Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)
    t = np.linspace(0.0, 1.0, max(int(np.ceil(metres / 1000 / SAMPLE_KM)), 1) + 1)
    return np.column_stack([lon1 + (lon2 - lon1) * t, lat1 + (lat2 - lat1) * t])


def test_a_pipeline_does_not_cross_a_country_it_does_not_enter(atlas) -> None:
    """Each straight segment between consecutive waypoints, sampled every ~2 km, meets only the
    countries the line lists (or the sea), allowing COAST_KM for generalised borders."""
    countries = read_level("countries")
    iso = np.asarray(countries["iso_a3"], dtype=object)
    tree = shapely.STRtree(np.asarray(countries.geometry, dtype=object))
    points = {**atlas.places, **atlas.energy_sites}
    strays = []  # (line, segment, country met, lon, lat, a country the line lists)
    for line in atlas.pipelines.values():
        listed = set(line.countries)
        for a, b in pairwise(line.waypoints):
            lonlat = segment_samples(points[a].lon, points[a].lat, points[b].lon, points[b].lat)
            sample, shape = tree.query(shapely.points(lonlat), predicate="within")
            for i, met in zip(sample, iso[shape], strict=True):
                if met not in listed:
                    strays += [(line.id, f"{a}-{b}", met, *lonlat[i], c) for c in listed]
    distance = km_outside([s[3] for s in strays], [s[4] for s in strays],
                          [s[5] for s in strays]) if strays else []
    nearest: dict[tuple[str, str, str, float, float], float] = {}
    for (line, segment, met, lon, lat, _), d in zip(strays, distance, strict=True):
        key = (line, segment, met, lon, lat)
        nearest[key] = min(nearest.get(key, np.inf), float(d))
    deepest: dict[tuple[str, str, str], float] = {}
    for (line, segment, met, _, _), d in nearest.items():
        if d > COAST_KM:
            deepest[line, segment, met] = max(deepest.get((line, segment, met), 0.0), round(d, 1))
    assert deepest == {}, f"segments crossing a country their line does not list: {deepest}"


@pytest.mark.parametrize("day, record, active", [
    ("2003-06-01", "base_karshi_khanabad", True),
    ("2006-06-01", "base_karshi_khanabad", False),
    ("2010", "base_manas", True),
    ("2015", "base_manas", False),
    ("2010", "base_termez_deu", True),
    ("2016", "base_termez_deu", False),
])
def test_bases_through_time(atlas, day, record, active) -> None:
    assert (record in atlas.active_on(day).bases) is active


@pytest.mark.parametrize("day, table, record, active", [
    ("2000", "pipelines", "pipe_cpc_construction", True),
    ("2000", "pipelines", "pipe_cpc", False),
    ("2003-06-01", "pipelines", "pipe_cpc", True),
    ("2009-12-13", "pipelines", "pipe_cagp_a", False),
    ("2009-12-14", "pipelines", "pipe_cagp_a", True),
    ("2009-12-14", "pipelines", "pipe_cagp_a_construction", False),
    ("2022", "pipelines", "pipe_casa1000_hvdc_halted", True),
    ("2025", "pipelines", "pipe_casa1000_hvdc_halted", False),
    ("2010", "energy_sites", "site_rogun_halted", True),
    ("2017", "energy_sites", "site_rogun", True),
    ("2017", "energy_sites", "site_rogun_halted", False),
])
def test_energy_through_time(atlas, day, table, record, active) -> None:
    assert (record in getattr(atlas.active_on(day), table)) is active


@pytest.mark.parametrize("day, organization, roles", [
    ("1995", "CSTO", ["member"]),
    ("2003", "CSTO", []),
    ("2008", "CSTO", ["member"]),
    ("2013", "CSTO", ["suspended"]),
    ("2000", "GUAM", ["member"]),
    ("2003", "GUAM", ["suspended"]),
    ("2006", "GUAM", []),
    ("2000", "SCO", []),
    ("2002", "SCO", ["member"]),
    ("2007", "EURASEC", ["member"]),
    ("2019", "EAEU", []),
    ("2021", "EAEU", ["observer"]),
])
def test_uzbekistan_in_and_out_of_organizations(atlas, day, organization, roles) -> None:
    assert atlas.roles("UZB", organization, day) == roles


def test_organizations_exist_only_while_they_do(atlas) -> None:
    assert "SHANGHAI_FIVE" in atlas.active_on("2000").actors
    assert "SHANGHAI_FIVE" not in atlas.active_on("2002").actors
    assert "SCO" not in atlas.active_on("2000").actors
    assert "EAEU" in atlas.active_on("2015-01-01").actors
    assert "EURASEC" not in atlas.active_on("2015-01-01").actors
