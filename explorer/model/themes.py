"""The atlas themes as layers: order, visibility, opacity, and each theme's options."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from psygnal import EventedModel
from pydantic import Field, field_validator

from explorer.model.theme_specs import theme, theme_keys

AllianceMode = Literal["colours", "count"]
DEFAULT_ORGANIZATIONS = ("CSTO", "SCO")


class ThemeLayer(EventedModel):
    """One theme in the layer list."""

    key: str  # a theme's key (explorer.model.theme_specs)
    visible: bool = True
    opacity: float = Field(1.0, ge=0.0, le=1.0)

    @field_validator("key")
    @classmethod
    def _known(cls, key: str) -> str:
        if key not in theme_keys():
            raise ValueError(f"unknown theme {key!r}; themes are {', '.join(theme_keys())}")
        return key

    @classmethod
    def default(cls, key: str) -> ThemeLayer:
        """The theme as a new session has it."""
        return cls(key=key, visible=theme(key).shown)

    @property
    def title(self) -> str:
        return theme(self.key).title


class AllianceOptions(EventedModel):
    """Which organizations the Alliances theme shades, and how."""

    organizations: tuple[str, ...] = DEFAULT_ORGANIZATIONS
    # colours: each organization its colour (members filled, observers/partners hatched,
    # suspended faint); count: countries shaded by how many of the chosen blocs they belong to.
    mode: AllianceMode = "colours"


class WayQuery(EventedModel):
    """The way the Way theme draws: from a place to a place (or "open sea"), on the map's
    date, around some countries or through one, over the lines in operation (or planned too)."""

    origin: str
    destination: str
    avoid: tuple[str, ...] = ()
    via: str | None = None
    planned: bool = False
    user_lines: bool = False  # over the user's line layers too (as railways)


class ThemeSettings(EventedModel):
    """All theme options; `layers` is the drawing order, bottom first."""

    layers: tuple[ThemeLayer, ...] = Field(
        default_factory=lambda: tuple(ThemeLayer.default(k) for k in theme_keys()))
    alliances: AllianceOptions = AllianceOptions()
    show_history: bool = False  # draw what is not active on the date faintly instead of hiding it
    event_window_days: int = Field(365, ge=1)  # events this recent are marked on the map
    changes_since: dt.date | None = None  # the diff map compares the date with this one
    way: WayQuery | None = None  # the way the Way theme draws

    @field_validator("layers")
    @classmethod
    def _each_theme_once(cls, layers: tuple[ThemeLayer, ...]) -> tuple[ThemeLayer, ...]:
        """Each theme once; one missing (a project from a build without it) gets its default
        settings, placed after the themes that come before it in the default order."""
        keys = [layer.key for layer in layers]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise ValueError(f"the layers name {', '.join(twice)} more than once")
        order, known = list(layers), theme_keys()
        for position, key in enumerate(known):
            if key not in keys:
                before = set(known[:position])
                at = max((i + 1 for i, layer in enumerate(order) if layer.key in before),
                         default=0)
                order.insert(at, ThemeLayer.default(key))
                keys.insert(at, key)
        return tuple(order)

    def layer(self, key: str) -> ThemeLayer:
        return next(layer for layer in self.layers if layer.key == key)

    def move(self, key: str, position: int) -> None:
        """Put a theme at a position in the drawing order (0 = bottom)."""
        layers = [layer for layer in self.layers if layer.key != key]
        layers.insert(max(0, min(position, len(layers))), self.layer(key))
        self.layers = tuple(layers)

    def apply_spec(self, spec: str) -> None:
        """Show only the themes named in a spec like "alliances:SCO,CSTO,bases,routes"."""
        shown, organizations = parse_theme_spec(spec)
        for layer in self.layers:
            layer.visible = layer.key in shown
        if organizations:
            self.alliances.organizations = organizations


def parse_theme_spec(spec: str) -> tuple[set[str], tuple[str, ...]]:
    """("alliances:SCO,CSTO,bases") -> ({"alliances", "bases"}, ("SCO", "CSTO")); ValueError
    naming the unknown theme."""
    shown: set[str] = set()
    organizations: list[str] = []
    current = None
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        key, _, first_org = item.partition(":")
        if key in theme_keys():
            shown.add(key)
            current = key
            if first_org:
                if key != "alliances":
                    raise ValueError(f"only alliances take organizations, not {key!r}")
                organizations.append(first_org.upper())
        elif current == "alliances" and key.isidentifier() and not first_org:
            organizations.append(key.upper())
        else:
            raise ValueError(f"unknown theme {item!r}; themes are {', '.join(theme_keys())}")
    if not shown:
        raise ValueError(f"no theme named in {spec!r}; themes are {', '.join(theme_keys())}")
    return shown, tuple(organizations)
