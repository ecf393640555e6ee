"""The session's time and theme settings: stepping, clamping, event jumps, theme specs."""

from __future__ import annotations

import datetime as dt

import pytest

from explorer.model.session import Session, TimeState, add_months
from explorer.model.theme_specs import theme_keys
from explorer.model.theme_style import theme_style
from explorer.model.themes import ThemeSettings, parse_theme_spec


def test_month_steps_clip_to_short_months() -> None:
    assert add_months(dt.date(2004, 1, 31), 1) == dt.date(2004, 2, 29)
    assert add_months(dt.date(2004, 12, 15), 1) == dt.date(2005, 1, 15)
    assert add_months(dt.date(2005, 1, 15), -13) == dt.date(2003, 12, 15)


def test_time_stays_on_the_timeline() -> None:
    time = TimeState(date=dt.date(1991, 3, 1))
    time.step(years=-5)
    assert time.date == dt.date(1991, 1, 1)
    time.step(years=100)
    assert time.date == time.last == dt.date.today()


def test_date_change_emits_once() -> None:
    time = TimeState(date=dt.date(2003, 6, 1))
    seen = []
    time.events.date.connect(seen.append)
    time.step(months=1)
    assert seen == [dt.date(2003, 7, 1)]


def test_active_atlas_follows_the_date(atlas) -> None:
    session = Session(atlas, dt.date(2003, 6, 1))
    assert "base_karshi_khanabad" in session.active.bases
    session.time.date = dt.date(2006, 6, 1)
    assert "base_karshi_khanabad" not in session.active.bases


def test_event_jumps(atlas) -> None:
    session = Session(atlas, dt.date(2005, 5, 1))
    after = session.next_event_date()
    before = session.previous_event_date()
    assert before < dt.date(2005, 5, 1) < after
    assert after in session.event_dates and before in session.event_dates


def test_theme_spec() -> None:
    assert parse_theme_spec("alliances:SCO,CSTO,bases,routes") == (
        {"alliances", "bases", "routes"}, ("SCO", "CSTO"))
    with pytest.raises(ValueError, match="unknown theme 'glaciers'"):
        parse_theme_spec("bases,glaciers")
    with pytest.raises(ValueError, match="only alliances"):
        parse_theme_spec("bases:USA")


def test_layers_reorder_and_apply_spec() -> None:
    themes = ThemeSettings()
    assert [layer.key for layer in themes.layers] == list(theme_keys())
    themes.move("alliances", 10)
    assert themes.layers[-1].key == "alliances"
    themes.apply_spec("bases")
    assert [layer.key for layer in themes.layers if layer.visible] == ["bases"]


def test_every_organization_in_the_atlas_has_a_colour(atlas) -> None:
    style = theme_style()
    organizations = [a for a, actor in atlas.actors.items() if actor.kind == "organization"]
    assert all(org in style.organizations for org in organizations), organizations
    assert set(style.route_status) == {"operating", "under_construction", "planned",
                                       "halted", "closed"}


def test_every_corridor_has_a_name(atlas) -> None:
    from explorer.model.corridors import corridor_names, corridor_of

    names = corridor_names()
    assert {corridor_of(r) for r in atlas.routes.values() if r.corridor} <= set(names)
    assert names["ndn"] == "Northern Distribution Network"


def test_assigned_dates_are_clamped_and_announced_as_kept() -> None:
    time = TimeState(date=dt.date(2003, 1, 1))
    heard = []
    time.events.date.connect(heard.append)
    time.date = dt.date(1980, 1, 1)
    assert time.date == dt.date(1991, 1, 1) and heard == [dt.date(1991, 1, 1)]
