"""What changed between two dates, on a small hand-made atlas and on the shipped one."""

from __future__ import annotations

from explorer.analysis.diff import diff
from explorer.model.records import Relation, Route
from tests.model.test_atlas import small_atlas


def steps(found) -> list[tuple[str, str, str | None, str | None, str | None]]:
    return [(c.subject, c.change, c.before, c.after, c.date) for c in found.changes]


def test_each_step_between_the_dates_on_its_day() -> None:
    atlas = small_atlas()
    found = diff(atlas, "2000-01-01", "2013-01-01")
    assert steps(found) == [
        ("membership", "joined", None, "member", "2006-06-23"),
        ("membership", "role changed", "member", "suspended", "2012-06-28"),
        ("base", "opened", None, "operating", "2001-10-01"),
        ("base", "closed", "operating", None, "2005-11-21"),
        ("event", "happened", None, None, "2005-05-13"),
        ("event", "happened", None, None, "2005-11"),
    ]
    assert [c.actors for c in found.changes[:3]] == [("UZB", "CSTO"), ("UZB", "CSTO"),
                                                     ("USA", "UZB")]
    assert all(c.sources == ("s",) for c in found.changes)
    assert steps(diff(atlas, "2013-01-01", "2000-01-01")) == steps(found)  # either order
    assert diff(atlas, "2006-01-01", "2006-06-23").changes[-1].date == "2006-06-23"  # up to
    assert not diff(atlas, "2006-06-23", "2006-07-01").changes  # after `from` only


def test_status_rows_of_one_line_are_one_line_and_ties_form_and_end() -> None:
    def leg(rid: str, status: str, start: str, end: str | None = None) -> Route:
        return Route(id=rid, name="R", kind="railway", status=status, start=start, end=end,
                     countries=("UZB", "TKM"), waypoints=("tashkent", "ashgabat"),
                     sources=(rid,))

    atlas = small_atlas(
        routes=[leg("r_building", "under_construction", "2007", "2009-05-01"),
                leg("r_open", "operating", "2009-05-01")],
        relations=[Relation(id="t", source="USA", target="UZB", type="basing", sign=1,
                            directed=True, start="2001-10-07", end="2005-11-21",
                            sources=("s",))],
        bases=[], events=[], memberships=[])
    found = diff(atlas, "2004-01-01", "2010-01-01")
    assert [(c.subject, c.change, c.record, c.before, c.after, c.date, c.sources)
            for c in found.changes] == [
        ("route", "opened", "r_building", None, "under_construction", "2007-01-01",
         ("r_building",)),
        ("route", "status changed", "r_open", "under_construction", "operating", "2009-05-01",
         ("r_building", "r_open")),
        ("relation", "ended", "t", "basing", None, "2005-11-21", ("s",)),
    ]
    assert found.by_actor()["TKM"] == list(found.changes[:2])
    assert found.concerning(["USA"]).changes == found.changes[2:]


def test_the_seed_story_from_2005_to_2013(atlas) -> None:
    """K2 closes, Uzbekistan leaves GUAM, returns to the CSTO and suspends its membership."""
    found = diff(atlas, "2005-01-01", "2013-01-01").concerning(["UZB"])
    seen = {(c.subject, c.record, c.change, c.date) for c in found.changes}
    assert ("base", "base_karshi_khanabad", "closed", "2005-11-21") in seen
    memberships = {(c.actors[1], c.change, c.after, c.date) for c in found.changes
                   if c.subject == "membership"}
    assert ("CSTO", "joined", "member", "2006-06-23") in memberships
    assert ("CSTO", "role changed", "suspended", "2012-06-28") in memberships
    assert any(org == "GUAM" and change == "left" for org, change, _, _ in memberships)
    assert all(c.sources and set(c.sources) <= set(atlas.sources) for c in found.changes)
