"""The network's labels: by priority (the selection, the Central Asian states, the selection's
neighbours, the great powers, the themes' organizations, then by ties), placed by the map's engine
touching their node, over no node and no other label; zooming in names more."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest
from PySide6.QtCore import QRectF

from explorer.render.labels import LEADER_BELOW
from explorer.render.network_drawing import GREAT_POWERS, ROOM, labels
from explorer.render.network_view import NetworkView
from explorer.render.style import CENTRAL_ASIA
from explorer.render.viewbox_host import hosted_viewbox


def place(view: NetworkView, size: tuple[int, int], zoom: float = 1.0):
    """The labels placed in a frame of this size, the view zoomed in by `zoom` about its
    centre; and the nodes in the frame's pixels."""
    with hosted_viewbox(QRectF(0, 0, *size), view.viewbox, view.fit):
        if zoom != 1.0:
            view.viewbox.scaleBy((1 / zoom, 1 / zoom))
            view.viewbox.updateMatrix()
        placed = view.labels.place()
        px, py = view.labels.frame_points()
    return placed, px, py


def boxes_overlap(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For each pair of (x0, y0, x1, y1) rows, whether they overlap by more than touching."""
    return ((a[:, None, 0] < b[None, :, 2] - 0.5) & (b[None, :, 0] < a[:, None, 2] - 0.5)
            & (a[:, None, 1] < b[None, :, 3] - 0.5) & (b[None, :, 1] < a[:, None, 3] - 0.5))


def test_priorities(qapp, session) -> None:
    view = NetworkView(session)
    session.selection.select("KAZ")
    rows = labels(view.graph, view.order, view.look, None, ("GUAM",))
    priority = {row.actor: row.priority for row in rows}
    assert [row.priority for row in rows] == sorted(priority.values())
    ca = (CENTRAL_ASIA & set(priority)) - {"KAZ"}
    neighbours = view.look.neighbours - CENTRAL_ASIA
    powers = (GREAT_POWERS & set(priority)) - neighbours
    assert ca and neighbours and powers
    classes = [{"KAZ"}, ca, neighbours, powers, {"GUAM"}]
    for before, after in itertools.pairwise(classes):
        assert max(priority[n] for n in before) < min(priority[n] for n in after)
    must = {"KAZ", *view.look.neighbours, *CENTRAL_ASIA, *GREAT_POWERS, "GUAM"}
    assert all((priority[n] < LEADER_BELOW) == (n in must) for n in priority)
    others = [row for row in rows if row.actor not in must]
    assert others and all(row.faded and row.priority > LEADER_BELOW + ROOM for row in others)
    bold = {row.actor for row in rows if row.bold}
    assert bold == {"KAZ"} | (CENTRAL_ASIA & set(priority))
    # with nothing selected the others go by their ties, or by the metric the nodes show
    session.selection.clear()
    degree = dict(view.graph.degree())
    metric = {n: float(k) for k, n in enumerate(view.order)}
    for weight in (None, metric):
        ranked = [r.actor for r in labels(view.graph, view.order, view.look, weight)
                  if r.priority >= LEADER_BELOW]
        assert len(ranked) > 10
        assert ranked == sorted(ranked, key=lambda n: -(weight or degree)[n])


@pytest.mark.parametrize("day, selected, size", [
    (dt.date(2003, 6, 1), "KAZ", (600, 450)), (dt.date(2012, 1, 1), "TJK", (600, 450)),
    (dt.date.today(), "KAZ", (420, 370)),  # a hub amid its ties, in a dock-sized panel
])
def test_placed_labels_name_their_nodes_and_overlap_nothing(qapp, session, day, selected,
                                                           size) -> None:
    session.time.date = day
    session.selection.select(selected)
    view = NetworkView(session)
    placed, px, py = place(view, size)
    index = {n: i for i, n in enumerate(view.order)}
    named = {candidate.feature for candidate, _ in placed}
    assert {selected, *(CENTRAL_ASIA & set(view.order))} <= named
    boxes = np.array([spot.boxes[0] for _, spot in placed])
    crossing = boxes_overlap(boxes, boxes)
    np.fill_diagonal(crossing, False)
    assert not crossing.any()
    half = view.labels.drawing.radius
    nodes = np.column_stack([px - half, py - half, px + half, py + half])
    covers = boxes_overlap(boxes, nodes)
    for k, (candidate, spot) in enumerate(placed):
        i = index[candidate.feature]
        assert not np.delete(covers[k], i).any()  # no other node under it
        if spot.leader is None:  # touching its own node: within a few px of its rim
            x0, y0, x1, y1 = spot.boxes[0]
            gap = np.hypot(max(x0 - px[i], 0, px[i] - x1), max(y0 - py[i], 0, py[i] - y1))
            assert gap <= half[i] * np.sqrt(2) + 6
        else:  # or hanging off it by a leader line that starts at its rim
            assert np.hypot(spot.leader[0] - px[i], spot.leader[1] - py[i]) < half[i] + 3


def test_zooming_in_names_more(qapp, session) -> None:
    session.time.date = dt.date(2012, 1, 1)
    view = NetworkView(session)

    def share_named(zoom: float) -> float:
        placed, px, py = place(view, (400, 300), zoom)
        inside = (px > 0) & (px < 400) & (py > 0) & (py < 300)
        named = {candidate.feature for candidate, _ in placed}
        return sum(view.order[i] in named for i in np.flatnonzero(inside)) / inside.sum()

    small = share_named(1.0)
    assert small < 0.9  # a small panel has no room for every name
    assert share_named(2.5) > small
