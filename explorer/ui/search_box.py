"""The search box: find anything in the atlas by name, select it, show where it is."""

from __future__ import annotations

import math

import numpy as np
import shapely
from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QCompleter, QLineEdit, QToolTip, QWidget

from explorer.geo.lod import LEVELS
from explorer.io.basemap import read_level
from explorer.model.atlas import Atlas
from explorer.model.features import FeatureRef
from explorer.model.search import SearchEntry, find_entry, ranked, search_entries
from explorer.model.selection import Item, Mode
from explorer.model.session import Session
from explorer.model.theme_specs import feature_record
from explorer.render.map_scene import MapScene
from explorer.ui.plain_text import plain_tooltip

PLACEHOLDER = "Find an actor, place, base, route or event…"
TOOLTIP = ("Find an actor (state, organization, group), a place, a base, a route or corridor, "
           "or an event by name.\nEnter selects the best match, Shift+Enter adds it to the "
           "selection.")
SHOWN = 40  # matches listed under the box
Bbox = tuple[float, float, float, float]  # lon/lat: west, south, east, north


def extent_of(atlas: Atlas, items: tuple[Item, ...]) -> Bbox | None:
    """Where the map should show items (lon/lat; a point is an empty box): a theme's feature
    where its theme says (a base at its point, a route through its waypoints), a state at its
    capital (else inside its basemap polygon); organizations and groups have no place."""
    points = [p for item in items for p in _points(atlas, item)]
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def _points(atlas: Atlas, item: Item) -> list[tuple[float, float]]:
    if isinstance(item, FeatureRef):
        found = feature_record(atlas, item)
        if found is not None:
            spec, record = found
            return spec.where(atlas, record)
        if item.kind != "country":
            return []
        item = item.id
    actor = atlas.actors.get(item)
    if actor is not None and actor.kind != "state":
        return []
    capital = next((p for p in atlas.places.values()
                    if p.kind == "capital" and p.country == item), None)
    if capital is not None:
        return [(capital.lon, capital.lat)]
    countries = read_level(LEVELS[0])
    rows = np.flatnonzero(countries["iso_a3"] == item)
    if not len(rows):
        return []
    point = shapely.point_on_surface(countries.geometry[rows[0]])
    return [(float(point.x), float(point.y))]


def reveal(scene: MapScene, bbox: Bbox, margin: float = 0.1) -> None:
    """Show a lon/lat extent: nothing moves if it is in view (inside a margin), the view pans
    to it if it fits, else zooms out to fit it."""
    west, south, east, north = bbox
    if (west, south) == (east, north):
        x, y = (float(v) for v in scene.projection.forward(west, south))
        xmin, ymin, xmax, ymax = x, y, x, y
    else:
        try:
            xmin, ymin, xmax, ymax = scene.projection.bbox_to_rect(bbox)
        except ValueError:
            return
    if not all(math.isfinite(v) for v in (xmin, ymin, xmax, ymax)):  # off this projection's map
        return
    vx0, vy0, vx1, vy1 = scene.view_rect()
    mx, my = (vx1 - vx0) * margin, (vy1 - vy0) * margin
    if xmin >= vx0 + mx and xmax <= vx1 - mx and ymin >= vy0 + my and ymax <= vy1 - my:
        return
    width, height = xmax - xmin, ymax - ymin
    if width <= (vx1 - vx0) * (1 - 2 * margin) and height <= (vy1 - vy0) * (1 - 2 * margin):
        cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
        half_w, half_h = (vx1 - vx0) / 2, (vy1 - vy0) / 2
        scene.show_rect((cx - half_w, cy - half_h, cx + half_w, cy + half_h))
    else:
        pad_x, pad_y = width * margin, height * margin
        scene.show_rect((xmin - pad_x, ymin - pad_y, xmax + pad_x, ymax + pad_y))


