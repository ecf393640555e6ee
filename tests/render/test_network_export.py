"""PNG and SVG of the network are real pictures, written atomically; graph files go through."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from PySide6.QtGui import QImage

import explorer.render.network_export as network_export
from explorer.io.atlas_reader import read_atlas
from explorer.model.session import Session
from explorer.render.export import ExportError
from explorer.render.network_export import NetworkExportOptions, export_network
from explorer.render.network_style import EDGE_ALPHA
from tests.render.helpers import failing_midway_keeps_the_old_file

DAY = dt.date(2003, 6, 1)


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    raw = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(),
                                                              image.bytesPerLine())
    # a copy: the bits belong to the converted image, freed when this returns
    return raw[:, : image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def test_png_has_nodes_edges_and_legend(qapp, tmp_path: Path) -> None:
    out = export_network(tmp_path / "net.png", NetworkExportOptions(date=DAY, size=(1200, 800),
                                                                     title="June 2003"))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 800)
    rgb = pixels(image)
    colours = {tuple(c) for c in rgb[::3, ::3].reshape(-1, 3)}
    assert len(colours) > 200

    def count(hex_colour: str, alpha: float = 1.0) -> int:
        """The pixels near the colour (drawn with alpha on the background)."""
        target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
        target = alpha * target + (1 - alpha) * np.array([0xfb, 0xfb, 0xf8])
        return int((np.abs(rgb.astype(int) - target).max(axis=2) < 25).sum())

    edge_alpha = EDGE_ALPHA / 255
    assert count("#4a7fb5") > 1000  # state nodes
    assert count("#e3a33b") > 100  # organization nodes
    assert count("#e07b00", edge_alpha) > 100  # basing ties
    assert count("#d62828", edge_alpha) > 20  # hostility (dashed)
    # the legend, in a corner: its basing swatch in full colour (ties are drawn see-through)
    corners = np.hstack([rgb[:400, :300], rgb[:400, 900:], rgb[400:, :300], rgb[400:, 900:]])
    assert (np.abs(corners.astype(int) - [224, 123, 0]).max(axis=2) < 30).any()


def test_svg_is_vector(qapp, tmp_path: Path) -> None:
    out = export_network(tmp_path / "net.svg", NetworkExportOptions(date=DAY))
    text = out.read_text(encoding="utf-8")
    assert text.count("<path") > 30
    assert "<image" not in text  # nodes are paths, not pixmaps
    assert "Uzbekistan" in text and "Basing" in text


def test_the_window_session_and_its_selection(qapp, tmp_path: Path) -> None:
    session = Session(read_atlas(), DAY)
    session.selection.select("UZB")
    out = export_network(tmp_path / "net.png", NetworkExportOptions(session=session,
                                                                     size=(600, 400)))
    assert QImage(str(out)).width() == 600


def test_graph_formats_from_the_exporter(qapp, tmp_path: Path) -> None:
    out = export_network(tmp_path / "net.gexf", NetworkExportOptions(date=DAY))
    assert nx.read_gexf(out).has_edge("USA", "UZB")
    out = export_network(tmp_path / "net.graphml", NetworkExportOptions())
    assert nx.read_graphml(out).graph["date"] == ""


@pytest.mark.parametrize("name, words", [("net.jpg", "choose an output ending"),
                                         ("missing/net.png", "does not exist")])
def test_refused_outputs(qapp, tmp_path: Path, name: str, words: str) -> None:
    with pytest.raises(ExportError, match=words):
        export_network(tmp_path / name, NetworkExportOptions(date=DAY))
    assert list(tmp_path.iterdir()) == []


def test_failure_midway_leaves_the_old_file_and_no_debris(qapp, tmp_path: Path,
                                                          monkeypatch) -> None:
    out = tmp_path / "net.png"
    failing_midway_keeps_the_old_file(
        out, monkeypatch, network_export, "paint_network_page",
        lambda: export_network(out, NetworkExportOptions(date=DAY, size=(200, 100))))


@pytest.mark.parametrize("size", [(1600, 1000), (700, 450), (420, 300), (300, 900)])
def test_a_files_legend_is_whole_or_left_out_never_folded(qapp, tmp_path: Path,
                                                          size: tuple[int, int]) -> None:
    from explorer.render.network_legend import COLLAPSED_HINT

    told = []
    out = export_network(tmp_path / "net.svg", NetworkExportOptions(date=DAY, size=size),
                         lambda: told.append(True))
    text = out.read_text(encoding="utf-8")
    whole = 'inkscape:label="Legend"' in text
    assert whole != bool(told), "the legend is drawn whole, or left out and the caller told"
    assert COLLAPSED_HINT not in text
    assert whole == (size[0] >= 700)  # the small ones have no corner clear of the nodes
