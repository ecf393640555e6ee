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
    """Everything on the map linked to the selected actors and features, in `active` (the
    atlas on the date): their territory (states; an organization's members), the bases they
    operate or host, the routes through them, and their relations."""
    picked = set(actors)
    for ref in features:
        picked |= actors_of(active, ref)
    members = {m.actor for m in active.memberships.values() if m.organization in picked}
    territory = {a for a in picked | members if a in active.actors
                 and active.actors[a].kind == "state"} | {r.id for r in features
                                                          if r.kind == "country"}
    by_kind = {kind: {r.id for r in features if r.kind == kind} for kind in
               ("base", "route", "place")}
    bases = by_kind["base"] | {b.id for b in active.bases.values()
                               if b.operator in picked or b.host in picked}
    routes = by_kind["route"] | {r.id for r in active.routes.values()
                                 if picked & set(r.countries)}
    places = by_kind["place"]
    relations = {r.id for r in active.relations.values() if r.source in picked or
                 r.target in picked}
    return Highlight(frozenset(picked), frozenset(territory), frozenset(bases),
                     frozenset(routes), frozenset(places), frozenset(relations))
