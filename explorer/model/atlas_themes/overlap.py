"""The Rival Blocs theme (a map mode of the bloc overlap): the states that sit in the blocs of
two or three rival powers at once on the map's date (as `explorer analyze overlap`), shaded by
which blocs; hidden until asked for (Analysis > Blocs on This Date…, --themes overlap)."""

from __future__ import annotations

from explorer.analysis.blocs import ACTIVE_ROLES, BLOC_NAMES, ORG_BLOC, bloc_overlap
from explorer.model.drawn import MapExtent
from explorer.model.last_result import LastResult
from explorer.model.legend import LegendEntry, Symbol
from explorer.model.records import Sourced
from explorer.model.session import Session
from explorer.model.theme_specs import ThemeSpec

# the blocs a state sits in at once (bloc keys in BLOC_ORGANIZATIONS' order): its shade
COLOURS = {("russia", "china"): "#d68910", ("russia", "west"): "#8e44ad",
           ("china", "west"): "#148f77", ("russia", "china", "west"): "#c0392b"}


_last: LastResult[dict[str, dict[str, tuple[str, ...]]]] = LastResult()


def overlaps(session: Session) -> dict[str, dict[str, tuple[str, ...]]]:
    """Each state in rival blocs on the session's date: its organizations by bloc (the blocs,
    in order, key COLOURS); the answer is shared, not to be changed."""
    atlas, day = session.atlas, session.date
    return _last.get(atlas, day, lambda: bloc_overlap(atlas, day))


def describe(blocs: tuple[str, ...]) -> str:
    """("russia", "west") -> "In Russia's and the West's blocs at once"."""
    names = [BLOC_NAMES[b] for b in blocs]
    return f"In {', '.join(names[:-1])} and {names[-1]} blocs at once"


def drawn(session: Session, extent: MapExtent | None) -> list[Sourced]:
    """The memberships that put the shaded states (in the extent) in rival blocs."""
    found = overlaps(session)
    return [m for m in session.active.memberships.values()
            if m.actor in found and m.organization in ORG_BLOC and m.role in ACTIVE_ROLES
            and (extent is None or m.actor in extent.countries)]


def legend(session: Session, section: str, drawn: list) -> list[LegendEntry]:
    shown = {m.actor for m in drawn}
    combos = {tuple(blocs) for state, blocs in overlaps(session).items() if state in shown}
    return [LegendEntry(section, describe(blocs), Symbol("area", colour))
            for blocs, colour in COLOURS.items() if blocs in combos]


SPEC = ThemeSpec("overlap", "Rival blocs at once", shown=False, order=85, drawn=drawn,
                 legend=legend)
