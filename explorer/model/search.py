"""What the search box finds: every actor and each theme's features (its `search`), ranked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from explorer.model.atlas import Atlas
from explorer.model.selection import Item
from explorer.model.theme_specs import themes

# ties among equals (kinds not named here come last)
KIND_ORDER = ("actor", "place", "base", "corridor", "route", "event")
_ALIASES = re.compile(r"\(([^()]*)\)")  # "Qarshi (Karshi)": Karshi is a name too
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SearchEntry:
    """One thing the box can find: what it shows, what choosing it selects, its details."""

    text: str  # shown in the list ("Uzbekistan (UZB)", "Tashkent · capital"): names, no ids
    items: tuple[Item, ...]  # what it selects: an actor id, a feature, or a corridor's legs
    name: str
    detail: str  # the tooltip ("state", "capital in Uzbekistan")
    kind: str  # "actor", a theme's feature kind, "corridor"…
    aliases: tuple[str, ...] = ()  # other names and codes it answers to ("K2", "UZB")

    @property
    def item(self) -> Item:
        """The one item choosing it selects (a corridor's first leg)."""
        return self.items[0]

    def names(self) -> tuple[str, ...]:
        """Its name, its other names (in brackets, comma-separated) and its aliases."""
        inner = [part.strip() for group in _ALIASES.findall(self.name)
                 for part in group.split(",")]
        bare = _ALIASES.sub("", self.name).strip()
        return tuple(n for n in dict.fromkeys([self.name, bare, *inner, *self.aliases]) if n)


def search_entries(atlas: Atlas) -> list[SearchEntry]:
    """Every actor (its id in brackets) and what each theme finds of its own (places, bases,
    routes and corridors of several legs, events…), each kind sorted by name."""
    entries = [SearchEntry(f"{a.name} ({a.id})", (a.id,), a.name, a.kind.replace("_", " "),
                           "actor", (a.id,)) for a in atlas.actors.values()]
    for spec in themes():
        entries += spec.search(atlas)
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(entries, key=lambda e: (order.get(e.kind, len(order)), e.name.casefold()))


def match_rank(entry: SearchEntry, text: str) -> int | None:
    """How well casefolded `text` names the entry: 0 a name (or the shown text) exactly,
    1 the start of a name, 2 the start of a word in one, 3 anywhere in the text; None."""
    names = [n.casefold() for n in entry.names()]
    if text == entry.text.casefold() or text in names:
        return 0
    if any(n.startswith(text) for n in names):
        return 1
    if any(w.startswith(text) for n in names for w in _WORD.findall(n)) or any(
            f" {text}" in n for n in names):
        return 2
    return 3 if text in entry.text.casefold() else None


def ranked(entries: list[SearchEntry], text: str, limit: int | None = None) -> list[SearchEntry]:
    """The entries matching typed text, best first (see `match_rank`), else in list order."""
    t = " ".join(text.split()).casefold()
    if not t:
        return []
    scored = [(rank, i) for i, e in enumerate(entries)
              if (rank := match_rank(e, t)) is not None]
    return [entries[i] for _, i in sorted(scored)[:limit]]


def find_entry(entries: list[SearchEntry], text: str) -> SearchEntry | None:
    """The best match for typed text, or None."""
    best = ranked(entries, text, 1)
    return best[0] if best else None
