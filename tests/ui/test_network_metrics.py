"""One metric, one number: the tooltip, the inspector, node sizes and the exports agree."""

from __future__ import annotations

import datetime as dt
import math
import re

import networkx as nx
import pytest

from explorer.analysis.network import network_metrics
from explorer.model.details import metrics_lines
from explorer.model.features import FeatureRef
from explorer.model.session import Session
from explorer.render.network_export import NetworkExportOptions, export_network
from explorer.render.network_style import METRIC_SIZE
from explorer.render.network_view import NetworkView
from explorer.ui.inspector_dock import InspectorDock

ACTORS = ("UZB", "KAZ", "RUS", "USA")
DATES = (dt.date(2003, 6, 1), dt.date(2012, 1, 1), dt.date(2026, 12, 1))
FILTERS = ({}, {"memberships": False}, {"relation_types": frozenset({"alliance", "basing"})})


def inspector_numbers(dock: InspectorDock, actor: str) -> dict[str, str]:
    dock.show_feature(FeatureRef("country", actor))
    text = dock.browser.toPlainText()
    return {label: re.search(re.escape(label) + r"\s+([\d.]+)", text).group(1)
            for label, _ in metrics_lines({})}


def tooltip_numbers(view: NetworkView, actor: str) -> dict[str, str]:
    lines = view._tip(0, 0, actor).splitlines()
    return dict(line.split(": ") for line in lines if ": " in line)


@pytest.mark.parametrize("day", DATES)
@pytest.mark.parametrize("filters", FILTERS)
def test_tooltip_inspector_and_sizes_give_the_same_numbers(qtbot, atlas, day, filters) -> None:
    session = Session(atlas, day)
    session.network.update(**filters)
    view = NetworkView(session, session.network.options)
    inspector = InspectorDock(session)
    qtbot.addWidget(inspector)
    expected = network_metrics(atlas, day, session.network.options)
    assert view.metrics.keys() == expected.keys()
    for actor, values in expected.items():  # eigenvector: to ARPACK's rounding
        assert view.metrics[actor] == pytest.approx(values, abs=1e-12)
    for actor in ACTORS:
        if actor not in view.network:
            continue
        words = dict(metrics_lines(expected[actor]))
        assert tooltip_numbers(view, actor) == words
        assert inspector_numbers(inspector, actor) == words
    view.set_options(size_by="betweenness")
    size = dict(zip(view.order, view.nodes.data["size"], strict=True))
    top = max(m["betweenness"] for m in expected.values())
    for actor in ACTORS:
        if actor in size:
            share = math.sqrt(expected[actor]["betweenness"] / top)
            assert size[actor] == pytest.approx(METRIC_SIZE[0]
                                                + share * (METRIC_SIZE[1] - METRIC_SIZE[0]))


def test_the_numbers_of_1_december_2026_agree(qtbot, atlas) -> None:
    """The case of the report: Uzbekistan's betweenness was 0.305 in the tooltip, 0.228 in
    the inspector (which counted the actors without ties)."""
    session = Session(atlas, dt.date(2026, 12, 1))
    view = NetworkView(session, session.network.options)
    inspector = InspectorDock(session)
    qtbot.addWidget(inspector)
    assert (tooltip_numbers(view, "UZB")["Betweenness"]
            == inspector_numbers(inspector, "UZB")["Betweenness"])


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_graph_exports_carry_the_same_numbers(atlas, tmp_path, suffix) -> None:
    day = dt.date(2026, 12, 1)
    session = Session(atlas, day)
    session.network.update(memberships=False)
    out = export_network(tmp_path / f"net{suffix}", NetworkExportOptions(
        session=session, view=session.network.options))
    graph = nx.read_graphml(out) if suffix == ".graphml" else nx.read_gexf(out)
    expected = network_metrics(atlas, day, session.network.options)
    assert set(graph) == set(expected)
    for actor in ACTORS:
        for name in ("degree", "betweenness", "eigenvector"):
            assert float(graph.nodes[actor][name]) == pytest.approx(expected[actor][name])


def test_the_inspector_follows_the_panels_filters(qtbot, atlas) -> None:
    session = Session(atlas, dt.date(2003, 6, 1))
    inspector = InspectorDock(session)
    qtbot.addWidget(inspector)
    before = inspector_numbers(inspector, "UZB")
    session.network.update(memberships=False)
    text = inspector.browser.toPlainText()
    assert "with the network panel's filters" in text
    assert inspector_numbers(inspector, "UZB") != before
    session.network.update(size_by="degree", central_asia=True)  # no filter: same numbers
    assert inspector_numbers(inspector, "UZB") == dict(metrics_lines(network_metrics(
        atlas, session.date, session.network.options)["UZB"]))
