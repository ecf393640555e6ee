"""An actor's life on one strip chart, as data: a lane per organization (a bar per role), the
bases it hosts and operates, its ties by type, its leaders, and its events as ticks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from explorer.model.atlas import Atlas
from explorer.model.dates import PartialDate
from explorer.model.features import FeatureRef
from explorer.model.names import short_name
from explorer.model.selection import Item

# Lane groups, top to bottom.
GROUPS = ("leaders", "memberships", "bases", "relations")
# A membership held alone and unchanged since before this day is where the state started, not a
# change: a page's strip leaves it out (the History panel keeps it).
SETTLED = dt.date(1993, 1, 1)


@dataclass(frozen=True)
class Bar:
    """One record's interval in a lane: `style` says how it is drawn (a role, a relation type,
    "hosted", "operated"), `label` what it says, `item` what clicking it selects."""

    start: dt.date | None  # None: since before the atlas begins
    end: dt.date | None  # None: still so
    label: str
    style: str
    item: Item
    record: str

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Lane:
    title: str
    group: str  # one of GROUPS
    bars: tuple[Bar, ...]

    def rows(self) -> list[list[Bar]]:
        """The bars packed into as few rows as keep them apart (in order of start; a bar goes
        to the first row free by its start), so that overlapping ties stay readable."""
        rows: list[list[Bar]] = []
        for bar in sorted(self.bars, key=lambda b: b.start or dt.date.min):
            free = next((row for row in rows if row[-1].end is not None
                         and bar.start is not None and row[-1].end <= bar.start), None)
            if free is None:
                rows.append([bar])
            else:
                free.append(bar)
        return rows


@dataclass(frozen=True)
class Tick:
    """An event of the actor's: its day, its title and the event it selects."""

    day: dt.date
    title: str
    item: FeatureRef


@dataclass(frozen=True)
class History:
    actor: str
    name: str
    lanes: tuple[Lane, ...]
    events: tuple[Tick, ...]

    def lane(self, title: str) -> Lane:
        return next(lane for lane in self.lanes if lane.title == title)

    @property
    def row_count(self) -> int:
        """The rows its chart takes: its name's, its lanes', and its events' if any."""
        return 1 + sum(len(lane.rows()) for lane in self.lanes) + (1 if self.events else 0)


def actor_history(atlas: Atlas, actor: str) -> History:
    """The actor's history: its leaders, a lane per organization it belonged to (or, for an
    organization, per member) in order of the first role, the bases it hosts and operates, a
    lane per relation type (its other party on each bar), and its events."""
    record = atlas.actors[actor]
    lanes = [*_leaders(atlas, actor), *_memberships(atlas, actor), *_bases(atlas, actor),
             *_relations(atlas, actor)]
    ticks = sorted((Tick(e.date.first_day, e.title, FeatureRef("event", e.id))
                    for e in atlas.events_of(actor)), key=lambda t: (t.day, t.title))
    return History(actor, record.name, tuple(lanes), tuple(ticks))


def charted_actors(atlas: Atlas, items: Sequence[Item]) -> list[str]:
    """The actors (and countries) among selected items, in the order they were selected."""
    chosen = [i if isinstance(i, str) else i.id for i in items
              if isinstance(i, str) or i.kind == "country"]
    return [a for a in dict.fromkeys(chosen) if a in atlas.actors]


def condensed(history: History, rows: int) -> tuple[History, int]:
    """The history in at most `rows` rows (its name's and its events' rows included), for a
    page's strip: as many lanes as fit, chosen by `_weight` (leaders and bases, then the
    memberships left or changed, those joined, the ties by type), drawn in the panel's order;
    and how many lanes it leaves out."""
    room = rows - 1 - (1 if history.events else 0)
    chosen: set[int] = set()
    for k in sorted(range(len(history.lanes)), key=lambda k: _weight(history.lanes[k])):
        need = len(history.lanes[k].rows())
        if _weight(history.lanes[k]) < len(WEIGHTS) and need <= room:
            chosen.add(k)
            room -= need
    kept = tuple(lane for k, lane in enumerate(history.lanes) if k in chosen)
    return (History(history.actor, history.name, kept, history.events),
            len(history.lanes) - len(kept))


