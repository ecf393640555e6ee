"""The window's menus and map toolbar: every action once, with its keys, tip and scope."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from explorer.geo.projection import PROJECTIONS
from explorer.ui.about import show_about
from explorer.ui.animate_dialog import show_animate_dialog
from explorer.ui.blocs_dialog import BlocsDialog
from explorer.ui.compare_dialog import CompareDialog
from explorer.ui.map_canvas import ZOOM_STEP
from explorer.ui.search_box import SearchBox
from explorer.ui.way_dialog import WayDialog

if TYPE_CHECKING:
    from explorer.ui.main_window import MainWindow


def window_action(window: MainWindow, text: str, slot, shortcuts=(), tip: str = "",
                  checkable: bool = False, scope: QWidget | None = None) -> QAction:
    """A window action; with `scope`, its keys work only while focus is in that widget
    (the map's Home is not the timeline's Home, nor a list's)."""
    action = QAction(text, window)
    action.setShortcuts([QKeySequence(s) for s in shortcuts])
    if scope is not None:
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.setCheckable(checkable)
    keys = ", ".join(QKeySequence(s).toString(QKeySequence.SequenceFormat.NativeText)
                     for s in shortcuts[:1])
    action.setToolTip(f"{tip or text} ({keys})" if keys else tip or text)
    action.setStatusTip(tip or text)
    (action.toggled if checkable else action.triggered).connect(slot)
    (scope or window).addAction(action)
    return action

def show_modeless(dialog: QDialog) -> QDialog:
    """Open a dialog that leaves the window usable (the map and the network follow what it
    selects); it is deleted when closed."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def build_menus(window: MainWindow) -> None:
    """The File, Edit, View, Time and Help menus, the map toolbar and its search box."""
    make = functools.partial(window_action, window)
    scene = window.map_scene
    window.export_action = make("&Export Map Image…", window.export_dialog, ["Ctrl+E"],
                                      "Save the current view as PNG, JPEG, SVG or PDF")
    quit_action = make("&Quit", window.projects.quit if window.projects else window.close,
                               [QKeySequence.StandardKey.Quit])
    canvas = window.canvas  # the map's own keys work while it has focus
    zoom_in = make("Zoom &In", lambda: scene.zoom(ZOOM_STEP),
                           [QKeySequence.StandardKey.ZoomIn, "+", "="], "Zoom in",
                           scope=canvas)
    zoom_out = make("Zoom &Out", lambda: scene.zoom(1 / ZOOM_STEP),
                            [QKeySequence.StandardKey.ZoomOut, "-"], "Zoom out", scope=canvas)
    home = make("&Central Asia", scene.show_central_asia, ["Home"],
                        "Show Central Asia", scope=canvas)
    world = make("Whole &World", scene.show_world, ["Shift+Home"],
                         "Show the whole map", scope=canvas)
    graticule = make("&Graticule", window.set_graticule, ["Ctrl+G"],
                             "Show meridians and parallels", checkable=True)
    graticule.setChecked(window.state.graticule)
    labels = make("Country &Labels", window.set_country_labels, ["Ctrl+L"],
                          "Show country names", checkable=True)
    labels.setChecked(window.state.country_labels)
    # The state also changes under the menu (a project opened): the check marks follow it.
    window.state.events.graticule.connect(graticule.setChecked, check_nargs=False)
    window.state.events.country_labels.connect(labels.setChecked, check_nargs=False)
    about = make("&About Central Asia Explorer", lambda: show_about(window))

    menu = window.menuBar()
    file_menu = menu.addMenu("&File")
    if window.projects is not None:
        window.projects.add_to_menu(file_menu, make)
        file_menu.addSeparator()
    if window.session is not None:
        open_action = make("&Open Layers…", window.open_dialog,
                                   [QKeySequence.StandardKey.Open], "Open your own vector "
                                   "files (GeoJSON, Shapefile, GeoPackage, KML, FlatGeobuf, "
                                   "GeoParquet, CSV); you can also drop them on the window")
        file_menu.addAction(open_action)
        file_menu.addAction(make("Add &PostGIS Layer…", window.postgis_dialog, ["Ctrl+Shift+D"],
                                 "Add a table of a PostgreSQL/PostGIS database as a layer: only "
                                 "what the view shows is fetched, counted per cell by the "
                                 "server when there is too much to send"))
        import_action = make("&Import Actors and Relations…", window.import_dialog,
                                     [], "Add your own actors and relations from CSV files "
                                     "with the atlas's columns (see geodata/atlas/README.md)")
        file_menu.addAction(import_action)
    file_menu.addAction(window.export_action)
    file_menu.addAction(make(
        "Export &Animation…", lambda: show_animate_dialog(window), ["Ctrl+Shift+E"],
        "Save the map through time, a frame per date, as a GIF or MP4"))
    file_menu.addSeparator()
    file_menu.addAction(quit_action)
    view_menu = menu.addMenu("&View")
    for action in (zoom_in, zoom_out, None, home, world, None):
        view_menu.addSeparator() if action is None else view_menu.addAction(action)
    projection_menu = view_menu.addMenu("&Projection")
    window.projection_actions = QActionGroup(window)
    for key, projection in PROJECTIONS.items():
        action = QAction(projection.label, window.projection_actions, checkable=True)
        action.setData(key)
        action.setChecked(key == window.state.projection)
        projection_menu.addAction(action)
    window.projection_actions.triggered.connect(window.choose_projection)
    view_menu.addSeparator()
    view_menu.addAction(graticule)
    view_menu.addAction(labels)
    if window.docks:
        panels = view_menu.addMenu("P&anels")
        for key, shortcut in (("timeline", "Ctrl+1"), ("layers", "Ctrl+2"),
                              ("legend", "Ctrl+3"), ("inspector", "Ctrl+4"),
                              ("network", "Ctrl+5"), ("table", "Ctrl+6"),
                              ("history", "Ctrl+7")):
            toggle = window.docks[key].toggleViewAction()
            toggle.setShortcut(QKeySequence(shortcut))
            toggle.setStatusTip(f"Show or hide the {key} panel")
            panels.addAction(toggle)
        time_menu = menu.addMenu("&Time")
        timeline = window.docks["timeline"]
        for action in timeline.transport_actions():
            time_menu.addAction(action)
        analysis_menu = menu.addMenu("&Analysis")
        window.compare_action = make(
            "&Compare Two Dates…", lambda: show_modeless(CompareDialog(window.session, window)),
            ["Ctrl+Shift+C"], "What changed between two dates, by actor, with sources")
        analysis_menu.addAction(window.compare_action)
        window.blocs_action = make(
            "&Blocs on This Date…", lambda: show_modeless(BlocsDialog(window.session, window)),
            ["Ctrl+Shift+B"], "Each state's role in each organization on the date, as a "
            "heat map (save it as CSV or PNG)")
        analysis_menu.addAction(window.blocs_action)
        window.way_action = make(
            "Find a &Way…", lambda: show_modeless(WayDialog(window.session, window)),
            ["Ctrl+Shift+W"],
            "The cheapest way from a place to another or to the open sea on the date, around "
            "countries or through one, drawn on the map")
        analysis_menu.addAction(window.way_action)
    menu.addMenu("&Help").addAction(about)

    toolbar = window.addToolBar("Map")
    toolbar.setObjectName("map_toolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for action in (zoom_in, zoom_out, home, world, window.export_action):
        toolbar.addAction(action)
    if window.session is not None:
        window.search_box = SearchBox(window.session, window)
        window.search_box.setMaximumWidth(280)
        window.search_box.sigMatched.connect(window.show_search_match)
        toolbar.addSeparator()
        toolbar.addWidget(window.search_box)
        find = make("&Find…", window.search_box.focus_search,
                            [QKeySequence.StandardKey.Find], "Find an actor, place, base, "
                            "route, corridor or event by name and select it")
        clear = make("Clear &Selection", window.session.selection.clear, ["Esc"],
                             "Clear the selection on the map and in the network")
        edit_menu = QMenu("&Edit", window)
        menu.insertMenu(menu.actions()[1], edit_menu)  # after File
        edit_menu.addAction(find)
        edit_menu.addAction(clear)

