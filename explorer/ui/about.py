"""The About dialog, with the data credits."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from explorer import __version__

ABOUT_HTML = f"""
<h3>Central Asia Explorer {__version__}</h3>
<p>A map-and-network explorer for the geopolitics of Central Asia: alliances, military bases,
railways and trade routes, and the actors behind them, through time.</p>
<p><b>Data credits</b><br>
Country borders: <a href="https://www.naturalearthdata.com/">Natural Earth</a> 1:10m
admin-0 countries (public domain).</p>
<p>Built with Qt (PySide6), pyqtgraph, GeoPandas, Shapely, pyogrio, pyproj and NetworkX.</p>
"""


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, "About Central Asia Explorer", ABOUT_HTML)
