"""Project files' schema (format version 1), Qt-free; model/project_session.py fills it from a
session and back."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl, urlsplit

import numpy as np
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from explorer.geo.projection import get_projection
from explorer.model.layer_styling import RAMPS
from explorer.model.map_view import MapViewState
from explorer.model.network_options import SIZE_OPTIONS
from explorer.model.theme_specs import theme_keys
from explorer.model.themes import ThemeSettings
from explorer.model.user_layers import LayerStyle

FORMAT = "central-asia-explorer-project"
VERSION = 1
# The network panel's layouts (explorer.analysis.layout.LAYOUTS; a test keeps them in step).
LayoutName = Literal["force", "linlog", "geographic", "circular", "bipartite"]


def _size_option(value: str) -> str:
    if value not in SIZE_OPTIONS:
        raise ValueError(f"size_by is one of {', '.join(SIZE_OPTIONS)}")
    return value


SizeBy = Annotated[str, AfterValidator(_size_option)]  # network_options.SIZE_OPTIONS


# Bounds that keep a hostile file's numbers and paths from reaching Qt and the OS.
MAX_PATH_CHARS = 4096  # PATH_MAX on Linux; Windows and macOS allow less
MAX_NAME_BYTES = 255  # one file or folder name (NAME_MAX), in UTF-8
MAX_MAP_COORD = 1e9  # metres in any projection: the world spans about 4e7
MIN_VIEW_SPAN = 1.0  # metres: a view narrower than this is no view
MAX_NODE_COORD = 1e7  # network node places (scene units; a drawn network spans about 1e3)
MAX_EVENT_WINDOW_DAYS = 36_500  # a century: what the Layers dock's box can show


def _usable_path(path: str) -> str:
    """A path the OS can look up: no NUL, not over PATH_MAX, no name over NAME_MAX (else
    ENAMETOOLONG or ValueError later, when the file is looked for)."""
    if "\0" in path:
        raise ValueError("a path cannot contain a NUL character")
    if len(path) > MAX_PATH_CHARS:
        raise ValueError(f"the path is {len(path):,} characters long (at most "
                         f"{MAX_PATH_CHARS:,})")
    parts = re.split(r"[/\\]", path)
    longest = max(len(part.encode("utf-8", "surrogatepass")) for part in parts)
    if longest > MAX_NAME_BYTES:
        raise ValueError(f"a file or folder name in the path is {longest:,} bytes long (at "
                         f"most {MAX_NAME_BYTES})")
    return path


FilePath = Annotated[str, Field(min_length=1), AfterValidator(_usable_path)]
MapCoord = Annotated[float, Field(ge=-MAX_MAP_COORD, le=MAX_MAP_COORD, allow_inf_nan=False)]
NodeCoord = Annotated[float, Field(ge=-MAX_NODE_COORD, le=MAX_NODE_COORD, allow_inf_nan=False)]
Lon = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
Lat = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]


class _Schema(BaseModel):
    # Unknown keys are ignored (see docs/project-format.md, "Versions"); NaN and ±inf refused.
    model_config = ConfigDict(allow_inf_nan=False)


class FileRef(_Schema):
    """A file the project uses: where it is from the project's folder, and where it was."""

    path: FilePath  # relative to the project file's folder, "/"-separated
    absolute_path: FilePath  # where it was at saving: the fallback

    @classmethod
    def to(cls, file: Path, folder: Path, **fields: Any) -> FileRef:
        absolute = Path(os.path.abspath(file))
        try:
            relative = Path(os.path.relpath(absolute, os.path.abspath(folder))).as_posix()
        except ValueError:  # another drive (Windows): nothing relative to say
            relative = absolute.as_posix()
        return cls(path=relative, absolute_path=str(absolute), **fields)


class ReadOptions(_Schema):
    """What read_vector needed to know about the file: a layer, coordinate columns, a CRS."""

    layer: str | None = None
    lon_column: str | None = None
    lat_column: str | None = None
    wkt_column: str | None = None
    assume_crs: str | None = None

    def keywords(self) -> dict[str, str]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


def _known_ramp(style: LayerStyle) -> LayerStyle:
    if style.ramp not in RAMPS:
        raise ValueError(f"unknown colour ramp {style.ramp!r}; ramps are {', '.join(RAMPS)}")
    return style


KnownStyle = Annotated[LayerStyle, AfterValidator(_known_ramp)]


