"""Which atlas sources stand behind what a map shows on its date, numbered for footnotes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from explorer.model.atlas import Atlas
from explorer.model.records import Place, Source, Sourced


def cited_sources(atlas: Atlas, records: Iterable[Sourced],
                  focus: frozenset[str] = frozenset()) -> list[Source]:
    """The sources the records cite, each once: those of the records that concern the focus
    (the selection and what it lights) first, then those of the map's facts (memberships,
    bases, routes, events, ties), then those only of the gazetteer (places' coordinates),
    each group the most cited by it first (what most of the map rests on), ties in order of
    first citation."""
    focused: Counter[str] = Counter()
    facts: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for record in records:
        # A record counts once per source; dict keeps the order of first citation.
        cites = dict.fromkeys(record.sources, 1)
        (places if isinstance(record, Place) else facts).update(cites)
        if focus and concerns(record, focus):
            focused.update(cites)
    cited = dict.fromkeys([*facts, *places])
    ranked = sorted(cited, key=lambda sid: (-focused[sid], -facts[sid], -places[sid]))  # stable
    return [atlas.sources[sid] for sid in ranked if sid in atlas.sources]


def concerns(record: Sourced, ids: frozenset[str]) -> bool:
    """Whether a record is one of the ids or is about an actor among them (a membership of
    one, a base it runs or hosts, a tie of one, a route through one, an event of one)."""
    about = {getattr(record, "id", None)}
    for name in ("actor", "organization", "operator", "host", "source", "target", "country"):
        about.add(getattr(record, name, None))
    for name in ("countries", "actors"):
        about.update(getattr(record, name, ()) or ())
    return not about.isdisjoint(ids)


@dataclass(frozen=True)
class Footnote:
    """A numbered source: "[3] Title. Publisher, 2003. example.org/page"."""

    number: int
    source: Source

    @property
    def text(self) -> str:
        source = self.source
        parts = [f"[{self.number}] {source.title.rstrip('.')}."]
        credit = ", ".join(p for p in (source.publisher, str(source.date or "")) if p)
        if credit:
            parts.append(f"{credit}.")
        if source.url:
            parts.append(short_url(source.url))
        return " ".join(parts)


def short_url(url: str) -> str:
    """A URL without its scheme, "www." or trailing slash (what a reader types)."""
    bare = url.split("://", 1)[-1].removeprefix("www.")
    return bare.rstrip("/")


def more_sources_text(count: int) -> str:
    """The line that counts the sources a page has no room to list, in plain words."""
    return f"and {count} more source{'s' if count != 1 else ''}"
