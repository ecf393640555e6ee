"""The Rival Blocs map mode's model: the states in two or three rival blocs at once on the
session's date, by combination, with the legend and the memberships (and sources) behind it."""

from __future__ import annotations

import datetime as dt

from explorer.model.atlas_themes.overlap import COLOURS, describe, overlaps
from explorer.model.drawn import visible_records
from explorer.model.legend import legend_entries
from explorer.model.session import Session


def only_overlap(atlas, day: dt.date) -> Session:
    session = Session(atlas, day)
    for layer in session.themes.layers:
        layer.visible = layer.key == "overlap"
    return session


def test_hidden_by_default(atlas) -> None:
    session = Session(atlas, dt.date(2010, 6, 1))
    assert not session.themes.layer("overlap").visible


def test_2010_and_2003(atlas) -> None:
    session = only_overlap(atlas, dt.date(2010, 6, 1))
    found = overlaps(session)
    # Uzbekistan in 2010: back in the CSTO, in the SCO and in NATO's Partnership for Peace
    assert tuple(found["UZB"]) == ("russia", "china", "west")
    assert "CSTO" in found["UZB"]["russia"] and "PFP" in found["UZB"]["west"]
    assert tuple(found["TKM"]) == ("russia", "west")  # CIS associate and PfP, never the SCO
    assert all(tuple(blocs) in COLOURS for blocs in found.values())
    labels = [e.label for e in legend_entries(session)]
    assert describe(("russia", "china", "west")) in labels
    assert describe(("russia", "west")) in labels
    assert describe(("russia", "china", "west")) == \
        "In Russia's, China's and the West's blocs at once"
    behind = [r for r in visible_records(session, None) if getattr(r, "actor", "") == "UZB"]
    assert {m.organization for m in behind} >= {"CSTO", "SCO", "PFP"}
    # in 2003 Uzbekistan was out of the CSTO but in the CIS: still Russia's bloc and two others
    early = overlaps(only_overlap(atlas, dt.date(2003, 6, 1)))
    assert "CSTO" not in early["UZB"]["russia"] and "CIS" in early["UZB"]["russia"]
