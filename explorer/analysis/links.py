"""How selections link across views: map features to actors, actors to what they touch."""

from __future__ import annotations

from dataclasses import dataclass

from explorer.model.atlas import Atlas
from explorer.model.features import FeatureRef


def actors_of(atlas: Atlas, ref: FeatureRef) -> set[str]:
    """The actors a map feature stands for: a country's state, a base's operator and host, a
    route's countries, a place's country, an event's actors."""
    if ref.kind == "country":
        return {ref.id}
    if ref.kind == "base" and ref.id in atlas.bases:
        base = atlas.bases[ref.id]
        return {base.operator, base.host}
    if ref.kind == "route" and ref.id in atlas.routes:
        return set(atlas.routes[ref.id].countries)
    if ref.kind == "place" and ref.id in atlas.places:
        return {atlas.places[ref.id].country}
    if ref.kind == "event" and ref.id in atlas.events:
        return set(atlas.events[ref.id].actors)
    return set()


@dataclass(frozen=True)
class Highlight:
    """What the map lights up for a selection: countries, bases, routes, places, relations."""

    actors: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    bases: frozenset[str] = frozenset()
    routes: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    relations: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.actors or self.bases or self.routes or self.places)


def highlight(active: Atlas, actors: set[str] | frozenset[str],
              features: set[FeatureRef] | frozenset[FeatureRef] = frozenset()) -> Highlight:
    """Everything on the map linked to the selection, in `active` (the atlas on the date).

    A selected actor lights its territory (a state's; an organization's members'), the bases
    it operates or hosts, the routes through it and its relations. A selected map feature
    lights itself and its actors' territory (K2: the USA and Uzbekistan), and the relations
    between those actors, but not every other base or route of theirs.
    """
    picked = set(actors)
    linked = set().union(*(actors_of(active, ref) for ref in features)) if features else set()
    members = {m.actor for m in active.memberships.values() if m.organization in picked}
    states = {a for a in picked | linked | members
              if a in active.actors and active.actors[a].kind == "state"}
    territory = states | {r.id for r in features if r.kind == "country"}
    by_kind = {kind: {r.id for r in features if r.kind == kind} for kind in
               ("base", "route", "place")}
    bases = by_kind["base"] | {b.id for b in active.bases.values()
                               if b.operator in picked or b.host in picked}
    routes = by_kind["route"] | {r.id for r in active.routes.values()
                                 if picked & set(r.countries)}
    relations = {r.id for r in active.relations.values()
                 if r.source in picked or r.target in picked
                 or (r.source in linked and r.target in linked)}
    return Highlight(frozenset(picked | linked), frozenset(territory), frozenset(bases),
                     frozenset(routes), frozenset(by_kind["place"]), frozenset(relations))
