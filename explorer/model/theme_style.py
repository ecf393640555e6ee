"""The atlas themes' colours and symbols, from resources/colours.toml (hex strings, no Qt)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from explorer.paths import RESOURCES

COLOURS_FILE = RESOURCES / "colours.toml"


@dataclass(frozen=True)
class PlaceSymbol:
    shape: str
    colour: str


@dataclass(frozen=True)
class ThemeStyle:
    """Lookups of the colour or symbol of each organization, operator, corridor and status."""

    organizations: dict[str, str]
    operators: dict[str, str]
    corridor_palette: tuple[str, ...]
    route_status: dict[str, str]
    place_kinds: dict[str, PlaceSymbol]
    event_colour: str

    def organization(self, org: str) -> str:
        return self.organizations.get(org, self.organizations["default"])

    def operator(self, actor: str) -> str:
        return self.operators.get(actor, self.operators["default"])

    @property
    def hidden_statuses(self) -> frozenset[str]:
        """The statuses in which a line or site is not drawn (closed)."""
        return frozenset(s for s, look in self.route_status.items() if look == "hidden")

    def corridor(self, index: int) -> str:
        return self.corridor_palette[index % len(self.corridor_palette)]


@cache
def theme_style(path: Path = COLOURS_FILE) -> ThemeStyle:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return ThemeStyle(
        organizations=dict(data["organizations"]),
        operators=dict(data["operators"]),
        corridor_palette=tuple(data["corridors"]["palette"]),
        route_status=dict(data["route_status"]),
        place_kinds={k: PlaceSymbol(**v) for k, v in data["place_kinds"].items()},
        event_colour=data["events"]["colour"],
    )
