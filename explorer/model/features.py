"""A reference to one thing on the map (a country, base, route, place or event), Qt-free."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

FeatureKind = Literal["country", "base", "route", "place", "event", "user"]
FEATURE_KINDS: tuple[str, ...] = get_args(FeatureKind)


@dataclass(frozen=True)
class FeatureRef:
    """What the user pointed at: a country by ISO3 code, an atlas record by its id, or a
    feature of a user layer ("user", "<layer id>:<row position>")."""

    kind: FeatureKind
    id: str
