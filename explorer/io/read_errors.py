"""Why a user's file cannot be read, and the questions a reader needs answered to go on."""

from __future__ import annotations

from explorer.io.read_limits import LayerSize


class VectorReadError(ValueError):
    """A user's file cannot be read; the message names the file and the reason."""


class LayerChoiceNeeded(VectorReadError):
    """The source holds several layers: the user must pick one of `layers`."""

    def __init__(self, message: str, layers: list[str]) -> None:
        super().__init__(message)
        self.layers = layers


class ColumnChoiceNeeded(VectorReadError):
    """A table's coordinate columns are missing or ambiguous: the user must pick them."""

    def __init__(self, message: str, candidates: list[str], columns: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates
        self.columns = columns


class CrsNeeded(VectorReadError):
    """The coordinates are not lon/lat in the CRS the file has (or lacks): the user must name
    their CRS (`assume_crs`)."""


class TooLarge(VectorReadError):
    """The layer is over the read limits: reading it takes the user's consent (`max_features`
    of at least `size.features`)."""

    def __init__(self, message: str, size: LayerSize) -> None:
        super().__init__(message)
        self.size = size
