"""The shipped atlas: complete, every reference resolving, sourced, and on the right territory."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from itertools import pairwise

import numpy as np
import pytest
import shapely
from pyproj import Geod

from explorer.io.atlas_reader import ATLAS_DIR, read_atlas
from explorer.io.basemap import read_level
from explorer.model.atlas import TABLES, Atlas
from explorer.model.drawn import line_coords

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


def test_the_depth_a_specialist_expects(atlas) -> None:
    """Issue 17's minimums: organizations with dated roles, memberships, ties beyond
    Uzbekistan, events in every year, bases, heads of state."""
    with_roles = {m.organization for m in atlas.memberships.values()}
    assert len(with_roles) >= 18
    assert {"ECO", "CICA", "OSCE", "CACO", "WTO", "NATO", "EU", "SCO_RATS"} <= with_roles
    assert len(atlas.memberships) >= 250
    assert len(atlas.relations) >= 150
    beyond = [r for r in atlas.relations.values() if "UZB" not in (r.source, r.target)]
    assert len(beyond) >= len(atlas.relations) / 2
    assert len(atlas.events) >= 180
    per_year = Counter(e.date.year for e in atlas.events.values())
    assert [y for y in range(1991, 2026) if per_year[y] < 3] == []
    assert len(atlas.bases) >= 25
    leaders = {r.target for r in atlas.relations.values() if r.type == "leads"}
    assert {"UZB", "KAZ", "KGZ", "TJK", "TKM"} <= leaders
    assert all(atlas.actors[r.source].kind == "person" for r in atlas.relations.values()
               if r.type == "leads")


def test_every_source_says_what_it_is_and_each_url_is_one_source(atlas) -> None:
    assert [s.id for s in atlas.sources.values() if s.kind is None] == []

    def bare(url: str) -> str:
        host_and_path = url.split("://", 1)[-1].removeprefix("www.")
        host, _, path = host_and_path.partition("/")
        return f"{host.rstrip('.')}/{path}".rstrip("/")

    by_url: dict[str, list[str]] = defaultdict(list)
    for source in atlas.sources.values():
        if source.url:
            by_url[bare(source.url)].append(source.id)
    assert {url: ids for url, ids in by_url.items() if len(ids) > 1} == {}


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


@pytest.mark.parametrize("table", ["routes", "pipelines"])
def test_waypoints_lie_in_a_country_the_line_lists(atlas, table) -> None:
    points = {**atlas.places, **atlas.energy_sites}
    pairs = [(line.id, wp, points[wp], country) for line in atlas.table(table).values()
             for wp in line.waypoints for country in dict.fromkeys(line.countries)]
    assert pairs, f"no {table}"
    distance = km_outside([p.lon for *_, p, _ in pairs], [p.lat for *_, p, _ in pairs],
                          [c for *_, c in pairs])
    nearest: dict[tuple[str, str], float] = {}
    for (line, wp, _, _), d in zip(pairs, distance, strict=True):
        nearest[line, wp] = min(nearest.get((line, wp), np.inf), float(d))
    far = {key: round(d, 1) for key, d in nearest.items() if d > COAST_KM}
    assert far == {}, f"waypoints outside every country of their line: {far}"


def test_energy_sites_lie_in_their_country(atlas) -> None:
    sites = list(atlas.energy_sites.values())
    assert sites, "no energy sites"
    outside = km_outside([s.lon for s in sites], [s.lat for s in sites],
                         [s.country for s in sites])
    far = {s.id: round(float(d), 1) for s, d in zip(sites, outside, strict=True) if d > COAST_KM}
    assert far == {}, f"more than {COAST_KM} km outside their country: {far}"


SAMPLE_KM = 2.0


def segment_samples(lon1: float, lat1: float, lon2: float, lat2: float) -> np.ndarray:
    """Points every ~SAMPLE_KM along the straight lon/lat segment the map draws, both ends
    included, as an (n, 2) array of lon, lat."""
    _, _, metres = Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)
    t = np.linspace(0.0, 1.0, max(int(np.ceil(metres / 1000 / SAMPLE_KM)), 1) + 1)
    return np.column_stack([lon1 + (lon2 - lon1) * t, lat1 + (lat2 - lat1) * t])


SEA_NOTE = "crosses the sea"  # a land line's note says so where part of it goes by sea


def drawn_samples(line, points) -> np.ndarray:
    """Points every ~SAMPLE_KM along the line as the map draws it (its course, else its
    waypoints joined), as an (n, 2) array of lon, lat."""
    coords = line_coords(line, points)
    return np.concatenate([segment_samples(*a, *b) for a, b in pairwise(coords)])


def km_to(shape, lon, lat, boundary: bool = False) -> np.ndarray:
    """Geodesic distance in km from each point to one shape (0 inside it), or with `boundary`
    to the shape's boundary (how deep inside it a point lies)."""
    points = shapely.points(np.asarray(lon, float), np.asarray(lat, float))
    target = shapely.boundary(shape) if boundary else shape
    nearest = shapely.get_coordinates(shapely.shortest_line(target, points)).reshape(-1, 2, 2)
    _, _, metres = Geod(ellps="WGS84").inv(nearest[:, 0, 0], nearest[:, 0, 1],
                                           nearest[:, 1, 0], nearest[:, 1, 1])
    return metres / 1000 if boundary else np.where(shapely.contains(shape, points), 0.0,
                                                    metres / 1000)


