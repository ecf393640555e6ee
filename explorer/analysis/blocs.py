"""Blocs measured: who belongs to which organization on a date (the co-membership matrix), and
each state's yearly alignment toward the blocs led by Russia, China and the West, by weights
that are stated, documented (docs/alignment.md) and adjustable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from explorer.model.atlas import Atlas
from explorer.model.dates import DayLike, as_day

# Whom each bloc's organizations and powers are: a modelling choice, documented and adjustable.
BLOC_ORGANIZATIONS: Mapping[str, tuple[str, ...]] = {
    "russia": ("CIS", "CSTO", "EURASEC", "EAEU", "CISFTA"),
    "china": ("SCO", "SCO_RATS", "SHANGHAI_FIVE"),
    "west": ("NATO", "PFP", "EU", "C5P1"),
}
BLOC_POWERS: Mapping[str, tuple[str, ...]] = {
    "russia": ("RUS",),
    "china": ("CHN",),
    "west": ("USA", "GBR", "FRA", "DEU", "EU", "NATO"),
}
BLOCS = tuple(BLOC_ORGANIZATIONS)
ORG_BLOC: Mapping[str, str] = {org: bloc for bloc, orgs in BLOC_ORGANIZATIONS.items()
                               for org in orgs}  # each bloc organization's bloc
POWER_BLOCS: Mapping[str, tuple[str, ...]] = {  # each power's blocs, in BLOC_POWERS' order
    power: tuple(bloc for bloc, powers in BLOC_POWERS.items() if power in powers)
    for powers in BLOC_POWERS.values() for power in powers}
BLOC_NAMES = {"russia": "Russia's", "china": "China's", "west": "the West's"}  # "… bloc"


@dataclass(frozen=True)
class AlignmentWeights:
    """How much each tie counts toward a bloc (docs/alignment.md explains each)."""

    roles: Mapping[str, float] = field(default_factory=lambda: {
        "member": 1.0, "associate": 0.5, "observer": 0.5, "partner": 0.5,
        "dialogue_partner": 0.25, "suspended": 0.0})
    relations: Mapping[str, float] = field(default_factory=lambda: {
        "alliance": 1.0, "strategic_partnership": 0.5, "security_cooperation": 0.5,
        "basing": 0.0, "hostility": -1.0})  # basing: the bases count already (`base`)
    base: float = 1.0  # a base of one of the bloc's powers on the state's soil

    def with_changes(self, changes: Mapping[str, float]) -> AlignmentWeights:
        """A copy with some weights changed: "member", "alliance", "base"… (ValueError for a
        name that is no weight)."""
        roles, relations, base = dict(self.roles), dict(self.relations), self.base
        for name, value in changes.items():
            if name in roles:
                roles[name] = value
            elif name in relations:
                relations[name] = value
            elif name == "base":
                base = value
            else:
                known = ", ".join([*roles, *relations, "base"])
                raise ValueError(f"no weight named {name!r}; the weights are {known}")
        return AlignmentWeights(roles, relations, base)


def alignment_on(atlas: Atlas, state: str, day: DayLike,
                 weights: AlignmentWeights = AlignmentWeights()) -> dict[str, float]:
    """The state's score toward each bloc on a day: its roles in the bloc's organizations,
    the bloc's powers' bases it hosts, and its ties with those powers, each by its weight."""
    return _scores(atlas.active_on(day), weights).get(state, dict.fromkeys(BLOCS, 0.0))


def alignment_series(atlas: Atlas, states: Iterable[str], years: Iterable[int],
                     weights: AlignmentWeights = AlignmentWeights()
                     ) -> dict[str, list[tuple[int, dict[str, float]]]]:
    """Each state's scores on 1 July of each year (mid-year: a year's typical state); the
    atlas is taken on each date once for all the states."""
    chosen = list(states)
    series: dict[str, list[tuple[int, dict[str, float]]]] = {s: [] for s in chosen}
    for year in years:
        scores = _scores(atlas.active_on(dt.date(year, 7, 1)), weights)
        for state in chosen:
            series[state].append((year, scores.get(state, dict.fromkeys(BLOCS, 0.0))))
    return series


def _scores(active: Atlas, weights: AlignmentWeights) -> dict[str, dict[str, float]]:
    """Every actor's scores in an atlas already taken on its date, in one pass."""
    scores: dict[str, dict[str, float]] = {}

    def add(actor: str, bloc: str, value: float) -> None:
        scores.setdefault(actor, dict.fromkeys(BLOCS, 0.0))[bloc] += value

    for m in active.memberships.values():
        if m.organization in ORG_BLOC:
            add(m.actor, ORG_BLOC[m.organization], weights.roles.get(m.role, 0.0))
    for b in active.bases.values():
        for bloc in POWER_BLOCS.get(b.operator, ()):
            add(b.host, bloc, weights.base)
    for r in active.relations.values():
        value = weights.relations.get(r.type)
        if value is None:
            continue
        for one, other in ((r.source, r.target), (r.target, r.source)):
            for bloc in POWER_BLOCS.get(other, ()):
                add(one, bloc, value)
    return scores


