"""The network panel's options: one value, held in an evented model the panel writes through."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from psygnal import Signal

CENTRAL_ASIA = frozenset({"KAZ", "KGZ", "TJK", "TKM", "UZB"})



@dataclass(frozen=True)
class Metric:
    """One of an actor's numbers in the network (analysis.network.node_metrics computes
    them): how the inspector, the size menu and the exports name and write it."""

    label: str  # "Ties (degree)"
    short: str  # the size menu's "Size: ties"
    digits: int  # decimals shown


METRICS: dict[str, Metric] = {
    "degree": Metric("Ties (degree)", "ties", 0),
    "betweenness": Metric("Betweenness", "betweenness", 3),
    "eigenvector": Metric("Eigenvector centrality", "eigenvector", 3),
}
SIZE_OPTIONS = ("fixed", *METRICS)  # nodes the same size, or sized by a metric
EGO_OPTIONS = (0, 1, 2)  # no focus, the selection and 1 step, 2 steps

# The options that make the network whose centralities every view reports; the others only
# choose how (and which of) its actors are drawn.
NETWORK_FILTERS = ("memberships", "relation_types", "actor_kinds", "isolated", "periphery")
ASKED_FOR_KINDS = frozenset({"person"})  # actor kinds drawn only when the user chooses them


def shows_kind(actor_kinds: frozenset[str] | None, kind: str) -> bool:
    """Whether a network with this actor-kind filter has actors of the kind (None: every kind
    but those shown only when asked for, the people)."""
    return kind in actor_kinds if actor_kinds is not None else kind not in ASKED_FOR_KINDS


@dataclass(frozen=True)
class NetworkOptions:
    """What the network panel shows.

    The filters (NETWORK_FILTERS) make the network on the date; its numbers (degree,
    betweenness, eigenvector) are computed on it. The focus only chooses what is drawn of it:
    with a selection, its ego network within `ego` steps (the rest faded, or hidden with
    `hide_rest`); with `central_asia`, the five states, their ties to each other and the
    organizations they belong to."""

    layout: str = "force"
    memberships: bool = True
    relation_types: frozenset[str] | None = None  # None: every relation type
    actor_kinds: frozenset[str] | None = None  # None: every kind but ASKED_FOR_KINDS
    size_by: str = "fixed"  # or a metric: degree, betweenness, eigenvector
    ego: int = 1  # 0: no focus; 1 or 2: the selection's neighbours within so many steps
    hide_rest: bool = False  # the ego focus hides the other actors instead of fading them
    central_asia: bool = False  # only the Central Asian states and their organizations
    isolated: bool = False  # also draw the actors with no tie on the date
    # also draw the states tied to the rest only by memberships (most of NATO, the EU, the
    # OSCE): without it the organizations stand for them; Central Asia's states always show
    periphery: bool = False
    labels: bool = True
    legend: bool = False

    def filters(self) -> tuple:
        """The values that make the network (equal filters: equal networks and numbers)."""
        return tuple(getattr(self, name) for name in NETWORK_FILTERS)


class NetworkPanelOptions:
    """The panel's current NetworkOptions; `changed(new, old)` after every real change."""

    changed = Signal(object, object)

    def __init__(self, options: NetworkOptions | None = None) -> None:
        self._options = options or NetworkOptions()

    @property
    def options(self) -> NetworkOptions:
        return self._options

    def update(self, **changes: object) -> bool:
        """Change some options (NetworkOptions fields); False, and no event, if none changed."""
        new = dataclasses.replace(self._options, **changes)
        if new == self._options:
            return False
        old, self._options = self._options, new
        self.changed.emit(new, old)
        return True