def test_every_line_as_drawn_stays_in_its_countries(atlas) -> None:
    """Every route and pipeline, as drawn (its course, else straight legs between waypoints),
    sampled every ~2 km, stays within COAST_KM of the countries it lists; a maritime route, or a
    line whose note says it crosses the sea, may also go by sea, but never over the land of a
    country it does not list (deeper than COAST_KM)."""
    countries = read_level("countries")
    iso = np.asarray(countries["iso_a3"], dtype=object)
    shapes = np.asarray(countries.geometry, dtype=object)
    polygons = dict(zip(iso, shapes, strict=True))
    tree = shapely.STRtree(shapes)
    points = {**atlas.places, **atlas.energy_sites}
    lines = [*atlas.routes.values(), *atlas.pipelines.values()]
    assert len(lines) > 60
    strays: dict[tuple[str, str], tuple[int, float]] = {}  # (line, met) -> samples, worst km
    for line in lines:
        lonlat = drawn_samples(line, points)
        listed = shapely.union_all([polygons[c] for c in line.countries])
        shapely.prepare(listed)
        off = ~shapely.contains(listed, shapely.points(lonlat))
        if not off.any():
            continue
        lon, lat = lonlat[off, 0], lonlat[off, 1]
        gap = km_to(listed, lon, lat)
        by_sea = line.kind == "maritime" or SEA_NOTE in line.note
        sample, shape = tree.query(shapely.points(lon, lat), predicate="within")
        land = np.full(len(lon), -1)
        land[sample] = shape
        for k in np.flatnonzero(gap > COAST_KM):
            if land[k] < 0:
                if by_sea:
                    continue  # at sea
                met = "sea"
            else:
                met = str(iso[land[k]])
                if by_sea and km_to(shapes[land[k]], lon[k:k + 1], lat[k:k + 1],
                                    boundary=True)[0] <= COAST_KM:
                    continue  # a generalised coast
            count, worst = strays.get((line.id, met), (0, 0.0))
            strays[line.id, met] = (count + 1, max(worst, round(float(gap[k]), 1)))
    report = {key: f"~{n * SAMPLE_KM:.0f} km, up to {worst} km off" for key, (n, worst)
              in sorted(strays.items())}
    assert report == {}, f"lines drawn outside the countries they list: {report}"


def test_a_line_lists_each_country_once_in_the_order_it_enters_them(atlas) -> None:
    """`countries` names each country once, and the countries of the waypoints, in the order
    the line reaches them, come in that order."""
    points = {**atlas.places, **atlas.energy_sites}
    wrong = {}
    for line in [*atlas.routes.values(), *atlas.pipelines.values()]:
        entered = list(dict.fromkeys(points[w].country for w in line.waypoints))
        order = iter(line.countries)
        if len(set(line.countries)) < len(line.countries) or not all(c in order
                                                                     for c in entered):
            wrong[line.id] = f"lists {';'.join(line.countries)}, enters {';'.join(entered)}"
    assert wrong == {}, f"countries listed twice or out of order: {wrong}"


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
