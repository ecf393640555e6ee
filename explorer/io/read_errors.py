"""Why a user's file cannot be read, the questions a reader needs answered to go on, and file
names fit for a one-line message."""

from __future__ import annotations

import os

from explorer.io.read_limits import LayerSize


def one_line(text: str) -> str:
    """Text fit for one line of a message: control characters escaped (a newline as \\n),
    undecodable bytes of a file name as U+FFFD."""
    text = os.fsencode(text).decode("utf-8", "replace") if undecodable(text) else text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def undecodable(text: str) -> bool:
    """Whether the text holds bytes of a file name that are not UTF-8 (as surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


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
