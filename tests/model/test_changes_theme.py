"""The diff map's model: what changed from an earlier date to the session's date, as the map
shades and marks it, and as its legend and footnotes list it."""

from __future__ import annotations

import datetime as dt

from explorer.model.atlas_themes.changes import map_changes
from explorer.model.drawn import visible_records
from explorer.model.legend import legend_entries
from explorer.model.session import Session


def test_no_comparison_draws_nothing(atlas) -> None:
    session = Session(atlas, dt.date(2013, 1, 1))
    session.themes.layer("changes").visible = True
    assert map_changes(session) is None
    assert not [e for e in legend_entries(session) if e.section == "Changes since a date"]


def test_2005_to_2013(atlas) -> None:
    session = Session(atlas, dt.date(2013, 1, 1))
    session.themes.changes_since = dt.date(2005, 1, 1)
    for layer in session.themes.layers:
        layer.visible = layer.key == "changes"
    changes = map_changes(session)
    assert changes.net["GEO"] < 0  # Georgia left the CIS (2009)
    assert "base_karshi_khanabad" in changes.closed["bases"]  # K2 closed (2005)
    assert "pipe_cagp_a" in changes.opened["pipelines"]  # the gas line to China opened (2009)
    assert "WTO" not in {m.organization for m in visible_records(session, None)
                         if hasattr(m, "organization")}  # not a bloc
    labels = [e.label for e in legend_entries(session)]
    assert "Left more blocs than it joined since 1 January 2005" in labels
    assert "Base, line or site closed" in labels
    cited = {s for record in visible_records(session, None) for s in record.sources}
    assert set(atlas.bases["base_karshi_khanabad"].sources) <= cited
