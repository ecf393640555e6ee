"""The alignment weights the window uses: the documented defaults with the user's changes, one
evented value that the History panel's Weights dialog writes through."""

from __future__ import annotations

from psygnal import Signal

from explorer.analysis.blocs import AlignmentWeights


class AlignmentChoice:
    """The user's changes to the default weights; `changed()` after every real change."""

    changed = Signal()

    def __init__(self) -> None:
        self._changes: dict[str, float] = {}

    @property
    def weights(self) -> AlignmentWeights:
        return AlignmentWeights().with_changes(self._changes)

    @property
    def changes(self) -> dict[str, float]:
        """The weights that differ from the defaults, by name ("member", "alliance", "base")."""
        return dict(self._changes)

    def set(self, name: str, value: float) -> None:
        """One weight (ValueError for a name that is no weight); the default again drops it."""
        self.replace({**self._changes, name: value})

    def reset(self) -> None:
        self.replace({})

    def replace(self, changes: dict[str, float]) -> None:
        """All the user's changes at once (a project's), checked first: ValueError naming a
        weight that is not one, and nothing changed."""
        AlignmentWeights().with_changes(changes)
        default = weight_values(AlignmentWeights())
        kept = {k: float(v) for k, v in changes.items() if default[k] != v}
        if kept != self._changes:
            self._changes = kept
            self.changed.emit()


def weight_values(weights: AlignmentWeights) -> dict[str, float]:
    """Every weight by name, in the order docs/alignment.md explains them."""
    return {**weights.roles, **weights.relations, "base": weights.base}
