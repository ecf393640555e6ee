"""What the search box finds: every actor, place, base, route, corridor and event, ranked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from explorer.model.atlas import Atlas
from explorer.model.corridors import corridor_label, corridor_of
from explorer.model.details import format_partial
from explorer.model.features import FeatureRef
from explorer.model.selection import Item

KIND_ORDER = ("actor", "place", "base", "corridor", "route", "event")  # ties among equals
_ALIASES = re.compile(r"\(([^()]*)\)")  # "Qarshi (Karshi)": Karshi is a name too
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SearchEntry:
    """One thing the box can find: what it shows, what choosing it selects, its details."""

    text: str  # shown in the list ("Uzbekistan (UZB)", "Tashkent · capital"): names, no ids
    items: tuple[Item, ...]  # what it selects: an actor id, a feature, or a corridor's legs
    name: str
    detail: str  # the tooltip ("state", "capital in Uzbekistan")
    kind: str  # one of KIND_ORDER
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


def _words(value: str) -> str:
    return value.replace("_", " ")


def search_entries(atlas: Atlas) -> list[SearchEntry]:
    """Every actor (its id in brackets), place, base, route, corridor of several legs and
    event, each kind sorted by name."""
    def actor_name(actor: str) -> str:
        return atlas.actors[actor].name if actor in atlas.actors else actor

    entries = [SearchEntry(f"{a.name} ({a.id})", (a.id,), a.name, _words(a.kind), "actor",
                           (a.id,)) for a in atlas.actors.values()]
    entries += [SearchEntry(f"{p.name} · {_words(p.kind)}", (FeatureRef("place", p.id),),
                            p.name, f"{_words(p.kind)} in {actor_name(p.country)}", "place")
                for p in atlas.places.values()]
    entries += [SearchEntry(f"{b.name} · base", (FeatureRef("base", b.id),), b.name,
                            f"base of {actor_name(b.operator)} in {actor_name(b.host)}", "base",
                            tuple(n for n in (b.short_name,) if n))
                for b in atlas.bases.values()]
    entries += [SearchEntry(f"{r.name} · {_words(r.kind)}", (FeatureRef("route", r.id),),
                            r.name, f"{_words(r.kind)}, {_words(r.status)}", "route")
                for r in atlas.routes.values()]
    legs: dict[str, list[FeatureRef]] = {}
    for route in atlas.routes.values():
        legs.setdefault(corridor_of(route), []).append(FeatureRef("route", route.id))
    entries += [SearchEntry(f"{corridor_label(atlas, c)} · corridor", tuple(refs),
                            corridor_label(atlas, c), f"corridor of {len(refs)} legs",
                            "corridor") for c, refs in legs.items() if len(refs) > 1]
    entries += [SearchEntry(f"{e.title} · {format_partial(e.date)}",
                            (FeatureRef("event", e.id),), e.title,
                            f"event of {format_partial(e.date)}", "event")
                for e in atlas.events.values()]
    return sorted(entries, key=lambda e: (KIND_ORDER.index(e.kind), e.name.casefold()))


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
