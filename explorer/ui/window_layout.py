"""How the window shares out the screen: its first size, and its panels at wide and small sizes."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

FIRST_SHARE = 0.85  # of the screen's available area, for a window opened the first time
# Under this width the side panels share one column of tabs on the right, so that the map
# keeps most of the width (at 1024 px, two columns would leave it a third).
COMPACT_BELOW = 1300
# The side columns' widths: (share of the window's width, least, most px), Layers then Network.
DOCK_WIDTHS = ((0.16, 210, 280), (0.3, 400, 560))
COMPACT_WIDTH = (0.39, 400, 440)  # the one column of a small window: the network's controls fit
NETWORK_SHARE = 0.64  # of the right column's height, over the inspector
SIDE_PANELS = ("network", "inspector", "layers", "legend")  # a small window's tabs, in order
Right = Qt.DockWidgetArea.RightDockWidgetArea


def first_geometry(available: QRect, share: float = FIRST_SHARE) -> QRect:
    """A share of the screen's available area (the taskbar left out), centred in it."""
    width, height = round(available.width() * share), round(available.height() * share)
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    return rect


def place_docks(window: QMainWindow, docks: dict[str, QDockWidget]) -> None:
    """The panels around the map: Layers and Legend tabbed on the left, the network over the
    inspector on the right, the timeline (and the attribute table and the history, tabbed)
    below."""
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, docks["layers"])
    window.addDockWidget(Right, docks["network"])
    window.addDockWidget(Right, docks["inspector"])
    window.tabifyDockWidget(docks["layers"], docks["legend"])
    window.splitDockWidget(docks["network"], docks["inspector"], Qt.Orientation.Vertical)
    docks["layers"].raise_()
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, docks["timeline"])
    # Qt 6.11 leaves a stray copy of the left tab bar on screen (over the Layers panel)
    # when two tab groups are made in one layout pass: lay out the first one before.
    window.layout().activate()
    window.tabifyDockWidget(docks["timeline"], docks["table"])
    docks["timeline"].raise_()
    docks["table"].hide()  # shown when the user opens a layer or asks for it
    window.tabifyDockWidget(docks["timeline"], docks["history"])
    docks["timeline"].raise_()
    docks["history"].hide()  # View > Panels > History
    # Until size_docks, the timeline spans the whole width: the window's least width is the
    # timeline's (not the timeline's plus the right column's), so any size can be set.
    window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.BottomDockWidgetArea)


def size_docks(window: QMainWindow, docks: dict[str, QDockWidget]) -> None:
    """Share the window out: the map keeps most of the width. A wide window gives the network
    a readable column (about 30%) beside the map and most of that column's height over the
    inspector; a small one (under COMPACT_BELOW) puts the side panels in one column of tabs."""
    if not docks:
        return
    width = window.width()
    if width < COMPACT_BELOW:  # the timeline keeps the whole width
        _tabify_side_panels(window, docks)
        share, low, high = COMPACT_WIDTH
        window.resizeDocks([docks["network"]], [round(min(max(width * share, low), high))],
                           Qt.Orientation.Horizontal)
        return
    window.setCorner(Qt.Corner.BottomRightCorner, Right)  # the network's column runs the height
    window.layout().activate()
    side = [min(max(width * share, low), high) for share, low, high in DOCK_WIDTHS]
    window.resizeDocks([docks["layers"], docks["network"]], [round(w) for w in side],
                       Qt.Orientation.Horizontal)
    column = max(docks["network"].height() + docks["inspector"].height(), 1)
    window.resizeDocks([docks["network"], docks["inspector"]],
                       [round(column * NETWORK_SHARE), round(column * (1 - NETWORK_SHARE))],
                       Qt.Orientation.Vertical)


def fit_timeline(window: QMainWindow, docks: dict[str, QDockWidget]) -> None:
    """A window made narrow gives the timeline the whole width (its row of controls would
    not fit beside the right column); a wide one with the network over the inspector gives
    that column the whole height again."""
    if not docks:
        return
    split = docks["inspector"] not in window.tabifiedDockWidgets(docks["network"])
    wide = window.width() >= COMPACT_BELOW and split
    window.setCorner(Qt.Corner.BottomRightCorner,
                     Right if wide else Qt.DockWidgetArea.BottomDockWidgetArea)


def _tabify_side_panels(window: QMainWindow, docks: dict[str, QDockWidget]) -> None:
    first = docks[SIDE_PANELS[0]]
    for key in SIDE_PANELS[1:]:
        if window.dockWidgetArea(docks[key]) != Right:
            window.addDockWidget(Right, docks[key])
        window.tabifyDockWidget(first, docks[key])
        window.layout().activate()  # one tab group a layout pass (see place_docks)
    first.raise_()
