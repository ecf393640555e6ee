"""The alignment lines under the history chart: each charted state's yearly score toward the
blocs led by Russia, China and the West (explorer.analysis.blocs), one colour a bloc, one dash
a state."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from explorer.analysis.blocs import BLOC_NAMES, BLOCS

BLOC_COLOURS = {"russia": "#b03a2e", "china": "#c9a227", "west": "#1f4e9c"}
DASHES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine,
          Qt.PenStyle.DashDotLine)


def show_alignment(plot: pg.PlotItem, series: dict[str, list[tuple[int, dict[str, float]]]],
                   names: dict[str, str]) -> list[pg.PlotDataItem]:
    """Draw the series (state -> [(year, scores)]) as step lines, mid-year to mid-year."""
    plot.clear()
    if plot.legend is None:
        plot.addLegend(offset=(8, 4), labelTextSize="8pt", colCount=3)
    plot.legend.clear()
    curves = []
    for k, (state, rows) in enumerate(series.items()):
        years = np.array([year + 0.5 for year, _ in rows], float)
        for bloc in BLOCS:
            values = np.array([scores[bloc] for _, scores in rows], float)
            pen = pg.mkPen(BLOC_COLOURS[bloc], width=2, style=DASHES[k % len(DASHES)])
            curve = plot.plot(years, values, pen=pen, stepMode=None,
                              name=f"{names.get(state, state)}: {BLOC_NAMES[bloc]} bloc")
            curves.append(curve)
    return curves