WEIGHTS = ("leaders and bases", "left or changed", "joined", "ties")


def _weight(lane: Lane) -> int:
    """A lane's rank for a strip (an index of WEIGHTS; past them: left out, a membership held
    alone and unchanged since before SETTLED, where the state started)."""
    if lane.group in ("leaders", "bases"):
        return 0
    if lane.group == "relations":
        return 3
    if len(lane.bars) > 1 or lane.bars[0].end is not None:
        return 1
    start = lane.bars[0].start
    return 2 if start is not None and start >= SETTLED else len(WEIGHTS)


def _day(date: PartialDate | None) -> dt.date | None:
    return None if date is None else date.first_day


def _first(bars: list[Bar]) -> dt.date:
    return min((b.start or dt.date.min for b in bars), default=dt.date.min)


def _leaders(atlas: Atlas, actor: str) -> list[Lane]:
    """Who led the state (or, for a person, what they led)."""
    ties = [r for r in atlas.relations_of(actor) if r.type == "leads"]
    if not ties:
        return []
    led = atlas.actors[actor].kind == "person"

    def name(other: str) -> str:  # a person by their whole name, not an id
        found = atlas.actors.get(other)
        if found is not None and found.kind == "person":
            return found.name
        return short_name(atlas, other)

    bars = sorted((Bar(_day(r.start), _day(r.end), name(r.target if led else r.source),
                       "leads", r.target if led else r.source, r.id) for r in ties),
                  key=lambda b: b.start or dt.date.min)
    return [Lane("Leads" if led else "Led by", "leaders", tuple(bars))]


def _memberships(atlas: Atlas, actor: str) -> list[Lane]:
    by_party: dict[str, list[Bar]] = {}
    for m in atlas.memberships_of(actor):
        party = m.organization if m.actor == actor else m.actor
        by_party.setdefault(party, []).append(Bar(_day(m.start), _day(m.end),
                                                  m.role.replace("_", " "), m.role, party, m.id))
    ordered = sorted(by_party.items(), key=lambda item: (_first(item[1]), item[0]))
    return [Lane(short_name(atlas, party), "memberships",
                 tuple(sorted(bars, key=lambda b: b.start or dt.date.min)))
            for party, bars in ordered]


def _bases(atlas: Atlas, actor: str) -> list[Lane]:
    lanes = []
    for title, style, mine in (("Hosts bases", "hosted", lambda b: b.host == actor),
                               ("Operates bases", "operated", lambda b: b.operator == actor)):
        bars = [Bar(_day(b.start), _day(b.end), b.short_name or b.name, style,
                    FeatureRef("base", b.id), b.id) for b in atlas.bases.values() if mine(b)]
        if bars:
            lanes.append(Lane(title, "bases", tuple(sorted(bars, key=lambda b: (
                b.start or dt.date.min, b.label)))))
    return lanes


def _relations(atlas: Atlas, actor: str) -> list[Lane]:
    by_type: dict[str, list[Bar]] = {}
    for r in atlas.relations_of(actor):
        if r.type == "leads":
            continue
        other = r.target if r.source == actor else r.source
        by_type.setdefault(r.type, []).append(Bar(_day(r.start), _day(r.end),
                                                  short_name(atlas, other), r.type, other, r.id))
    ordered = sorted(by_type.items(), key=lambda item: (_first(item[1]), item[0]))
    return [Lane(kind.replace("_", " ").capitalize(), "relations",
                 tuple(sorted(bars, key=lambda b: (b.start or dt.date.min, b.label))))
            for kind, bars in ordered]
