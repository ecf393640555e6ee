"""The Alliances theme: countries shaded by their roles in the chosen organizations."""

from __future__ import annotations

from explorer.model.drawn import MapExtent
from explorer.model.legend import LegendEntry, Symbol
from explorer.model.records import Membership
from explorer.model.session import Session
from explorer.model.theme_specs import ThemeSpec
from explorer.model.theme_style import theme_style

HATCHED_ROLES = ("observer", "partner", "dialogue_partner", "associate")


def drawn(session: Session, extent: MapExtent | None) -> list[Membership]:
    """The chosen organizations' memberships on the date (of countries in the extent); in
    count mode full members only."""
    options = session.themes.alliances
    chosen = {org for org in options.organizations if org in session.atlas.actors}
    return [m for m in session.active.memberships.values()
            if m.organization in chosen and (extent is None or m.actor in extent.countries)
            and (options.mode == "colours" or m.role == "member")]


def legend(session: Session, section: str, drawn: list[Membership]) -> list[LegendEntry]:
    style, atlas = theme_style(), session.atlas
    options = session.themes.alliances
    chosen = [org for org in options.organizations if org in atlas.actors]
    roles = {(m.organization, m.role) for m in drawn}
    if options.mode == "count":
        counts: dict[str, int] = {}
        for m in drawn:
            counts[m.actor] = counts.get(m.actor, 0) + 1
        names = ", ".join(atlas.actors[org].short_name for org in chosen)
        return [LegendEntry(section, f"Member of {n} of {len(chosen)} ({names})"
                            if len(chosen) > 1 else f"Member of {names}",
                            Symbol("count", count=n, total=len(chosen)))
                for n in sorted(set(counts.values()))]
    entries = []
    for index, org in enumerate(chosen):
        def entry(label: str, role: str, org: str = org, index: int = index) -> LegendEntry:
            return LegendEntry(section, f"{atlas.actors[org].short_name} {label}", Symbol(
                "alliance", style.organization(org), organization=org, org_index=index,
                role=role))

        if (org, "member") in roles:
            entries.append(entry("member", "member"))
        partner = next((r for r in HATCHED_ROLES if (org, r) in roles), None)
        if partner:
            entries.append(entry("observer or partner", partner))
        if (org, "suspended") in roles:
            entries.append(entry("suspended", "suspended"))
    return entries


SPEC = ThemeSpec("alliances", "Alliances", order=10, drawn=drawn, legend=legend)
