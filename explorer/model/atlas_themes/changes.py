"""The Changes theme (a diff map): what changed since an earlier date (`themes.changes_since`)
up to the session's date — countries shaded by the blocs they joined or left, bases opened or
closed, lines and energy sites opened, changed or closed. Hidden until a comparison is asked
for (Analysis > Compare…, `explorer export --compare D1`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from explorer.analysis.blocs import ORG_BLOC
from explorer.analysis.diff import Change, diff
from explorer.model.atlas import Atlas
from explorer.model.detail_page import format_day
from explorer.model.drawn import MapExtent, points_in
from explorer.model.last_result import LastResult
from explorer.model.legend import LegendEntry, Symbol
from explorer.model.records import Sourced
from explorer.model.session import Session
from explorer.model.theme_specs import ThemeSpec

GAINED, LOST = "#2e8b57", "#c0392b"  # joined, opened | left, closed
# the blocs whose joining or leaving the map shades (forums, trade and transport
# agreements such as the WTO, the OSCE, CICA, ECO and the Ashgabat Agreement are not)
BLOCS = frozenset(ORG_BLOC) | {"GUAM", "OTS", "CACO"}
SUBJECT_TABLES = {"membership": "memberships", "base": "bases", "route": "routes",
                  "pipeline": "pipelines", "energy_site": "energy_sites"}


@dataclass(frozen=True)
class MapChanges:
    """What the diff map draws: states by net blocs joined (> 0) or left (< 0), and the
    bases, lines and sites that opened (or changed) and closed, by id."""

    net: dict[str, int]
    opened: dict[str, frozenset[str]]  # table -> record ids
    closed: dict[str, frozenset[str]]


_last: LastResult[MapChanges] = LastResult()  # the drawing and the legend ask in turn


def map_changes(session: Session) -> MapChanges | None:
    """The changes from `changes_since` to the session's date (None: no comparison); the
    answer is shared, not to be changed."""
    since = session.themes.changes_since
    if since is None:
        return None
    atlas, day = session.atlas, session.date
    return _last.get(atlas, (since, day), lambda: _map_changes(atlas, since, day))


def _map_changes(atlas: Atlas, since: dt.date, day: dt.date) -> MapChanges:
    found = diff(atlas, since, day).changes
    net: Counter[str] = Counter()
    opened: dict[str, set[str]] = {t: set() for t in SUBJECT_TABLES.values()}
    closed: dict[str, set[str]] = {t: set() for t in SUBJECT_TABLES.values()}
    for change in found:
        if (change.subject == "membership" and change.change in ("joined", "left")
                and change.actors[1] in BLOCS):
            net[change.actors[0]] += 1 if change.change == "joined" else -1
        elif change.subject in SUBJECT_TABLES and change.subject != "membership":
            table = SUBJECT_TABLES[change.subject]
            (closed if _ended(change) else opened)[table].add(change.record)
    return MapChanges({k: v for k, v in net.items() if v},
                      {t: frozenset(ids) for t, ids in opened.items()},
                      {t: frozenset(ids) for t, ids in closed.items()})


def _ended(change: Change) -> bool:
    return change.after is None


def drawn(session: Session, extent: MapExtent | None) -> list[Sourced]:
    """The records behind what the diff map shows (in the extent): the memberships that
    changed, and the bases, lines and sites that opened, changed or closed."""
    changes = map_changes(session)
    if changes is None:
        return []
    atlas = session.atlas
    records: list[Sourced] = [m for m in atlas.memberships.values()
                              if m.actor in changes.net and m.organization in BLOCS
                              and (extent is None
                                                             or m.actor in extent.countries)
                              and _changed_between(m, session)]
    for table in ("bases", "energy_sites"):
        ids = changes.opened[table] | changes.closed[table]
        records += points_in([atlas.table(table)[i] for i in sorted(ids)], extent)
    for table in ("routes", "pipelines"):
        records += [atlas.table(table)[i] for i in sorted(changes.opened[table]
                                                          | changes.closed[table])]
    return records


def _changed_between(membership, session: Session) -> bool:
    since, day = session.themes.changes_since, session.date
    low, high = sorted((since, day))
    return any(bound is not None and low < bound.first_day <= high
               for bound in (membership.start, membership.end))


def legend(session: Session, section: str, drawn: list) -> list[LegendEntry]:
    changes = map_changes(session)
    if changes is None:
        return []
    since = format_day(session.themes.changes_since)
    entries = []
    if any(v > 0 for v in changes.net.values()):
        entries.append(LegendEntry(section, f"Joined more blocs than it left since {since}",
                                   Symbol("area", GAINED)))
    if any(v < 0 for v in changes.net.values()):
        entries.append(LegendEntry(section, f"Left more blocs than it joined since {since}",
                                   Symbol("area", LOST)))
    if any(changes.opened.values()):
        entries.append(LegendEntry(section, "Base, line or site opened or changed",
                                   Symbol("marker", GAINED, "circle")))
    if any(changes.closed.values()):
        entries.append(LegendEntry(section, "Base, line or site closed",
                                   Symbol("marker", LOST, "circle")))
    return entries


SPEC = ThemeSpec("changes", "Changes since a date", shown=False, order=90, drawn=drawn,
                 legend=legend)
