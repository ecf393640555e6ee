"""A session's state as it was, to put back when replacing it (opening a project) fails."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer.model.atlas import Atlas
from explorer.model.features import FeatureRef
from explorer.model.map_view import MapViewState
from explorer.model.network_options import NetworkOptions
from explorer.model.project_session import assign_themes
from explorer.model.selection import Item
from explorer.model.session import Session
from explorer.model.themes import ThemeSettings
from explorer.model.user_layers import UserLayer


@dataclass(frozen=True)
class _Merged:
    """Records that merge into any atlas as the atlas they once made (an AtlasExtension)."""

    atlas: Atlas

    def merge_into(self, atlas: Atlas) -> Atlas:
        return self.atlas


@dataclass(frozen=True)
class SessionSnapshot:
    """Everything apply_project and the network panel change in a session and a map state:
    the records merged (the atlas they made and their files), the user layers (their data and
    style objects), themes, map options, date, selection, network options and alignment
    weights."""

    atlas: Atlas
    record_files: tuple[Path, ...]
    layers: tuple[UserLayer, ...]
    themes: ThemeSettings
    map: dict[str, Any] | None
    date: dt.date
    selection: tuple[Item, ...]
    network: NetworkOptions
    alignment: dict[str, float]

    @classmethod
    def take(cls, session: Session, state: MapViewState | None = None) -> SessionSnapshot:
        return cls(session.atlas, session.record_files, tuple(session.user_layers),
                   ThemeSettings.model_validate(session.themes.model_dump()),
                   None if state is None else state.model_dump(), session.date,
                   tuple(session.selection.items), session.network.options,
                   session.alignment.changes)

    def restore(self, session: Session, state: MapViewState | None = None) -> None:
        """Put the session (and the map state) back as they were, in place so that every
        view follows. The user layers come back with their data and styles under new ids
        (the selection follows them)."""
        session.replace_custom_records(_Merged(self.atlas), self.record_files)
        for layer in session.user_layers:
            session.user_layers.remove(layer.id)
        ids = {old.id: session.user_layers.add(old.data, old.path, old.style,
                                               old.read_options).id for old in self.layers}
        assign_themes(session.themes, self.themes)
        if state is not None and self.map is not None:
            for name, value in self.map.items():
                setattr(state, name, value)
        session.time.date = self.date
        session.network.update(**dataclasses.asdict(self.network))
        session.alignment.replace(self.alignment)
        items = [_renamed(item, ids) for item in self.selection]
        if items:
            session.selection.select(items)
        else:
            session.selection.clear()


def _renamed(item: Item, layer_ids: dict[str, str]) -> Item:
    """A selected user feature under its layer's new id; other items as they are."""
    found = item.user_row() if isinstance(item, FeatureRef) else None
    if found is not None:
        return FeatureRef.user(layer_ids.get(found[0], found[0]), found[1])
    return item
