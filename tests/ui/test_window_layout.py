"""The window's layout: the map keeps most of the width, the network is shown beside it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import new_window


@pytest.mark.parametrize("size", [(1366, 768), (1600, 1000)])
def test_the_network_is_shown_beside_the_map_at_a_useful_size(qtbot, size) -> None:
    window = new_window(qtbot, size)
    network, map_canvas = window.docks["network"], window.canvas

    def laid_out() -> None:
        assert network.isVisible() and not network.isFloating()
        assert window.dockWidgetArea(network) == Qt.DockWidgetArea.RightDockWidgetArea
        assert network.geometry().left() >= map_canvas.geometry().right()  # beside the map
        # The map is the widest thing in the window; the network big enough to read.
        assert map_canvas.width() >= 0.48 * size[0]
        assert map_canvas.width() > network.width() >= 400
        assert network.canvas.width() >= 400 and network.canvas.height() >= 0.45 * size[1]
        assert network.canvas.height() > window.docks["inspector"].height()

    qtbot.waitUntil(laid_out, timeout=2000)
