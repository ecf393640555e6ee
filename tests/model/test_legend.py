"""The legend lists exactly what the visible themes draw on the date."""

from __future__ import annotations

import datetime as dt

from explorer.model.legend import legend_entries
from explorer.model.session import Session


def labels(session: Session, section: str | None = None) -> list[str]:
    return [e.label for e in legend_entries(session) if section in (None, e.section)]


def test_only_visible_themes_are_listed(atlas) -> None:
    session = Session(atlas, dt.date(2003, 6, 1))
    session.themes.apply_spec("bases")
    assert {e.section for e in legend_entries(session)} == {"Military bases"}
    session.themes.layer("bases").visible = False
    assert legend_entries(session) == []


def test_bases_follow_the_date(atlas) -> None:
    session = Session(atlas, dt.date(2003, 6, 1))
    assert "Base operated by United States" in labels(session, "Military bases")
    session.time.date = dt.date(2022, 1, 1)  # K2 and Manas closed, Bagram left in 2021
    assert "Base operated by United States" not in labels(session, "Military bases")


def test_alliance_roles_present_on_the_date(atlas) -> None:
    session = Session(atlas, dt.date(2013, 6, 1))
    session.themes.alliances.organizations = ("CSTO",)
    assert labels(session, "Alliances") == ["CSTO member", "CSTO suspended"]  # UZB from 2012
    session.time.date = dt.date(2008, 6, 1)
    assert labels(session, "Alliances") == ["CSTO member"]


def test_count_mode_lists_the_counts_drawn(atlas) -> None:
    session = Session(atlas, dt.date(2008, 6, 1))
    session.themes.alliances.mode = "count"
    assert labels(session, "Alliances") == ["Member of 1 of 2 (CSTO, SCO)",
                                            "Member of 2 of 2 (CSTO, SCO)"]


def test_corridors_are_named_once_with_status_styles(atlas) -> None:
    session = Session(atlas, dt.date(2016, 1, 1))
    routes = labels(session, "Railways and corridors")
    assert routes.count("Northern Distribution Network") == 0  # ended 2015
    assert "International North–South Transport Corridor" in routes
    assert len(routes) == len(set(routes))
