"""Turn flattened coordinate arrays into one QPainterPath per feature."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QPainterPath

from explorer.geo.geometry import PathArrays


def feature_paths(arrays: PathArrays) -> list[QPainterPath]:
    """One path per feature, built from numpy buffers (pyqtgraph's arrayToQPath)."""
    paths = []
    for i in range(len(arrays.starts) - 1):
        x, y, connect = arrays.feature(i)
        if len(x) == 0:
            paths.append(QPainterPath())
            continue
        paths.append(pg.arrayToQPath(x, y, connect=connect, finiteCheck=False))
    return paths

