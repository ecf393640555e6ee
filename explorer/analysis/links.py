"""How selections link across views: map features to actors, actors to what they touch."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from explorer.model.atlas import Atlas
from explorer.model.features import FeatureRef
from explorer.model.theme_specs import feature_record, feature_themes


def actors_of(atlas: Atlas, ref: FeatureRef) -> set[str]:
    """The actors a map feature stands for: a country's state, and for a theme's feature what
    its theme says (a base's operator and host, a route's countries, an event's actors…)."""
    if ref.kind == "country":
        return {ref.id}
    found = feature_record(atlas, ref)
    if found is None:
        return set()
    spec, record = found
    return spec.actors(record)


@dataclass(frozen=True)
class Highlight:
    """What the map lights up for a selection: actors, their territory, the features of each
    kind (by feature kind: "base" -> ids) and the relations."""

    actors: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    features: Mapping[str, frozenset[str]] = field(default_factory=dict)
    relations: frozenset[str] = frozenset()

    def ids(self, kind: str) -> frozenset[str]:
        """The lit features of one kind."""
        return self.features.get(kind, frozenset())

    def __bool__(self) -> bool:
        return bool(self.actors or any(self.features.values()))


def highlight(active: Atlas, actors: set[str] | frozenset[str],
              features: set[FeatureRef] | frozenset[FeatureRef] = frozenset()) -> Highlight:
    """Everything on the map linked to the selection, in `active` (the atlas on the date).

    A selected actor lights its territory (a state's; an organization's members'), the
    features its themes light for it (the bases it operates or hosts, the routes through it…)
    and its relations. A selected map feature lights itself and its actors' territory (K2: the
    USA and Uzbekistan), and the relations between those actors, but not every other base or
    route of theirs.
    """
    picked = frozenset(actors)
    linked = set().union(*(actors_of(active, ref) for ref in features)) if features else set()
    members = {m.actor for m in active.memberships.values() if m.organization in picked}
    states = {a for a in picked | linked | members
              if a in active.actors and active.actors[a].kind == "state"}
    territory = states | {r.id for r in features if r.kind == "country"}
    lit: dict[str, frozenset[str]] = {}
    for kind, spec in feature_themes().items():
        chosen = {r.id for r in features if r.kind == kind}
        if picked and spec.table is not None:
            chosen |= {rid for rid, record in active.table(spec.table).items()
                       if spec.lit(record, picked)}
        lit[kind] = frozenset(chosen)
    relations = {r.id for r in active.relations.values()
                 if r.source in picked or r.target in picked
                 or (r.source in linked and r.target in linked)}
    return Highlight(frozenset(picked | linked), frozenset(territory), lit, frozenset(relations))
