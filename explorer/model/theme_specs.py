"""The atlas themes in one registry, in drawing order: each theme's whole definition (what it
is called, what it draws, its legend, inspector page, search entries and the actors it links)
is one `ThemeSpec`, written in its own module of `explorer.model.atlas_themes`."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from explorer.model.atlas import Atlas
    from explorer.model.detail_page import Page
    from explorer.model.drawn import MapExtent
    from explorer.model.features import FeatureRef
    from explorer.model.legend import LegendEntry
    from explorer.model.records import Sourced
    from explorer.model.search import SearchEntry
    from explorer.model.session import Session

THEMES_PACKAGE = "explorer.model.atlas_themes"  # each module of it defines one theme's SPEC


def _nothing(*args: Any) -> list:
    return []


def _no_actors(record: Any) -> set[str]:
    return set()


def _no_light(record: Any, actors: frozenset[str]) -> bool:
    return False


def where_on_map(atlas: Atlas, record: Any) -> list[tuple[float, float]]:
    """Where a feature is (lon, lat): its point, its line's waypoints or its event's place."""
    if hasattr(record, "lon"):
        return [(record.lon, record.lat)]
    points = atlas.points
    ids = getattr(record, "waypoints", None) or [getattr(record, "place", None) or ""]
    return [(points[i].lon, points[i].lat) for i in ids if i in points]


@dataclass(frozen=True)
class ThemeSpec:
    """One theme. `key` names it in projects and the CLI's --themes, `title` in the layer list,
    legends and SVG layers; `shown` is whether a new session (or a project saved before the
    theme existed) shows it; `order` where it is drawn by default. Its features are records of
    the atlas table `table`, of kind `feature_kind` in selections and links (None for a theme
    that shades countries).

    `drawn(session, extent)`: the records it draws on the session's date in the extent (None:
    anywhere); `legend(session, section, drawn)`: its legend entries for those; `name(record)`
    and `about(atlas, record)`: what a feature is called and one line on it (tooltips, the
    inspector's heading; `tooltip` replaces the tooltip's "name — about");
    `page(page, record)`: the rest of its inspector page;
    `country(page, iso3)`: the theme's part of a country's page; `search(atlas)`: what the
    search box finds of it; `where(atlas, record)`: where on the map it is (lon, lat
    points, to zoom to it); `actors(record)`: the actors a feature stands for (selecting it
    links them); `lit(record, actors)`: whether selecting those actors lights the feature."""

    key: str
    title: str
    feature_kind: str | None = None
    table: str | None = None
    shown: bool = True  # drawn unless the user or a project hides it
    order: float = 0.0  # its place in the default drawing order (lower: further down)
    name: Callable[[Any], str] = lambda record: record.name
    drawn: Callable[[Session, MapExtent | None], list[Sourced]] = _nothing
    legend: Callable[[Session, str, list], list[LegendEntry]] = _nothing
    about: Callable[[Atlas, Any], str] = lambda atlas, record: ""
    tooltip: Callable[[Atlas, Any], str] | None = None  # None: "name — about"
    page: Callable[[Page, Any], None] = lambda page, record: None
    country: Callable[[Page, str], None] = lambda page, iso3: None
    search: Callable[[Atlas], list[SearchEntry]] = _nothing
    where: Callable[[Atlas, Any], list[tuple[float, float]]] = where_on_map
    actors: Callable[[Any], set[str]] = _no_actors
    lit: Callable[[Any, frozenset[str]], bool] = _no_light


_registry: list[ThemeSpec] = []


def themes() -> tuple[ThemeSpec, ...]:
    """Every theme, in the default drawing order (bottom first)."""
    if not _registry:
        package = importlib.import_module(THEMES_PACKAGE)
        found = [importlib.import_module(f"{THEMES_PACKAGE}.{module.name}").SPEC
                 for module in pkgutil.iter_modules(package.__path__)]
        _registry.extend(sorted(found, key=lambda spec: spec.order))
    return tuple(_registry)


def theme_keys() -> tuple[str, ...]:
    return tuple(spec.key for spec in themes())


def theme(key: str) -> ThemeSpec:
    """The theme with this key (KeyError for an unknown one)."""
    for spec in themes():
        if spec.key == key:
            return spec
    raise KeyError(key)


def feature_themes() -> Mapping[str, ThemeSpec]:
    """The themes that draw features, by their feature kind ("base" -> the bases theme)."""
    return {spec.feature_kind: spec for spec in themes() if spec.feature_kind is not None}


def feature_record(atlas: Atlas, ref: FeatureRef) -> tuple[ThemeSpec, Any] | None:
    """The theme that draws a feature and its atlas record (None if either is unknown: a
    country, a user layer's feature, a record this atlas lacks)."""
    spec = feature_themes().get(ref.kind)
    if spec is None or spec.table is None:
        return None
    record = atlas.table(spec.table).get(ref.id)
    return None if record is None else (spec, record)


def feature_kinds() -> tuple[str, ...]:
    """What a selection can point at: a country, a theme's feature, a user layer's feature."""
    return ("country", *feature_themes(), "user")


@contextmanager
def registered(spec: ThemeSpec) -> Iterator[ThemeSpec]:
    """The registry with one more theme on top while the block runs (plug-ins, tests)."""
    themes()
    _registry.append(spec)
    try:
        yield spec
    finally:
        _registry.remove(spec)