ACTIVE_ROLES = ("member", "associate", "observer", "partner", "dialogue_partner")


def bloc_overlap(atlas: Atlas, day: DayLike) -> dict[str, dict[str, tuple[str, ...]]]:
    """The states that sit in rival blocs at once on a day: for each state with an active
    role (not suspended) in the organizations of two or more of the blocs, those
    organizations by bloc (e.g. Kazakhstan: CSTO and EAEU for Russia's, SCO for China's,
    PfP for the West)."""
    held: dict[str, dict[str, set[str]]] = {}
    for m in atlas.active_on(day).memberships.values():
        bloc = ORG_BLOC.get(m.organization)
        if bloc is not None and m.role in ACTIVE_ROLES and atlas.actors[m.actor].kind == "state":
            held.setdefault(m.actor, {}).setdefault(bloc, set()).add(m.organization)
    return {state: {bloc: tuple(sorted(blocs[bloc])) for bloc in BLOCS if bloc in blocs}
            for state, blocs in sorted(held.items()) if len(blocs) >= 2}


def overlap_rows(overlap: Mapping[str, Mapping[str, tuple[str, ...]]]) -> list[list[str]]:
    """`bloc_overlap`'s answer as CSV rows: a header, then each state's organizations by bloc."""
    return [["state", *BLOCS]] + [[state, *(" ".join(blocs.get(b, ())) for b in BLOCS)]
                                  for state, blocs in overlap.items()]


@dataclass(frozen=True)
class CoMembership:
    """States × organizations on a day: `roles[i][j]` the role (or "") of state i in
    organization j; `shared` states × states, how many organizations both are full or
    associate members of."""

    day: dt.date
    states: tuple[str, ...]
    organizations: tuple[str, ...]
    roles: tuple[tuple[str, ...], ...]
    shared: np.ndarray

    def csv_rows(self) -> list[list[str]]:
        """The states × organizations table, a header row first."""
        return [["state", *self.organizations],
                *([state, *row] for state, row in zip(self.states, self.roles, strict=True))]


SHARED_ROLES = ("member", "associate")


def co_membership(atlas: Atlas, day: DayLike, states: Iterable[str] | None = None
                  ) -> CoMembership:
    """Who held which role where on a day: the given states (default: every state with a
    role that day) and every organization with a member among them, rows and columns in
    cluster order (states sharing the most organizations next to each other)."""
    when = as_day(day)
    active = atlas.active_on(when)
    held = {(m.actor, m.organization): m.role for m in active.memberships.values()}
    chosen = sorted({a for a, _ in held if atlas.actors.get(a) and
                     atlas.actors[a].kind == "state"}) if states is None else list(states)
    orgs = sorted({o for a, o in held if a in chosen})
    member = np.array([[held.get((s, o)) in SHARED_ROLES for o in orgs] for s in chosen],
                      dtype=float).reshape(len(chosen), len(orgs))
    shared = member @ member.T
    order = _cluster_order(shared)
    org_order = np.lexsort((np.array(orgs, dtype=object), -member.sum(axis=0))) if orgs else []
    states_sorted = tuple(chosen[i] for i in order)
    orgs_sorted = tuple(orgs[j] for j in org_order)
    roles = tuple(tuple(held.get((s, o), "") for o in orgs_sorted) for s in states_sorted)
    return CoMembership(when, states_sorted, orgs_sorted, roles, shared[np.ix_(order, order)])


def _cluster_order(similarity: np.ndarray) -> list[int]:
    """A greedy seriation: start from the most connected row, then always the row most
    similar to the last one placed (ties by index)."""
    n = len(similarity)
    if n == 0:
        return []
    left = set(range(n))
    current = int(np.argmax(similarity.sum(axis=1)))
    order = [current]
    left.remove(current)
    while left:
        current = max(sorted(left), key=lambda j: similarity[current, j])
        order.append(current)
        left.remove(current)
    return order
