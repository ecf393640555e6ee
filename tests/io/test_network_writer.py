"""GEXF and GraphML of the actor network read back with networkx, on a date and through time."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from explorer.analysis.network import build_network
from explorer.io.network_writer import write_graph
from explorer.model.network_options import ASKED_FOR_KINDS

GEXF_NS = {"g": "http://www.gexf.net/1.2draft"}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def written(atlas, folder: Path, suffix: str, day: dt.date | None) -> nx.MultiDiGraph:
    path = folder / f"net-{day}{suffix}"
    write_graph(build_network(atlas, day), path, day)
    return nx.read_gexf(path) if suffix == ".gexf" else nx.read_graphml(path)


def types_between(graph, u: str, v: str) -> set[str]:
    return {d["type"] for a, b, d in graph.edges(data=True) if {a, b} == {u, v}}


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_snapshots_read_back_with_the_expected_ties(atlas, tmp_path, suffix) -> None:
    g2003 = written(atlas, tmp_path, suffix, dt.date(2003, 6, 1))
    g2007 = written(atlas, tmp_path, suffix, dt.date(2007, 6, 1))
    g2008 = written(atlas, tmp_path, suffix, dt.date(2008, 6, 1))
    assert "basing" in types_between(g2003, "USA", "UZB")
    assert "basing" not in types_between(g2007, "USA", "UZB")
    assert "membership" in types_between(g2008, "UZB", "CSTO")
    assert "membership" not in types_between(g2003, "UZB", "CSTO")
    for graph in (g2003, g2007, g2008):
        assert isinstance(graph, nx.MultiDiGraph)
        assert all(d.get("type") for *_, d in graph.edges(data=True))
        assert graph.nodes["UZB"]["name"] == "Uzbekistan"
        assert graph.nodes["CSTO"]["kind"] == "organization"
    k2 = [k for u, v, k, d in g2003.edges(keys=True, data=True) if d["type"] == "basing"
          and (u, v) == ("USA", "UZB")]
    assert k2 == ["rel_usa_uzb_k2_basing"]  # edge ids are record ids, operator -> host
    expected = build_network(atlas, dt.date(2003, 6, 1))
    assert set(g2003) == set(expected)
    assert g2003.number_of_edges() == expected.number_of_edges()


def test_dynamic_gexf_has_intervals_gephi_reads(atlas, tmp_path) -> None:
    path = tmp_path / "all.gexf"
    write_graph(build_network(atlas), path, None)
    root = ET.parse(path).getroot()
    graph_xml = root.find("g:graph", GEXF_NS)
    assert graph_xml.get("mode") == "dynamic" and graph_xml.get("timeformat") == "date"
    edges = graph_xml.findall("g:edges/g:edge", GEXF_NS)
    assert all(e.get("type") in (None, "directed") for e in edges)  # GEXF's own edge type
    for element in [*edges, *graph_xml.findall("g:nodes/g:node", GEXF_NS)]:
        for bound in ("start", "end"):
            value = element.get(bound)
            assert value is None or ISO_DAY.match(value), (element.attrib, bound)
    graph = nx.read_gexf(path)
    assert graph.graph["mode"] == "dynamic"
    k2 = graph.edges["USA", "UZB", "rel_usa_uzb_k2_basing"]
    assert (k2["type"], k2["start"], k2["end"]) == ("basing", "2001-10-07", "2005-11-20")
    csto = graph.edges["UZB", "CSTO", "mem_uzb_csto_1"]
    assert csto["type"] == "membership" and csto["end"] == "1999-03-31"
    open_ended = [d for *_, d in graph.edges(data=True) if "start" in d and "end" not in d]
    assert open_ended  # still in force: no end at all, which GEXF reads as unbounded
    assert all(d.get("type") for *_, d in graph.edges(data=True))
    assert "UZB" in graph and "start" not in graph.nodes["UZB"]


def test_graphml_without_a_date_keeps_the_intervals(atlas, tmp_path) -> None:
    graph = written(atlas, tmp_path, ".graphml", None)
    k2 = graph.edges["USA", "UZB", "rel_usa_uzb_k2_basing"]
    assert (k2["start"], k2["end"]) == ("2001-10-07", "2005-11-21")
    assert graph.graph["date"] == ""
    # every membership and every tie between the actors drawn by default (people only when
    # asked for: their `leads` ties stay out)
    people = {a for a, actor in atlas.actors.items() if actor.kind in ASKED_FOR_KINDS}
    ties = [r for r in atlas.relations.values() if not {r.source, r.target} & people]
    assert len(ties) < len(atlas.relations)
    assert graph.number_of_edges() == len(ties) + len(atlas.memberships)
    assert not people & set(graph)


def test_graphml_through_time_with_every_actor_kind_has_every_record(atlas, tmp_path) -> None:
    path = tmp_path / "everyone.graphml"
    kinds = {actor.kind for actor in atlas.actors.values()}
    write_graph(build_network(atlas, actor_kinds=kinds), path, None)
    graph = nx.read_graphml(path)
    assert graph.number_of_edges() == len(atlas.relations) + len(atlas.memberships)
    leads = graph.edges["KARIMOV", "UZB", "rel_karimov_uzb_leads"]
    assert leads["type"] == "leads" and leads["end"] == "2016-09-02"


def test_unknown_format(atlas, tmp_path) -> None:
    with pytest.raises(ValueError, match="gexf"):
        write_graph(build_network(atlas), tmp_path / "net.csv", None)
