"""The one shared selection: actors and map features, with replace/add/toggle, Qt-free."""

from __future__ import annotations

from typing import Literal

from psygnal import Signal

from explorer.model.features import FeatureRef

Mode = Literal["replace", "add", "toggle"]
Item = FeatureRef | str  # a map feature, or an actor id


class Selection:
    """What the user has picked, in any view; every view restyles on `changed`.

    Holds actor ids (network nodes, states, organizations) and map features (bases, routes,
    places, events, countries). Views never call each other: they write here.
    """

    changed = Signal()

    def __init__(self) -> None:
        self._items: tuple[Item, ...] = ()

    @property
    def items(self) -> tuple[Item, ...]:
        """Everything selected, oldest first (the last is the one the inspector shows)."""
        return self._items

    @property
    def actors(self) -> frozenset[str]:
        return frozenset(i for i in self._items if isinstance(i, str))

    @property
    def features(self) -> frozenset[FeatureRef]:
        return frozenset(i for i in self._items if isinstance(i, FeatureRef))

    @property
    def current(self) -> Item | None:
        return self._items[-1] if self._items else None

    def __bool__(self) -> bool:
        return bool(self._items)

    def select(self, items: Item | list[Item] | tuple[Item, ...], mode: Mode = "replace") -> None:
        new = list(items) if isinstance(items, list | tuple) else [items]
        if mode == "replace":
            result = list(dict.fromkeys(new))
        elif mode == "add":
            result = list(dict.fromkeys([*self._items, *new]))
        else:
            result = [i for i in self._items if i not in new]
            result += [i for i in dict.fromkeys(new) if i not in self._items]
        self._set(tuple(result))

    def clear(self) -> None:
        self._set(())

    def _set(self, items: tuple[Item, ...]) -> None:
        if items != self._items:
            self._items = items
            self.changed.emit()