class LayerEntry(FileRef):
    """One user layer: its file, how to read it, and its whole style (name, visibility,
    opacity, colours by attribute, labels, symbols, time fields)."""

    read_options: ReadOptions = Field(default_factory=ReadOptions)
    style: KnownStyle

    @property
    def name(self) -> str:
        return self.style.name


class Extent(_Schema):
    """What the map shows: the view rectangle in the projection's units (metres), and the
    lon/lat box around it (for other projections, and for people reading the file)."""

    rect: tuple[MapCoord, MapCoord, MapCoord, MapCoord]
    bbox: tuple[Lon, Lat, Lon, Lat] | None = None

    @field_validator("rect", "bbox")
    @classmethod
    def _ordered(cls, box: tuple[float, float, float, float] | None):
        if box is not None and not (box[0] < box[2] and box[1] < box[3]):
            raise ValueError("a box is (xmin, ymin, xmax, ymax) with min < max")
        return box

    @field_validator("rect")
    @classmethod
    def _not_a_point(cls, box: tuple[float, float, float, float]):
        if min(box[2] - box[0], box[3] - box[1]) < MIN_VIEW_SPAN:
            raise ValueError(f"a view is at least {MIN_VIEW_SPAN:g} m wide and high")
        return box

    @classmethod
    def of(cls, rect: Sequence[float], projection: str) -> Extent:
        """The extent of a view rectangle; its lon/lat box from points along its edges."""
        x0, y0, x1, y1 = (float(v) for v in rect)
        t = np.linspace(0.0, 1.0, 21)
        xs = np.concatenate([x0 + (x1 - x0) * t, np.full(21, x1), x0 + (x1 - x0) * t,
                             np.full(21, x0)])
        ys = np.concatenate([np.full(21, y0), y0 + (y1 - y0) * t, np.full(21, y1),
                             y0 + (y1 - y0) * t])
        lon, lat = get_projection(projection).inverse(xs, ys)
        ok = np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
        bbox = None
        if ok.sum() >= 2:
            west, east = float(lon[ok].min()), float(lon[ok].max())
            south, north = float(lat[ok].min()), float(lat[ok].max())
            if west < east and south < north:
                bbox = (west, south, east, north)
        return cls(rect=(x0, y0, x1, y1), bbox=bbox)


class ActorPick(_Schema):
    """A selected actor, by its atlas id."""

    actor: str


class FeaturePick(_Schema):
    """A selected map feature of the atlas (a country by ISO3 code, a record by its id); a kind
    this build's themes do not draw is dropped when the project is opened."""

    kind: Annotated[str, Field(pattern=r"^[a-z][a-z_]*$")]
    id: str

    @field_validator("kind")
    @classmethod
    def _not_a_user_feature(cls, kind: str) -> str:
        if kind == "user":
            raise ValueError("a feature of a user layer names its layer and row")
        return kind


class UserFeaturePick(_Schema):
    """A selected feature of a user layer: the layer's position in `layers`, the row."""

    kind: Literal["user"]
    layer: int = Field(ge=0)
    row: int = Field(ge=0)


Pick = ActorPick | FeaturePick | UserFeaturePick


class NetworkSettings(_Schema):
    """The network panel: explorer.model.network_options.NetworkOptions, and where the nodes
    were (per layout: the force layouts' places, other layouts' dragged nodes)."""

    layout: LayoutName = "force"
    memberships: bool = True
    relation_types: tuple[str, ...] | None = None  # None: every relation type
    actor_kinds: tuple[str, ...] | None = None  # None: every kind
    size_by: SizeBy = "fixed"
    ego: Literal[0, 1, 2] = 1
    hide_rest: bool = False
    central_asia: bool = False
    isolated: bool = False
    periphery: bool = False
    labels: bool = True
    legend: bool = False
    positions: dict[LayoutName, dict[str, tuple[NodeCoord, NodeCoord]]] = Field(
        default_factory=dict)

    @field_validator("relation_types", "actor_kinds", mode="before")
    @classmethod
    def _sorted(cls, value: Iterable[str] | None) -> tuple[str, ...] | None:
        return None if value is None else tuple(sorted(value))

    @classmethod
    def of(cls, options: dict[str, Any], layouts: Any = None) -> NetworkSettings:
        """The settings of a network view: its options (NetworkOptions as a dict) and, with
        its LayoutKeeper, where the nodes are."""
        positions = {} if layouts is None else {
            **{kind: layout.positions for kind, layout in layouts.warm.items()},
            **layouts.dragged}
        return cls(**options, positions=positions)

    def option_values(self) -> dict[str, Any]:
        """The NetworkOptions fields (sets where the options hold sets)."""
        values = self.model_dump(exclude={"positions"})
        for name in ("relation_types", "actor_kinds"):
            if values[name] is not None:
                values[name] = frozenset(values[name])
        return values

    def restore(self, layouts: Any) -> None:
        """Put the saved node places into a fresh LayoutKeeper (the force layouts go on from
        them; other layouts keep their dragged nodes)."""
        for kind, layout in layouts.warm.items():
            layout.positions = dict(self.positions.get(kind, {}))
        layouts.dragged = {k: dict(v) for k, v in self.positions.items()
                           if k not in layouts.warm}


