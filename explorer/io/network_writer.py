"""Write the actor network as GEXF (Gephi; dynamic with time intervals) or GraphML (networkx)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx

from explorer.model.dates import PartialDate
from explorer.model.network_options import METRICS as NETWORK_METRICS

GRAPH_FORMATS = {".gexf": "GEXF", ".graphml": "GraphML"}
# networkx writes an edge's "type" as GEXF's own edge type (directed / undirected), so the
# relation type travels under this name and is renamed "type" in the attribute declarations.
_TYPE_PLACEHOLDER = "explorer_relation_type_"
TITLE = "Central Asia actor network"
METRICS = tuple(NETWORK_METRICS)  # node attributes, when written


Metrics = dict[str, dict[str, float]]


def write_graph(graph: nx.MultiDiGraph, path: Path, day: dt.date | None,
                metrics: Metrics | None = None) -> None:
    """Write `graph` (explorer.analysis.network.filtered_network's) in the format of path's
    suffix: a snapshot on `day`, or with day None every actor and tie with its interval.
    `metrics` (node_metrics of that network) become node attributes degree, betweenness and
    eigenvector."""
    suffix = Path(path).suffix.lower()
    if metrics:
        graph = graph.copy()
        for node, values in metrics.items():
            if node in graph:
                graph.nodes[node].update(values)
    if suffix == ".gexf":
        write_gexf(graph, path, day)
    elif suffix == ".graphml":
        write_graphml(graph, path, day)
    else:
        raise ValueError(f"cannot write a graph to '{suffix}': choose "
                         f"{' or '.join(GRAPH_FORMATS)}")


def write_graphml(graph: nx.MultiDiGraph, path: Path, day: dt.date | None) -> None:
    """GraphML: node ids are actor ids, edge ids record ids; node name, kind, start, end (and
    degree, betweenness, eigenvector when written); edge
    type, directed, sign, weight, label, role (memberships), start, end ('' when open-ended;
    dates as the atlas gives them: YYYY, YYYY-MM or YYYY-MM-DD)."""
    out = graph.copy()
    out.graph.update(name=TITLE, date="" if day is None else day.isoformat())
    nx.write_graphml(out, path, encoding="utf-8")


def write_gexf(graph: nx.MultiDiGraph, path: Path, day: dt.date | None) -> None:
    """GEXF 1.2 for Gephi. With a day: a static snapshot. Without: a dynamic graph (mode
    "dynamic", timeformat "date") whose nodes and edges carry start and end as full ISO dates;
    an open end is left out (GEXF reads it as unbounded) and, since GEXF's end is inclusive
    while the atlas's is exclusive, end is the last day the record is in force."""
    out = nx.MultiDiGraph(name=f"{TITLE} on {day.isoformat()}" if day else TITLE)
    if day is None:
        out.graph["mode"] = "dynamic"
    for node, data in graph.nodes(data=True):
        attrs = {"label": data.get("name", node), "name": data.get("name", node),
                 "kind": data.get("kind", ""),
                 **{k: data[k] for k in METRICS if k in data}}
        if day is None:
            attrs.update(_interval(data))
            if attrs.get("end", "9999") < attrs.get("start", ""):
                continue
        out.add_node(node, **attrs)
    for u, v, key, data in graph.edges(keys=True, data=True):
        if u not in out or v not in out:
            continue
        attrs = {k: val for k, val in data.items() if k not in ("start", "end", "type")}
        attrs.update(id=key, **{_TYPE_PLACEHOLDER: data.get("type", "")})
        if day is None:
            attrs.update(_interval(data))
            if attrs.get("end", "9999") < attrs.get("start", ""):
                continue  # in force on no day at all
        out.add_edge(u, v, key=key, **attrs)
    text = "\n".join(nx.generate_gexf(out, encoding="utf-8", prettyprint=True))
    text = text.replace(f'title="{_TYPE_PLACEHOLDER}"', 'title="type"')
    Path(path).write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n', encoding="utf-8")


def _interval(data: dict) -> dict[str, str]:
    """start (first day) and inclusive end (the day before the exclusive end), as present."""
    found = {}
    if data.get("start"):
        found["start"] = PartialDate.parse(data["start"]).first_day.isoformat()
    if data.get("end"):
        last = PartialDate.parse(data["end"]).first_day - dt.timedelta(days=1)
        found["end"] = last.isoformat()
    return found
