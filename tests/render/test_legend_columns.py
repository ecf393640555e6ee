"""The legend laid out in columns: balanced, each heading once and never at a column's foot."""

from __future__ import annotations

import datetime as dt

import pytest

from explorer.model.legend import legend_entries
from explorer.model.session import Session
from explorer.render.legend import legend_columns


@pytest.mark.parametrize("height", [120.0, 200.0, 260.0, 400.0])
def test_headings_are_neither_repeated_nor_orphaned(qapp, atlas, height: float) -> None:
    entries = legend_entries(Session(atlas, dt.date(2016, 1, 1)))
    columns = legend_columns(entries, max_height=height)
    assert len(columns) > 1
    headings = [item for column in columns for kind, item in column if kind != "entry"]
    assert len(headings) == len(set(headings)) == 1 + len({e.section for e in entries})
    assert all(column[-1][0] == "entry" for column in columns)  # a heading leads its rows
    shown = [item for column in columns for kind, item in column if kind == "entry"]
    assert shown == entries  # every entry, in order
    rows = [len(column) for column in columns]
    assert max(rows) - min(rows[:-1] or rows) <= 2  # balanced: as even as the breaks allow