def _no_password(uri: str) -> str:
    """A PostgreSQL URI that holds no password (a project file is no place for one)."""
    parts = urlsplit(uri)
    if parts.scheme not in ("postgresql", "postgres"):
        raise ValueError("a database layer's URI starts with postgresql://")
    if parts.password is not None or "password" in dict(parse_qsl(parts.query)):
        raise ValueError("a database layer's URI must not hold a password")
    return uri


class DatabaseLayer(_Schema):
    """A layer read from a database a view at a time: its table's URI (never a password:
    the window asks for it, or libpq finds it in ~/.pgpass) and its whole style."""

    uri: Annotated[str, Field(min_length=1, max_length=4096), AfterValidator(_no_password)]
    style: KnownStyle


class Project(_Schema):
    """The whole session as a project file holds it (docs/project-format.md)."""

    format: Literal["central-asia-explorer-project"] = FORMAT
    version: Literal[1] = VERSION
    saved_by: str | None = None
    date: dt.date = Field(default_factory=dt.date.today)
    map: MapViewState = Field(default_factory=MapViewState)
    view: Extent | None = None
    themes: ThemeSettings = Field(default_factory=ThemeSettings)
    layers: tuple[LayerEntry, ...] = ()
    databases: tuple[DatabaseLayer, ...] = ()  # drawn above the file layers
    records: tuple[FileRef, ...] = ()
    selection: tuple[Pick, ...] = ()
    network: NetworkSettings = Field(default_factory=NetworkSettings)
    # the alignment weights changed from the method's (docs/alignment.md), by name
    alignment: dict[str, Annotated[float, Field(ge=-100, le=100, allow_inf_nan=False)]] = Field(
        default_factory=dict, max_length=64)
    autosave_of: str | None = None  # autosaves only: the project file they stand in for

    # themes this build does not know, left out when the project was read (to tell the user)
    unknown_themes: tuple[str, ...] = Field(default=(), exclude=True)

    @field_validator("alignment")
    @classmethod
    def _known_weights(cls, changes: dict[str, float]) -> dict[str, float]:
        from explorer.analysis.blocs import AlignmentWeights

        AlignmentWeights().with_changes(changes)  # ValueError naming the weights there are
        return changes

    @model_validator(mode="before")
    @classmethod
    def _unknown_themes_left_out(cls, data: Any) -> Any:
        """A project from a build with more themes opens: those this one lacks are left out
        (and named in `unknown_themes`); the others keep their settings and order."""
        themes = data.get("themes") if isinstance(data, dict) else None
        layers = themes.get("layers") if isinstance(themes, dict) else None
        if not isinstance(layers, list | tuple):
            return data
        keys = theme_keys()
        unknown = [layer.get("key") for layer in layers
                   if isinstance(layer, dict) and layer.get("key") not in keys]
        if not unknown:
            return data
        known = [layer for layer in layers
                 if not isinstance(layer, dict) or layer.get("key") in keys]
        return {**data, "themes": {**themes, "layers": known},
                "unknown_themes": tuple(str(key) for key in unknown)}

    @field_validator("themes")
    @classmethod
    def _window_in_range(cls, themes: ThemeSettings) -> ThemeSettings:
        if themes.event_window_days > MAX_EVENT_WINDOW_DAYS:
            raise ValueError(f"event_window_days is at most {MAX_EVENT_WINDOW_DAYS:,} (a "
                             "century)")
        return themes

    def content(self) -> dict[str, Any]:
        """What counts as a change to the project: all but the extent, the network's node
        places and the file bookkeeping (panning or dragging leaves nothing to save; a file
        is the same file wherever the project is saved)."""
        relative = {"__all__": {"path"}}
        return self.model_dump(exclude={"saved_by": True, "view": True, "autosave_of": True,
                                        "network": {"positions"}, "layers": relative,
                                        "records": relative})