class SearchBox(QLineEdit):
    """A line edit listing the atlas records that match what is typed, best first.

    Enter (or picking a match) selects it through `session.selection` (replacing;
    Shift+Enter adds) and emits `sigMatched(entry)`; `extent_of(atlas, entry.items)` says
    where it is. The window's shortcuts (Ctrl+E…) keep working while the box has focus.
    `focus_search()` is what a Ctrl+F shortcut calls.
    """

    sigMatched = Signal(object)  # the SearchEntry selected
    sigNotFound = Signal(str)  # the text that matched nothing

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.completer_model = QStandardItemModel(self)
        self._load_entries()
        session.atlas_changed.connect(self._load_entries)
        completer = QCompleter(self.completer_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # The list is ranked here (exact names first), not filtered by Qt.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        completer.activated[QModelIndex].connect(self._on_completion_chosen)
        self.setCompleter(completer)
        self.setPlaceholderText(PLACEHOLDER)
        self.setToolTip(TOOLTIP)
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(160)
        self._selected_text: str | None = None  # the text last selected, until the user types
        self.returnPressed.connect(self._on_return_pressed)
        self.textEdited.connect(self._on_text_edited)

    def _load_entries(self, *args) -> None:
        """The records to find, again whenever the atlas gains records."""
        self.entries = search_entries(self.session.atlas)
        self._by_text = {e.text: e for e in self.entries}
        self._list(ranked(self.entries, self.text(), SHOWN))

    def _list(self, entries: list[SearchEntry]) -> None:
        self.completer_model.clear()
        for entry in entries:
            row = QStandardItem(entry.text)
            row.setToolTip(plain_tooltip(f"{entry.name}: {entry.detail}"))
            row.setEditable(False)
            self.completer_model.appendRow(row)

    def focus_search(self) -> None:
        """Put the cursor in the box with its text selected, ready to type over."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()

    def select_text(self, text: str, mode: Mode = "replace") -> SearchEntry | None:
        """Select the best match for `text` (see `ranked`); None if nothing matches."""
        entry = self._by_text.get(text) or find_entry(self.entries, text)
        if entry is None:
            self.sigNotFound.emit(text)
            if self.isVisible():
                QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), plain_tooltip(
                    f"Nothing in the atlas matches “{text.strip()}”"), self)
            return None
        self.setText(entry.text)
        self.setCursorPosition(0)  # a long name shows its start
        self._selected_text = entry.text
        self.session.selection.select(list(entry.items), mode)
        self.sigMatched.emit(entry)
        return entry

    def event(self, event: QEvent) -> bool:
        """A window shortcut with Ctrl, Alt or Meta (Ctrl+E, Ctrl+S…) is not taken for a
        line-editing key (Ctrl+E is 'end of line' on X11): the shortcut runs."""
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and self._is_window_shortcut(event)):
            event.ignore()
            return True
        return super().event(event)

    def _is_window_shortcut(self, event: QKeyEvent) -> bool:
        modifiers = Qt.KeyboardModifier
        if not event.modifiers() & (modifiers.ControlModifier | modifiers.AltModifier
                                    | modifiers.MetaModifier):
            return False
        pressed = QKeySequence(event.keyCombination())
        window_wide = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
        return any(action.isEnabled() and action.shortcutContext() in window_wide
                   and pressed in action.shortcuts()
                   for action in self.window().findChildren(QAction))

    def _mode(self) -> Mode:
        shift = QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier
        return "add" if shift else "replace"

    def _on_completion_chosen(self, index: QModelIndex) -> None:
        text = str(index.data(Qt.ItemDataRole.DisplayRole))
        if text != self._selected_text:  # Enter on a completion already selected it
            self.select_text(text, self._mode())

    def _on_return_pressed(self) -> None:
        self.select_text(self.text(), self._mode())

    def _on_text_edited(self, text: str) -> None:
        self._selected_text = None
        self._list(ranked(self.entries, text, SHOWN))
