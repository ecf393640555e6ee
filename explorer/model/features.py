"""A reference to one thing on the map (a country, a theme's feature, a user layer's), Qt-free."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeatureRef:
    """What the user pointed at: a country by ISO3 code, an atlas record by its id (the kind
    is its theme's `feature_kind`: "base", "route"…), or a feature of a user layer ("user",
    "<layer id>:<row position>")."""

    kind: str
    id: str

    @classmethod
    def user(cls, layer_id: str, row: int) -> FeatureRef:
        """Row `row` (its position in the layer's data) of the user layer `layer_id`."""
        return cls("user", f"{layer_id}:{int(row)}")

    def user_row(self) -> tuple[str, int] | None:
        """(layer id, row) of a user layer's feature; None for anything else."""
        if self.kind != "user" or ":" not in self.id:
            return None
        layer_id, _, row = self.id.rpartition(":")
        return (layer_id, int(row)) if row.isdigit() else None
