"""A database's counts per lon/lat cell are shown in the view's cells: every view cell over a
uniformly counted box shows that count (no stripes where two grids cross), the legend says
the counts are the server's estimate while they are."""

from __future__ import annotations

import numpy as np
import pandas as pd

from explorer.geo.layer_geometry import PointCoords
from explorer.model.layer_data import VectorData, ViewCounts
from explorer.model.legend import legend_entries
from explorer.render.extent import map_extent
from explorer.render.map_scene import MapScene
from tests.render.helpers import render

BOX = (60.0, 38.0, 70.0, 44.0)  # west, south, east, north


def test_uniform_counts_show_uniform_in_every_view_cell(qapp, session) -> None:
    for theme in session.themes.layers:
        theme.visible = False
    empty = VectorData(pd.DataFrame(), PointCoords(np.empty(0), np.empty(0)), "db", "EPSG:4326")
    layer = session.user_layers.add(empty, source="postgresql://me@host/db?table=public.t")
    scene = MapScene(session=session)
    item = scene.user_layers.items[layer.id]
    cells = np.full((120, 200), 7, np.int64)  # 0.05 degree cells: about a view cell's size
    layer.show_view(counts=ViewCounts(BOX, cells, estimated=True))
    render(scene, bbox=(61.0, 39.0, 69.0, 43.0))  # the view lies inside the counted box
    rect = scene.view_rect()
    counts = item.density(rect, 800, 600)
    assert counts is not None and item.dense
    assert (counts == 7).all()  # summing one grid into the other would leave 0s and 14s
    extent = map_extent(scene, rect, 800)
    (entry,) = [e for e in legend_entries(session, extent) if e.section == "Your layers"]
    assert entry.label == "db: estimated points per cell, 1 to 7"

    layer.show_view(counts=ViewCounts(BOX, cells * 0))
    assert item.density(rect, 800, 600) is None  # nothing counted: nothing shaded
