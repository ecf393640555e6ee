"""What the map shows, independent of any widget: projection and basemap toggles."""

from __future__ import annotations

from psygnal import EventedModel
from pydantic import field_validator

from explorer.geo.projection import DEFAULT_PROJECTION, PROJECTIONS


class MapViewState(EventedModel):
    """Views write here and redraw when it emits (state.events.<field>)."""

    projection: str = DEFAULT_PROJECTION
    graticule: bool = True
    country_labels: bool = True

    @field_validator("projection")
    @classmethod
    def _known_projection(cls, value: str) -> str:
        if value not in PROJECTIONS:
            known = ", ".join(PROJECTIONS)
            raise ValueError(f"unknown projection {value!r}; choose one of {known}")
        return value
