"""The Atlas: every record by id, lookups between them, reference checks and `active_on(date)`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from explorer.model.dates import DayLike, as_day
from explorer.model.records import (
    Actor,
    Base,
    EnergySite,
    Event,
    Membership,
    Pipeline,
    Place,
    Relation,
    Route,
    Source,
    Sourced,
)

# The record tables in the order the CLI and the JSON present them; sources come last.
TABLES = ("actors", "memberships", "relations", "bases", "routes", "places", "events", "pipelines",
          "energy_sites")


class Problem(NamedTuple):
    """A broken reference: which record of which table, which field, and what is wrong."""

    table: str
    id: str
    field: str
    message: str


@dataclass(frozen=True, eq=False)
class Atlas:
    """All atlas records keyed by id; `active_on(day)` gives the atlas as it stood on that day."""

    actors: Mapping[str, Actor] = field(default_factory=dict)
    memberships: Mapping[str, Membership] = field(default_factory=dict)
    relations: Mapping[str, Relation] = field(default_factory=dict)
    bases: Mapping[str, Base] = field(default_factory=dict)
    routes: Mapping[str, Route] = field(default_factory=dict)
    places: Mapping[str, Place] = field(default_factory=dict)
    events: Mapping[str, Event] = field(default_factory=dict)
    pipelines: Mapping[str, Pipeline] = field(default_factory=dict)
    energy_sites: Mapping[str, EnergySite] = field(default_factory=dict)
    sources: Mapping[str, Source] = field(default_factory=dict)

    def table(self, name: str) -> Mapping[str, Sourced]:
        """One record table by name (one of TABLES); sources are `.sources`."""
        if name not in TABLES:
            raise KeyError(f"no atlas table {name!r}; the tables are {', '.join(TABLES)}")
        return getattr(self, name)

    def records(self) -> Iterator[tuple[str, Sourced]]:
        """(table, record) for every sourced record, sources themselves excluded."""
        for name in TABLES:
            yield from ((name, record) for record in self.table(name).values())

    # Lookups --------------------------------------------------------------------------------

    def sources_of(self, record: Sourced) -> list[Source]:
        return [self.sources[s] for s in record.sources]

    def cited_sources(self) -> dict[str, Source]:
        """The sources that the records of this atlas cite, in sources-file order."""
        cited = {s for _, record in self.records() for s in record.sources}
        return {sid: source for sid, source in self.sources.items() if sid in cited}

    @cached_property
    def points(self) -> Mapping[str, Place | EnergySite]:
        """The places and energy sites by id: what a line's waypoints and an event's place
        name (an atlas is not changed once made; the mapping is shared, not to be changed)."""
        return {**self.places, **self.energy_sites}

    @cached_property
    def _memberships_by_actor(self) -> dict[str, list[Membership]]:
        return _index(self.memberships.values(), "actor", "organization")

    @cached_property
    def _relations_by_actor(self) -> dict[str, list[Relation]]:
        return _index(self.relations.values(), "source", "target")

    def memberships_of(self, actor: str, day: DayLike | None = None) -> list[Membership]:
        """The actor's memberships, or an organization's members (on day, if given)."""
        found = self._memberships_by_actor.get(actor, [])
        return list(found) if day is None else [m for m in found if m.active_on(day)]

    def roles(self, actor: str, organization: str, day: DayLike) -> list[str]:
        """The actor's roles in the organization on day (empty when it had none)."""
        return [m.role for m in self.memberships_of(actor, day) if m.organization == organization
                and m.actor == actor]

    def relations_of(self, actor: str, day: DayLike | None = None) -> list[Relation]:
        found = self._relations_by_actor.get(actor, [])
        return list(found) if day is None else [r for r in found if r.active_on(day)]

    def bases_of(self, actor: str) -> list[Base]:
        """Bases the actor operates or hosts."""
        return [b for b in self.bases.values() if actor in (b.operator, b.host)]

    def routes_through(self, country: str) -> list[Route]:
        return [r for r in self.routes.values() if country in r.countries]

    def events_of(self, actor: str) -> list[Event]:
        return [e for e in self.events.values() if actor in e.actors]

    # Time -----------------------------------------------------------------------------------

    def active_on(self, day: DayLike, event_window_days: int | None = None) -> Atlas:
        """The records active on day; places always; events dated on or before day (only those
        of the last event_window_days days, if given).

        Sources stay complete so that every reference still resolves; `cited_sources()` keeps
        those the remaining records use.
        """
        when = as_day(day)

        def keep(table: Mapping[str, Sourced]) -> dict:
            return {rid: r for rid, r in table.items() if r.active_on(when)}

        return Atlas(
            actors=keep(self.actors), memberships=keep(self.memberships),
            relations=keep(self.relations), bases=keep(self.bases), routes=keep(self.routes),
            places=dict(self.places),
            events={eid: e for eid, e in self.events.items()
                    if e.active_on(when, event_window_days)},
            pipelines=keep(self.pipelines), energy_sites=keep(self.energy_sites),
            sources=self.sources,
        )

    # Integrity ------------------------------------------------------------------------------

    def problems(self) -> list[Problem]:
        """Every reference that does not resolve: actors, organizations, states, places, sources."""
        found: list[Problem] = []
        states = {a for a, actor in self.actors.items() if actor.kind == "state"}
        organizations = {a for a, actor in self.actors.items() if actor.kind == "organization"}

        def need(table: str, rid: str, name: str, value: str | None, known, what: str) -> None:
            if value is not None and value not in known:
                found.append(Problem(table, rid, name, f"{value!r} is not {what}"))

        actor = "an actor in actors.csv"
        state = "a state in actors.csv"
        organization = "an organization in actors.csv"
        place = "a place in places.csv"
        for m in self.memberships.values():
            need("memberships", m.id, "actor", m.actor, self.actors, actor)
            need("memberships", m.id, "organization", m.organization, organizations, organization)
        for r in self.relations.values():
            need("relations", r.id, "source", r.source, self.actors, actor)
            need("relations", r.id, "target", r.target, self.actors, actor)
        for p in self.places.values():
            need("places", p.id, "country", p.country, states, state)
        for b in self.bases.values():
            need("bases", b.id, "operator", b.operator, self.actors, actor)
            need("bases", b.id, "host", b.host, states, state)
        for table in ("routes", "pipelines"):
            found += _course_problems(table, self.table(table).values(), self.points)
        for route in self.routes.values():
            for country in route.countries:
                need("routes", route.id, "countries", country, states, state)
            for waypoint in route.waypoints:
                need("routes", route.id, "waypoints", waypoint, self.places, place)
                where = self.places.get(waypoint)
                if where is not None and where.country not in route.countries:
                    found.append(Problem("routes", route.id, "countries",
                                         f"waypoint {waypoint!r} lies in {where.country}, which "
                                         "the route's countries do not list"))
        found += self._energy_problems(need, states, actor, state)
        for e in self.events.values():
            for a in e.actors:
                need("events", e.id, "actors", a, self.actors, actor)
            need("events", e.id, "place", e.place, self.places, place)
        for table, record in self.records():
            for s in record.sources:
                need(table, record.id, "sources", s, self.sources, "a source in sources.csv")
        return found

    def _energy_problems(self, need, states, actor: str, state: str) -> list[Problem]:
        """The pipelines' and energy sites' references: countries, operators, waypoints."""
        found: list[Problem] = []
        for site in self.energy_sites.values():
            need("energy_sites", site.id, "country", site.country, states, state)
            for operator in site.operators:
                need("energy_sites", site.id, "operators", operator, self.actors, actor)
        points = self.points
        for line in self.pipelines.values():
            for country in line.countries:
                need("pipelines", line.id, "countries", country, states, state)
            for operator in line.operators:
                need("pipelines", line.id, "operators", operator, self.actors, actor)
            for waypoint in line.waypoints:
                need("pipelines", line.id, "waypoints", waypoint, points,
                     "a place in places.csv or a site in energy_sites.csv")
                where = points.get(waypoint)
                if where is not None and where.country not in line.countries:
                    found.append(Problem("pipelines", line.id, "countries",
                                         f"waypoint {waypoint!r} lies in {where.country}, which "
                                         "the line's countries do not list"))
        return found


COURSE_ENDS = 0.1  # degrees: how far a course may start or end from its first or last waypoint


def _course_problems(table: str, lines, points: Mapping) -> list[Problem]:
    """Courses that do not run from the line's first waypoint to its last."""
    found = []
    for line in lines:
        if line.course is None:
            continue
        for end, waypoint in ((line.course[0], line.waypoints[0]),
                              (line.course[-1], line.waypoints[-1])):
            where = points.get(waypoint)
            if where is not None and max(abs(end[0] - where.lon),
                                         abs(end[1] - where.lat)) > COURSE_ENDS:
                found.append(Problem(table, line.id, "course",
                                     f"the course must start and end at the first and last "
                                     f"waypoints; {end[0]} {end[1]} is far from {waypoint!r}"))
    return found


def _index(records, *fields: str) -> dict[str, list]:
    """Records by each actor id they name in `fields` (a record appears under each)."""
    index: dict[str, list] = defaultdict(list)
    for record in records:
        for name in fields:
            index[getattr(record, name)].append(record)
    return dict(index)
