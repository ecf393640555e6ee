"""The main window: the map, its menus, toolbar and status bar, and remembered settings."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QProgressDialog,
)

from explorer.geo.projection import PROJECTIONS
from explorer.io.atlas_reader import AtlasError, read_atlas
from explorer.io.custom_records import read_custom_records
from explorer.io.postgis import PostgisError, is_postgis_uri
from explorer.io.read_errors import VectorReadError
from explorer.model.details import tooltip, user_feature_tooltip
from explorer.model.drawn import MapExtent
from explorer.model.features import FeatureRef
from explorer.model.map_view import MapViewState
from explorer.model.session import Session
from explorer.render.extent import map_extent, view_inside
from explorer.render.map_scene import MapScene
from explorer.ui.app_settings import app_settings
from explorer.ui.attribute_table import AttributeTableDock
from explorer.ui.history_dock import HistoryDock
from explorer.ui.inspector_dock import InspectorDock
from explorer.ui.layers_dock import LayersDock
from explorer.ui.legend_dock import LegendDock
from explorer.ui.map_canvas import MapCanvas
from explorer.ui.messages import warn
from explorer.ui.network_dock import NetworkDock
from explorer.ui.open_layers import DropFilter, LayerOpener, open_file_dialog
from explorer.ui.parquet_views import ParquetViews
from explorer.ui.postgis_dialog import add_postgis_layer
from explorer.ui.postgis_layers import PostgisLayers
from explorer.ui.project_actions import ProjectActions
from explorer.ui.search_box import extent_of, reveal
from explorer.ui.timeline_dock import TimelineDock
from explorer.ui.window_layout import first_geometry, fit_timeline, place_docks, size_docks
from explorer.ui.window_menus import build_menus

if TYPE_CHECKING:
    from explorer.render.export import ExportOptions
    from explorer.ui.export_dialog import ExportDialog

BIG_OUTPUT = 8_000_000  # pixels from which an export shows a busy indicator


class MainWindow(QMainWindow):
    """Central Asia Explorer's window."""

    def __init__(self, state: MapViewState | None = None, session: Session | None = None) -> None:
        super().__init__()
        # Everything imported so far (Qt, pandas, the libraries) lives as long as the app: keep
        # the cyclic collector from re-scanning it, which cost ~60 ms pauses at start-up.
        gc.freeze()
        self.setWindowTitle("Central Asia Explorer")
        self.setDockNestingEnabled(True)
        if state is None:
            state = MapViewState()
            _load_map_settings(state)
        self.state = state
        self.session = session if session is not None else self._load_session()
        self.map_scene = MapScene(self.state.projection, session=self.session)
        self.map_scene.bind(self.state)
        self.map_scene.show_central_asia()
        self.canvas = MapCanvas(self.map_scene, self, describe=self._describe,
                                selection=self.session.selection if self.session else None)
        self.setCentralWidget(self.canvas)
        self.docks = self._build_docks()
        self.layer_opener = self._build_opener()
        self.postgis = self._view_layers(PostgisLayers)  # File → Add PostGIS Layer…
        self.parquet_views = self._view_layers(ParquetViews)  # the opener offers them
        if self.layer_opener is not None:
            self.layer_opener.sigViewLayer.connect(self._open_view_layer)
        self._docks_sized = False
        self.projects = (None if self.session is None  # File → New/Open/Save Project, autosave
                         else ProjectActions(self, app_settings()))
        build_menus(self)
        self._build_status_bar()
        self._restore_geometry()

    def _load_session(self) -> Session | None:
        """The atlas on today's date; without it the map still works, with a warning."""
        try:
            return Session(read_atlas())
        except AtlasError as exc:
            message = f"The atlas could not be loaded, so no themes are shown: {exc}"
            QTimer.singleShot(0, lambda: warn(self, "Atlas not loaded", message))
            return None

    def _describe(self, ref: FeatureRef, name: str | None) -> str:
        if self.session is None:
            return name or ref.id
        if ref.kind == "user":
            row = ref.user_row()
            found = None if row is None else self.session.user_layers.attributes(*row)
            return ref.id if found is None else user_feature_tooltip(*found)
        return tooltip(self.session.atlas, self.session.date, ref, name)

    def _build_opener(self) -> LayerOpener | None:
        """Opening the user's files: File → Open, drag and drop, `explorer PATH`."""
        if self.session is None:
            return None
        opener = LayerOpener(self.session, self)
        opener.sigMessage.connect(lambda message: self.statusBar().showMessage(message, 8000))
        opener.view_inside = lambda lon, lat: view_inside(
            self.map_scene.projection, self.map_scene.view_rect())(lon, lat)
        opener.sigZoomTo.connect(self.zoom_to_layer)  # only a layer not already in view
        opener.sigLoaded.connect(lambda layer: self.docks["table"].show_layer(layer.id))
        DropFilter(opener).install(self)
        self.docks["layers"].user_layers.sigZoomTo.connect(self.zoom_to_layer)
        return opener

    def _view_layers(self, kind: type[PostgisLayers] | type[ParquetViews]):
        """Layers read a view at a time (PostGIS tables, big GeoParquet files of points)."""
        if self.session is None:
            return None
        made = kind(self.session, self.map_scene,
                    lambda: (self.canvas.width(), self.canvas.height()), self)
        made.sigMessage.connect(lambda message: self.statusBar().showMessage(message, 8000))
        return made

    def _open_view_layer(self, path: Path) -> None:
        try:
            self.parquet_views.add(path)
        except VectorReadError as exc:
            warn(self, "Cannot Open File", str(exc))

    def open_paths(self, paths) -> None:
        """Layer files, read off the GUI thread, and PostGIS tables (postgresql:// URIs)."""
        uris = [str(p) for p in paths if is_postgis_uri(str(p))]
        files = [p for p in paths if not is_postgis_uri(str(p))]
        if self.layer_opener is not None and files:
            self.layer_opener.open_paths(files)
        for uri in uris if self.postgis is not None else ():
            try:
                self.postgis.add(uri)
            except PostgisError as exc:
                warn(self, "Cannot Add PostGIS Layer", str(exc))

    def open_dialog(self) -> None:
        self.open_paths(open_file_dialog(self))

    def postgis_dialog(self) -> None:
        """File → Add PostGIS Layer…: a table chosen on a server, added as a layer."""
        choice = add_postgis_layer(self)
        if choice is not None and self.postgis is not None:
            self.postgis.add(choice.uri, choice.password)

    def import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import Actors and Relations", "",
                                                "CSV files (*.csv);;All files (*)")
        if paths:
            self.import_records(paths)

    def import_records(self, paths) -> bool:
        """Merge the user's actors and relations; every bad row is listed, nothing changes."""
        try:
            records = read_custom_records(paths, self.session.atlas)
            self.session.add_custom_records(records, paths)
        except AtlasError as exc:
            lines = exc.report().splitlines()
            more = f"\n… and {len(lines) - 15} more" if len(lines) > 15 else ""
            warn(self, "Import failed", "Nothing was imported:\n"
                 + "\n".join(lines[:15]) + more)
            return False
        self.statusBar().showMessage(f"Imported {len(records.actors)} actors and "
                                     f"{len(records.relations)} relations", 8000)
        return True

    def zoom_to_layer(self, layer) -> None:
        """Fit a user layer in the view, with a margin (points: at least a region around)."""
        if not len(layer.data):
            return
        west, south, east, north = layer.data.geometry.total_bounds()
        pad_x, pad_y = max((east - west) * 0.1, 0.5), max((north - south) * 0.1, 0.5)
        try:
            self.map_scene.show_bbox((max(west - pad_x, -180), max(south - pad_y, -90),
                                      min(east + pad_x, 180), min(north + pad_y, 90)))
        except ValueError:  # outside this projection's map: leave the view alone
            self.statusBar().showMessage(f"{layer.style.name} lies outside this map's extent;"
                                         " try another projection", 8000)

    def _build_docks(self) -> dict[str, QDockWidget]:
        if self.session is None:
            return {}
        docks = {
            "timeline": TimelineDock(self.session, self),
            "layers": LayersDock(self.session, self),
            "legend": LegendDock(self.session, self),
            "inspector": InspectorDock(self.session, self),
            "network": NetworkDock(self.session, self, app_settings()),
            "table": AttributeTableDock(self.session, self),
            "history": HistoryDock(self.session, self),
        }
        place_docks(self, docks)
        self.session.selection.changed.connect(self._on_selection_changed)
        self.session.atlas_changed.connect(lambda atlas: docks["network"].view.refresh())
        docks["legend"].follow_view(self._view_extent, self.map_scene.viewbox.sigRangeChanged)
        return docks

    def _view_extent(self) -> MapExtent:
        """What the map shows now: the legend lists what is drawn there."""
        return map_extent(self.map_scene, self.map_scene.view_rect(),
                          max(self.canvas.width(), 1))

    def _on_selection_changed(self) -> None:
        """The inspector shows the latest selected item (views never call each other)."""
        inspector = self.docks.get("inspector")
        current = self.session.selection.current if self.session else None
        if inspector is None:
            return
        if current is None:  # Esc, a click on the sea: the inspector empties too
            inspector.clear()
            return
        ref = FeatureRef("country", current) if isinstance(current, str) else current
        name = self.map_scene.countries.country_name(ref.id) if ref.kind == "country" else None
        inspector.show_feature(ref, name)
        if inspector.isHidden():
            inspector.show()

    def show_search_match(self, entry) -> None:
        """Show what the search chose on the map, if it has a place there."""
        extent = extent_of(self.session.atlas, entry.items)
        if extent is not None:
            reveal(self.map_scene, extent)

    # --- construction ------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        self.cursor_label = QLabel("")
        self.cursor_label.setMinimumWidth(190)
        self.scale_label = QLabel("")
        self.scale_label.setMinimumWidth(140)
        self.projection_label = QLabel("")
        bar = self.statusBar()
        for label in (self.projection_label, self.scale_label, self.cursor_label):
            bar.addPermanentWidget(label)
        self.canvas.sigCursorMoved.connect(self._on_cursor_moved)
        self.canvas.sigScaleChanged.connect(self._on_scale_changed)
        self.state.events.projection.connect(self._on_projection_changed)
        self._on_projection_changed(self.state.projection)

    # --- handlers ----------------------------------------------------------------------------
    def set_graticule(self, on: bool) -> None:
        self.state.graticule = on

    def set_country_labels(self, on: bool) -> None:
        self.state.country_labels = on

    def choose_projection(self, action: QAction) -> None:
        self.state.projection = action.data()

    def _on_projection_changed(self, key: str) -> None:
        self.projection_label.setText(PROJECTIONS[key].label)
        for action in self.projection_actions.actions():
            action.setChecked(action.data() == key)

    def _on_cursor_moved(self, lonlat) -> None:
        if lonlat is None:
            self.cursor_label.setText("")
            return
        lon, lat = lonlat
        self.cursor_label.setText(f"{abs(lat):.3f}°{'N' if lat >= 0 else 'S'}  "
                                  f"{abs(lon):.3f}°{'E' if lon >= 0 else 'W'}")

    def _on_scale_changed(self, metres_per_pixel: float) -> None:
        if metres_per_pixel != metres_per_pixel:  # NaN: centre off the globe
            self.scale_label.setText("")
            return
        km = metres_per_pixel / 1000
        self.scale_label.setText(f"1 px ≈ {km:.3g} km" if km >= 1 else
                                 f"1 px ≈ {metres_per_pixel:.3g} m")

    def export_dialog(self) -> ExportDialog:
        """Open the export dialog (window-modal, not blocking) on the current view."""
        from explorer.ui.export_dialog import ExportDialog

        dialog = ExportDialog(self.export_options(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sigExport.connect(self.export_to)
        dialog.open()
        return dialog

    def export_options(self) -> ExportOptions:
        """The current view at the window's size, on the session, with the network panel's
        options and layouts (so that a briefing page shows the panel's picture)."""
        from explorer.render.export import ExportOptions

        options = ExportOptions(size=(self.canvas.width(), self.canvas.height()),
                                view_rect=self.map_scene.view_rect(),
                                projection=self.state.projection, session=self.session,
                                themes=None if self.session else "none",
                                graticule=self.state.graticule,
                                country_labels=self.state.country_labels)
        network = self.docks.get("network")
        if network is not None:
            options.network, options.network_layouts = network.view.options, network.view.layouts
        return options

    def export_to(self, path: Path, options: ExportOptions | None = None) -> bool:
        """Export `options` (by default the current view at the window's size) to `path`;
        errors are shown, never raised, and leave no file behind."""
        # Imported here: the exporters (SVG, PDF, PNG writer) cost start-up time nobody needs.
        from explorer.render.export import ExportError, export_map

        options = options or self.export_options()
        busy = None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        width, height = options.size
        if width * height >= BIG_OUTPUT or Path(path).suffix.lower() in (".svg", ".pdf"):
            busy = QProgressDialog(f"Exporting {Path(path).name}…", "", 0, 0, self)
            busy.setCancelButton(None)
            busy.setWindowModality(Qt.WindowModality.WindowModal)
            busy.setMinimumDuration(0)
            busy.show()
            QApplication.processEvents()  # paint the indicator before the GUI thread is busy
        error = None
        try:
            export_map(path, options)
        except (ExportError, OSError, ValueError) as exc:
            error = exc
        finally:
            if busy is not None:
                busy.close()
            QApplication.restoreOverrideCursor()
        if error is not None:
            warn(self, "Export failed", f"The map was not exported: {error}.")
            return False
        app_settings().setValue("export/last_path", str(path))
        self.statusBar().showMessage(f"Exported {path}", 5000)
        return True

    # --- settings ----------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            self._docks_sized = self.restoreState(settings.value("window/state", QByteArray()))
        else:  # the first run: a share of the screen, centred
            self.setGeometry(first_geometry(self.screen().availableGeometry()))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._docks_sized:  # the first time, unless the last run's layout came back
            self._docks_sized = True
            self.layout().activate()  # laid out at the window's size first
            size_docks(self, self.docks)
            self.layout().activate()  # and at once, so the map's first view is its own
            self.canvas.setFocus()  # the map's keys (Home, +, -, arrows) work at once

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._docks_sized:
            fit_timeline(self, self.docks)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("map/projection", self.state.projection)
        settings.setValue("map/graticule", self.state.graticule)
        settings.setValue("map/labels", self.state.country_labels)
        if self.projects is not None and not self.projects.close_requested(event.spontaneous()):
            event.ignore()  # unsaved changes, and the user chose Cancel
            return
        if self.postgis is not None:
            self.postgis.close()
        if self.parquet_views is not None:
            self.parquet_views.close()
        super().closeEvent(event)


def _load_map_settings(state: MapViewState) -> None:
    settings = app_settings()
    projection = settings.value("map/projection", state.projection)
    if projection in PROJECTIONS:
        state.projection = projection
    state.graticule = settings.value("map/graticule", True, type=bool)
    state.country_labels = settings.value("map/labels", True, type=bool)
