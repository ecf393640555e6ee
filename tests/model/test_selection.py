"""The shared selection and how it links map features and actors."""

from __future__ import annotations

import datetime as dt

from explorer.analysis.links import actors_of, highlight
from explorer.model.features import FeatureRef
from explorer.model.selection import Selection

K2 = FeatureRef("base", "base_karshi_khanabad")


def test_modes_and_change_signal() -> None:
    selection = Selection()
    heard = []
    selection.changed.connect(lambda: heard.append(selection.items))
    selection.select("UZB")
    selection.select(K2, "add")
    selection.select("UZB", "toggle")
    selection.select(K2)  # replacing with the same: no signal
    assert heard == [("UZB",), ("UZB", K2), (K2,)]
    assert selection.current == K2 and selection.features == {K2} and not selection.actors
    selection.clear()
    assert not selection and heard[-1] == ()


def test_a_base_stands_for_its_operator_and_host(atlas) -> None:
    assert actors_of(atlas, K2) == {"USA", "UZB"}
    assert actors_of(atlas, FeatureRef("country", "IRN")) == {"IRN"}


def test_uzbekistan_lights_up_its_territory_k2_and_routes_in_2003(atlas) -> None:
    lit = highlight(atlas.active_on(dt.date(2003, 6, 1)), {"UZB"})
    assert "UZB" in lit.countries
    assert "base_karshi_khanabad" in lit.ids("base")
    assert "rail_uzb_mainline" in lit.ids("route")
    assert any("usa" in r and "uzb" in r for r in lit.relations)
    later = highlight(atlas.active_on(dt.date(2007, 6, 1)), {"UZB"})
    assert "base_karshi_khanabad" not in later.ids("base")


def test_an_organization_lights_up_its_members(atlas) -> None:
    lit = highlight(atlas.active_on(dt.date(2008, 6, 1)), {"CSTO"})
    assert {"RUS", "UZB", "KAZ"} <= lit.countries
    assert "UZB" not in highlight(atlas.active_on(dt.date(2003, 6, 1)), {"CSTO"}).countries


def test_a_selected_base_lights_itself_and_its_two_states_only(atlas) -> None:
    lit = highlight(atlas.active_on(dt.date(2003, 6, 1)), set(), {K2})
    assert lit.ids("base") == {"base_karshi_khanabad"}
    assert {"USA", "UZB"} <= lit.countries and {"USA", "UZB"} <= lit.actors
    assert "base_manas" not in lit.ids("base") and not lit.ids("route")
    assert any(atlas.relations[r].type == "basing" for r in lit.relations)
