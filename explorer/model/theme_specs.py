"""The atlas themes in one registry, in drawing order: what each is called, which kind of map
feature it draws and where the atlas keeps its records. Tables keyed by theme derive from it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeSpec:
    """One theme: its key (projects, the CLI's --themes), its title (the layer list, legends,
    SVG layers), the kind of feature it draws (selection, hit-testing; None: it shades
    countries) and the atlas table of those features."""

    key: str
    title: str
    feature_kind: str | None = None
    table: str | None = None


THEMES: tuple[ThemeSpec, ...] = (  # the default drawing order, bottom to top
    ThemeSpec("alliances", "Alliances"),
    ThemeSpec("routes", "Railways and corridors", "route", "routes"),
    ThemeSpec("bases", "Military bases", "base", "bases"),
    ThemeSpec("places", "Cities, ports and crossings", "place", "places"),
    ThemeSpec("events", "Events", "event", "events"),
)
THEME_KEYS: tuple[str, ...] = tuple(spec.key for spec in THEMES)
THEME_TITLES: dict[str, str] = {spec.key: spec.title for spec in THEMES}
# a map feature's kind -> the atlas table of such features ("base" -> "bases")
FEATURE_TABLES: dict[str, str] = {spec.feature_kind: spec.table for spec in THEMES
                                  if spec.feature_kind is not None and spec.table is not None}
# a theme's key -> the kind of feature it draws ("bases" -> "base")
THEME_FEATURES: dict[str, str] = {spec.key: spec.feature_kind for spec in THEMES
                                  if spec.feature_kind is not None}


def theme(key: str) -> ThemeSpec:
    """The theme with this key (KeyError for an unknown one)."""
    for spec in THEMES:
        if spec.key == key:
            return spec
    raise KeyError(key)
