"""A one-entry cache for what a theme works out from the session on every redraw, legend and
inspector page (the diff, the way, the bloc overlap): asked again for the same atlas (the very
object) and the same key (dates, query values), it answers with what it found last time."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class LastResult(Generic[T]):
    """The last answer with its atlas (compared with `is`, and kept alive so that its id is
    never another's) and its key (compared with ==). The answer is shared: callers must not
    change it."""

    def __init__(self) -> None:
        self._entry: tuple[object, Hashable, T] | None = None

    def get(self, atlas: object, key: Hashable, compute: Callable[[], T]) -> T:
        entry = self._entry  # read once: a redraw on another thread may replace it
        if entry is not None and entry[0] is atlas and entry[1] == key:
            return entry[2]
        found = compute()
        self._entry = (atlas, key, found)
        return found
