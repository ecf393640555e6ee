"""A session captured as a project to save, and a project made the session (in place, so that
every view follows)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from explorer.model.features import FeatureRef
from explorer.model.layer_data import VectorData
from explorer.model.map_view import MapViewState
from explorer.model.project import (
    ActorPick,
    DatabaseLayer,
    Extent,
    FeaturePick,
    FileRef,
    LayerEntry,
    NetworkSettings,
    Pick,
    Project,
    ReadOptions,
    UserFeaturePick,
)
from explorer.model.selection import Item
from explorer.model.session import AtlasExtension, Session
from explorer.model.theme_specs import feature_record
from explorer.model.themes import ThemeSettings
from explorer.model.user_layers import LayerStyle, UserLayer


@dataclass(frozen=True)
class LoadedLayer:
    """A project layer read from its file: its index in Project.layers, path and data."""

    index: int
    path: Path
    data: VectorData


def read_options_of(layer: UserLayer) -> ReadOptions:
    """The keywords that read the layer's file as it was read: those recorded when it was
    opened, else what its data tells (a layer chosen in a multi-layer file is named after it;
    an assumed CRS is the data's source CRS, which a file with its own CRS ignores)."""
    found: dict[str, str] = {}
    if layer.path is not None and layer.data.name != layer.path.stem:
        found["layer"] = layer.data.name
    if getattr(layer.data, "source_crs", None):
        found["assume_crs"] = layer.data.source_crs
    return ReadOptions(**{**found, **layer.read_options})


def capture_project(session: Session, state: MapViewState | None, folder: Path, *,
                    view: Extent | None = None, network: NetworkSettings | None = None,
                    saved_by: str | None = None) -> Project:
    """The session as a project to be saved in `folder` (file paths become relative to it).
    Layers with no file (made by code) are left out, and so is a selection of their features."""
    layers = [layer for layer in session.user_layers if layer.path is not None]
    positions = {layer.id: i for i, layer in enumerate(layers)}
    entries = tuple(
        LayerEntry.to(layer.path, folder, read_options=read_options_of(layer),
                      style=LayerStyle.model_validate(layer.style.model_dump()))
        for layer in layers)
    picks: list[Pick] = []
    for item in session.selection.items:
        if isinstance(item, str):
            picks.append(ActorPick(actor=item))
        elif item.kind == "user":
            found = item.user_row()
            if found is not None and found[0] in positions:
                picks.append(UserFeaturePick(kind="user", layer=positions[found[0]],
                                             row=found[1]))
        else:
            picks.append(FeaturePick(kind=item.kind, id=item.id))
    databases = tuple(DatabaseLayer(uri=layer.source,
                                    style=LayerStyle.model_validate(layer.style.model_dump()))
                      for layer in session.user_layers if layer.source is not None)
    return Project(
        saved_by=saved_by, date=session.date, databases=databases,
        map=MapViewState() if state is None else MapViewState(**state.model_dump()),
        view=view, themes=ThemeSettings.model_validate(session.themes.model_dump()),
        layers=entries, records=tuple(FileRef.to(p, folder) for p in session.record_files),
        selection=tuple(picks), network=network or NetworkSettings(),
        alignment=session.alignment.changes)


def apply_project(project: Project, session: Session, state: MapViewState | None = None, *,
                  layers: Sequence[LoadedLayer] = (), records: AtlasExtension | None = None,
                  record_files: Sequence[Path] = (),
                  databases: Callable[[str, LayerStyle], object] | None = None) -> None:
    """Make the session (and the map's state) what the project describes, in place so that
    every view follows. `layers` are the project's layers that could be read (the others are
    left out), `records` the user's actors and relations read from `record_files`;
    `databases` adds a database layer (none are added without it). Selected items that no
    longer exist are dropped."""
    session.replace_custom_records(records, record_files)
    for layer in session.user_layers:
        session.user_layers.remove(layer.id)
    ids: dict[int, str] = {}
    for loaded in sorted(layers, key=lambda loaded: loaded.index):
        entry = project.layers[loaded.index]
        layer = session.user_layers.add(
            loaded.data, loaded.path, LayerStyle.model_validate(entry.style.model_dump()),
            entry.read_options.keywords())
        ids[loaded.index] = layer.id
    for entry in project.databases if databases is not None else ():
        databases(entry.uri, LayerStyle.model_validate(entry.style.model_dump()))
    assign_themes(session.themes, project.themes)
    session.alignment.replace(project.alignment)
    if state is not None:
        for name in MapViewState.model_fields:
            setattr(state, name, getattr(project.map, name))
    session.time.date = project.date
    items = [item for item in (_item(pick, session, ids) for pick in project.selection)
             if item is not None]
    if items:
        session.selection.select(items)
    else:
        session.selection.clear()


def assign_themes(themes: ThemeSettings, source: ThemeSettings) -> None:
    """Give `themes` the options of `source` in place: the same objects stay bound to views."""
    for layer in source.layers:
        own = themes.layer(layer.key)
        own.visible, own.opacity = layer.visible, layer.opacity
    order = tuple(themes.layer(layer.key) for layer in source.layers)
    if order != themes.layers:
        themes.layers = order
    themes.alliances.organizations = source.alliances.organizations
    themes.alliances.mode = source.alliances.mode
    themes.show_history = source.show_history
    themes.event_window_days = source.event_window_days




def _item(pick: Pick, session: Session, layer_ids: dict[int, str]) -> Item | None:
    """The selection item a pick stands for, or None when its actor, record or layer is gone."""
    if isinstance(pick, ActorPick):
        return pick.actor if pick.actor in session.atlas.actors else None
    if isinstance(pick, UserFeaturePick):
        layer = session.user_layers.get(layer_ids.get(pick.layer, ""))
        if layer is None or pick.row >= len(layer.data):
            return None
        return FeatureRef.user(layer.id, pick.row)
    ref = FeatureRef(pick.kind, pick.id)
    if ref.kind != "country" and feature_record(session.atlas, ref) is None:
        return None
    return ref
