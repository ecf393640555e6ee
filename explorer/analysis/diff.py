"""What changed between two dates: memberships gained, lost or changed role, bases opened or
closed, lines and energy sites opened or changed status, ties formed or ended, and the events in
between; each change with the actors it concerns and its sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from explorer.model.atlas import Atlas
from explorer.model.dates import DayLike, as_day
from explorer.model.names import short_name, words

# What a change is about, in the order the lists give them.
SUBJECTS = ("membership", "base", "route", "pipeline", "energy_site", "relation", "event")


@dataclass(frozen=True)
class Change:
    """One difference between the two dates.

    `subject` is one of SUBJECTS; `change` what happened to it ("joined", "left", "role
    changed", "opened", "closed", "status changed", "formed", "ended", "happened"); `record`
    the atlas id that stands for it (the later record where two do); `before` and `after` the
    role, status or tie type the day before and on `date` (None: none in force); `actors` whom
    it concerns (a change is listed under each); `sources` the source ids of the records
    behind it."""

    subject: str
    change: str
    record: str
    text: str
    actors: tuple[str, ...]
    before: str | None = None
    after: str | None = None
    date: str | None = None  # the day it changed, or the event happened (ISO)
    sources: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Diff:
    """The changes from `start` to `end` (end after start), in SUBJECTS order."""

    start: dt.date
    end: dt.date
    changes: tuple[Change, ...]

    def by_actor(self) -> dict[str, list[Change]]:
        """The changes under each actor they concern, actors in order of first mention."""
        grouped: dict[str, list[Change]] = {}
        for change in self.changes:
            for actor in change.actors:
                grouped.setdefault(actor, []).append(change)
        return grouped

    def concerning(self, actors: Iterable[str]) -> Diff:
        """Only the changes that concern one of these actors."""
        wanted = set(actors)
        return Diff(self.start, self.end, tuple(c for c in self.changes
                                                if wanted.intersection(c.actors)))


def diff(atlas: Atlas, start: DayLike, end: DayLike) -> Diff:
    """What changed in the atlas from `start` to `end` (either order: the earlier is `start`):
    every change of role, status or tie on a day after `start` and up to `end`, and the events
    dated in between."""
    first, last = sorted((as_day(start), as_day(end)))
    changes = []
    for subject, groups, state, actors in _subjects(atlas):
        for records in groups.values():
            for day, was, now in _transitions(records, state, first, last):
                record = now or was
                changes.append(Change(subject, _verb(subject, was, now), record.id,
                                      _describe(atlas, subject, record, was, now, state),
                                      actors(record), state(was) if was else None,
                                      state(now) if now else None, day.isoformat(),
                                      _sources(r for r in (was, now) if r is not None)))
    changes.sort(key=lambda c: (SUBJECTS.index(c.subject), c.date or "", c.record))
    changes += _events(atlas, first, last)
    return Diff(first, last, tuple(changes))


def _subjects(atlas: Atlas) -> list[tuple[str, dict, Callable, Callable]]:
    """Per subject: its records grouped by what stays the same thing through its rows (an
    actor in an organization, a base, a line by its waypoints, a site by its point, a tie),
    the state compared (role, status) and the actors a change concerns."""
    def grouped(records: Iterable, key: Callable) -> dict:
        groups: dict = {}
        for record in records:
            groups.setdefault(key(record), []).append(record)
        return groups

    return [
        ("membership", grouped(atlas.memberships.values(), lambda m: (m.actor, m.organization)),
         lambda m: m.role, lambda m: (m.actor, m.organization)),
        ("base", grouped(atlas.bases.values(), lambda b: b.id), lambda b: "operating",
         lambda b: (b.operator, b.host)),
        ("route", grouped(atlas.routes.values(), lambda r: r.waypoints), lambda r: r.status,
         lambda r: tuple(dict.fromkeys(r.countries))),
        ("pipeline", grouped(atlas.pipelines.values(), lambda p: p.waypoints),
         lambda p: p.status, lambda p: tuple(dict.fromkeys(p.countries))),
        ("energy_site", grouped(atlas.energy_sites.values(), lambda s: (s.lat, s.lon)),
         lambda s: s.status, lambda s: (s.country,)),
        ("relation", grouped(atlas.relations.values(), lambda r: r.id), lambda r: r.type,
         lambda r: (r.source, r.target)),
    ]


def _transitions(records: list, state: Callable, first: dt.date,
                 last: dt.date) -> list[tuple[dt.date, object, object]]:
    """(day, record in force the day before, record in force that day) for each day after
    `first` and up to `last` on which one of the records starts or ends and the state
    changes."""
    days = sorted({bound.first_day for r in records for bound in (r.start, r.end)
                   if bound is not None and first < bound.first_day <= last})
    found = []
    for day in days:
        was = next((r for r in records if r.active_on(day - dt.timedelta(days=1))), None)
        now = next((r for r in records if r.active_on(day)), None)
        if (state(was) if was else None) != (state(now) if now else None):
            found.append((day, was, now))
    return found


VERBS = {"membership": ("joined", "left", "role changed"), "base": ("opened", "closed", ""),
         "relation": ("formed", "ended", "changed")}


def _verb(subject: str, was: object, now: object) -> str:
    gained, lost, changed = VERBS.get(subject, ("opened", "closed", "status changed"))
    return gained if was is None else lost if now is None else changed


def _describe(atlas: Atlas, subject: str, record, was, now, state: Callable) -> str:
    """The change in words: "Uzbekistan in CSTO: member → suspended"."""
    if subject == "membership":
        who = f"{short_name(atlas, record.actor)} in {short_name(atlas, record.organization)}"
    elif subject == "relation":
        label = f" ({record.label})" if record.label else ""
        who = (f"{words(record.type).capitalize()} {short_name(atlas, record.source)}–"
               f"{short_name(atlas, record.target)}{label}")
    else:
        who = record.name
    if subject == "base":
        return f"{who} {'opened' if was is None else 'closed'}"
    if subject == "membership" and (was is None or now is None):
        return (f"{who}: joined as {words(state(now))}" if was is None
                else f"{who}: left (was {words(state(was))})")
    if was is None:
        return f"{who}: {words(state(now))}" if subject != "relation" else f"{who} formed"
    if now is None:
        return f"{who}: no longer {words(state(was))}" if subject != "relation" else \
            f"{who} ended"
    return f"{who}: {words(state(was))} → {words(state(now))}"


def _events(atlas: Atlas, first: dt.date, last: dt.date) -> list[Change]:
    happened = sorted((e for e in atlas.events.values() if first < e.date.first_day <= last),
                      key=lambda e: (e.date.first_day, e.id))
    return [Change("event", "happened", e.id, e.title, e.actors, date=e.date.isoformat(),
                   sources=e.sources) for e in happened]


def _sources(records: Iterable) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for r in records for s in r.sources))
