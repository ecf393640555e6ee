"""The model behind the History panel: Uzbekistan's seed story, lane by lane."""

from __future__ import annotations

import datetime as dt

from explorer.model.features import FeatureRef
from explorer.model.history import actor_history


def spans(lane) -> list[tuple[str | None, str | None, str]]:
    return [(b.start and b.start.isoformat(), b.end and b.end.isoformat(), b.style)
            for b in lane.bars]


def test_uzbekistan_in_and_out_of_the_blocs(atlas) -> None:
    history = actor_history(atlas, "UZB")
    assert history.name == "Uzbekistan"
    # the Collective Security Treaty 1992–1999, the CSTO again 2006–2012, suspended since
    assert spans(history.lane("CSTO")) == [("1992-05-15", "1999-04-01", "member"),
                                           ("2006-06-23", "2012-06-28", "member"),
                                           ("2012-06-28", None, "suspended")]
    assert spans(history.lane("GUAM")) == [("1999-04-24", "2002-06-01", "member"),
                                           ("2002-06-01", "2005-05-05", "suspended")]
    assert spans(history.lane("EAEU")) == [("2020-12-11", None, "observer")]
    k2 = next(b for b in history.lane("Hosts bases").bars if b.record == "base_karshi_khanabad")
    assert (k2.start, k2.end) == (dt.date(2001, 10, 1), dt.date(2005, 11, 21))
    assert k2.item == FeatureRef("base", "base_karshi_khanabad")
    assert history.lane("CSTO").bars[0].item == "CSTO"  # a click selects the organization
    titles = [lane.title for lane in history.lanes if lane.group == "memberships"]
    assert titles.index("CSTO") < titles.index("GUAM") < titles.index("EAEU")  # by first role
    basing = history.lane("Basing")
    assert any(b.item == "USA" and b.covers(dt.date(2003, 6, 1)) for b in basing.bars)
    assert [t.day for t in history.events] == sorted(t.day for t in history.events)
    assert FeatureRef("event", "ev_2005_andijan") in [t.item for t in history.events]


def test_an_organization_has_a_lane_per_member(atlas) -> None:
    csto = actor_history(atlas, "CSTO")
    uzbekistan = csto.lane("Uzbekistan")
    assert len(uzbekistan.bars) == 3 and uzbekistan.bars[-1].style == "suspended"
