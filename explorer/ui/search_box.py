"""The search box: find actors and places by name or id, select them, say where they are."""

from __future__ import annotations

from dataclasses import dataclass

import shapely
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QCompleter, QLineEdit, QToolTip, QWidget

from explorer.io.basemap import LEVELS, read_level
from explorer.model.atlas import Atlas
from explorer.model.features import FeatureRef
from explorer.model.selection import Item, Mode
from explorer.model.session import Session

PLACEHOLDER = "Find an actor or place…"
TOOLTIP = ("Find an actor (state, organization, group) or a place by name or id.\n"
           "Enter selects it, Shift+Enter adds it to the selection.")


@dataclass(frozen=True)
class SearchEntry:
    """One thing the box can find: what it shows, what it selects, and its details."""

    text: str  # shown in the list and matched against ("Uzbekistan (UZB)", "Tashkent · capital")
    item: Item  # an actor id, or FeatureRef("place", id)
    name: str
    detail: str  # the tooltip ("state", "capital in UZB")


def search_entries(atlas: Atlas) -> list[SearchEntry]:
    """Every actor (by name, id in brackets), then every place, each sorted by name."""
    actors = [SearchEntry(f"{a.name} ({a.id})", a.id, a.name, a.kind.replace("_", " "))
              for a in sorted(atlas.actors.values(), key=lambda a: a.name.casefold())]
    places = [SearchEntry(f"{p.name} · {p.kind.replace('_', ' ')}", FeatureRef("place", p.id),
                          p.name, f"{p.kind.replace('_', ' ')} in {_country(atlas, p.country)}")
              for p in sorted(atlas.places.values(), key=lambda p: p.name.casefold())]
    return actors + places


def find_entry(entries: list[SearchEntry], text: str) -> SearchEntry | None:
    """The best match for typed text: the same entry, name or id; else a name starting with
    it; else the first entry containing it (case-insensitive)."""
    t = text.strip().casefold()
    if not t:
        return None
    tests = (
        lambda e: e.text.casefold() == t,
        lambda e: e.name.casefold() == t,
        lambda e: _item_id(e.item).casefold() == t,
        lambda e: e.name.casefold().startswith(t),
        lambda e: t in e.text.casefold(),
    )
    for test in tests:
        found = next((e for e in entries if test(e)), None)
        if found is not None:
            return found
    return None


def centre_of(atlas: Atlas, item: Item) -> tuple[float, float] | None:
    """The lon/lat to centre the map on for a selected item: a place or base where it is; a
    state at its capital (places of kind capital), else inside its basemap polygon; an
    organization or group has no one place (None)."""
    if isinstance(item, FeatureRef):
        if item.kind == "place" and item.id in atlas.places:
            return atlas.places[item.id].lon, atlas.places[item.id].lat
        if item.kind == "base" and item.id in atlas.bases:
            return atlas.bases[item.id].lon, atlas.bases[item.id].lat
        if item.kind != "country":
            return None
        item = item.id
    actor = atlas.actors.get(item)
    if actor is not None and actor.kind != "state":
        return None
    capital = next((p for p in atlas.places.values()
                    if p.kind == "capital" and p.country == item), None)
    if capital is not None:
        return capital.lon, capital.lat
    frame = read_level(LEVELS[0])
    rows = frame[frame["iso_a3"] == item]
    if rows.empty:
        return None
    point = shapely.point_on_surface(rows.geometry.values[0])
    return float(point.x), float(point.y)


def _item_id(item: Item) -> str:
    return item.id if isinstance(item, FeatureRef) else item


def _country(atlas: Atlas, iso: str) -> str:
    return atlas.actors[iso].name if iso in atlas.actors else iso


class SearchBox(QLineEdit):
    """A line edit completing actor names and ids and place names from the session's atlas.

    Enter (or picking a completion) selects the match through `session.selection` (replacing;
    Shift+Enter adds) and emits `sigMatched(entry)`; `centre_of(atlas, entry.item)` says where
    to pan. `focus_search()` is what a Ctrl+F shortcut calls.
    """

    sigMatched = Signal(object)  # the SearchEntry selected
    sigNotFound = Signal(str)  # the text that matched nothing

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        model = QStandardItemModel(self)
        self.completer_model = model
        self._load_entries()
        session.atlas_changed.connect(self._load_entries)
        completer = QCompleter(model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        completer.activated[QModelIndex].connect(self._on_completion_chosen)
        self.setCompleter(completer)
        self.setPlaceholderText(PLACEHOLDER)
        self.setToolTip(TOOLTIP)
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(220)
        self._selected_text: str | None = None  # the text last selected, until the user types
        self.returnPressed.connect(self._on_return_pressed)
        self.textEdited.connect(self._on_text_edited)

    def _load_entries(self, *args) -> None:
        """The actors and places to find, again whenever the atlas gains records."""
        self.entries = search_entries(self.session.atlas)
        self._by_text = {e.text: e for e in self.entries}
        self.completer_model.clear()
        for entry in self.entries:
            row = QStandardItem(entry.text)
            row.setToolTip(f"{entry.name}: {entry.detail}")
            row.setEditable(False)
            self.completer_model.appendRow(row)

    def focus_search(self) -> None:
        """Put the cursor in the box with its text selected, ready to type over."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()

    def select_text(self, text: str, mode: Mode = "replace") -> SearchEntry | None:
        """Select the best match for `text` (see `find_entry`); None if nothing matches."""
        entry = self._by_text.get(text) or find_entry(self.entries, text)
        if entry is None:
            self.sigNotFound.emit(text)
            if self.isVisible():
                QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()),
                                  f"No actor or place matches “{text.strip()}”", self)
            return None
        self.setText(entry.text)
        self._selected_text = entry.text
        self.session.selection.select(entry.item, mode)
        self.sigMatched.emit(entry)
        return entry

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
