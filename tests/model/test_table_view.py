"""The attribute rows' index: what a whole column reads as (for filters and sorts) is what its
cells show, for every kind of column; sorts are stable with empty cells last; filters match."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from explorer.model.table_view import TableView, float_texts, fold


def mixed() -> pd.DataFrame:
    return pd.DataFrame({
        "int": [3, -1, 10**12, 0, 7],
        "nullable": pd.array([1, None, 30, 4, None], dtype="Int64"),
        "float": [0.1 + 0.2, np.nan, -2.5e-7, 1e15, 123456.789012345],
        "single": np.array([0.1, 2.5, np.nan, 1e20, -3], dtype=np.float32),
        "text": ["Ünïcode", None, "İstanbul", "tashkent", "ALMATY"],
        "object": ["a", 1, None, 2.5, dt.date(2003, 6, 1)],
        "flag": [True, False, True, True, False],
        "kind": pd.Categorical(["mine", "port", None, "Mine", "port"]),
        "day": pd.to_datetime(["2003-06-01", None, "1991-12-26", "2010-04-07", "1970-01-01"]),
        "moment": pd.to_datetime(["2003-06-01 12:30:05", None, "1991-12-26 00:00:00",
                                  "1960-01-01 00:00:01", "2020-02-29 23:59:59"]),
    })


def test_a_column_reads_as_its_cells_show_it() -> None:
    view = TableView(mixed())
    for column in view.columns:
        cells = [column.cell(row) for row in range(5)]
        assert column.folded.to_pylist() == [fold(c) for c in cells], column.name
    cell = {c.name: c.cell for c in view.columns}
    assert [cell["float"](r) for r in range(5)] == ["0.3", "", "-2.5e-07", "1e+15",
                                                    "123456.789"]
    assert cell["nullable"](1) == "" and cell["int"](2) == "1000000000000"
    assert [cell["day"](r) for r in (0, 1)] == ["2003-06-01", ""]  # dates only: no time
    assert cell["moment"](0) == "2003-06-01 12:30:05" and cell["moment"](2) == "1991-12-26 00:00:00"
    assert cell["kind"](2) == "" and cell["flag"](0) == "True"


def order(view: TableView, column: str, descending: bool = False) -> list[int]:
    view.sort([c.name for c in view.columns].index(column), descending)
    return view.rows.tolist()


def test_sorts_are_stable_with_empty_cells_last() -> None:
    frame = pd.DataFrame({"n": [2.0, np.nan, 1.0, 2.0, 1.0], "t": ["b", None, "A", "a", "B"],
                          "d": pd.to_datetime(["2001", None, "1999", "2001", "1999"])})
    view = TableView(frame)
    assert order(view, "n") == [2, 4, 0, 3, 1]
    assert order(view, "n", descending=True) == [0, 3, 2, 4, 1]  # ties keep the frame's order
    assert order(view, "t") == [2, 3, 0, 4, 1]  # case-folded
    assert order(view, "t", descending=True) == [0, 4, 2, 3, 1]
    assert order(view, "d", descending=True) == [0, 3, 2, 4, 1]
    view.sort(-1)
    assert view.rows.tolist() == [0, 1, 2, 3, 4] and view.sorted_by == (-1, False)


def test_filters_by_text_value_and_column() -> None:
    view = TableView(mixed())
    view.filter("ALMATY")
    assert view.rows.tolist() == [4]
    view.filter("kind = MINE")  # the column's name and the value in any case
    assert view.rows.tolist() == [0, 3]
    view.filter("float=0.3")  # as shown, though the value is 0.30000000000000004
    assert view.rows.tolist() == [0]
    view.filter("int=1e12")  # numbers by value
    assert view.rows.tolist() == [2]
    view.filter("float=")  # empty cells
    assert view.rows.tolist() == [1]
    view.filter("2003-06")  # a date's text, and an object column's date
    assert view.rows.tolist() == [0, 4]
    view.filter("istanbul")  # Arrow's lower case of İ is i, as the needle's
    assert view.rows.tolist() == [2]
    view.sort(0, descending=True)
    view.filter("")
    assert view.rows.tolist() == [2, 4, 0, 3, 1]
    assert view.view_rows(np.array([1, 2])).tolist() == [4, 0]
    view.filter("port")
    assert view.view_rows(np.array([1, 0])).tolist() == [1, -1]  # row 0 filtered out


def test_floats_read_as_python_writes_them_to_ten_digits() -> None:
    rng = np.random.default_rng(5)
    spread = rng.normal(size=40_000) * 10.0 ** rng.integers(-9, 13, 40_000)
    decimals = 10.0 ** rng.integers(0, 6, 20_000)
    tenths = np.round(rng.uniform(-1e4, 1e4, 20_000) * decimals) / decimals
    powers = 10.0 ** np.arange(-12, 14)
    edges = np.concatenate([powers, np.nextafter(powers, 0), np.nextafter(powers, np.inf),
                            -powers, 9.9999999995 * powers, 1.00000000005 * powers])
    halves = (rng.integers(0, 10**10, 2000) + 0.5) / 10.0 ** rng.integers(0, 14, 2000)
    values = np.concatenate([spread, tenths, edges, halves, rng.random(2000),
                             [0.0, -0.0, np.inf, -np.inf, np.nan, 0.1 + 0.2, 1e10 - 0.4]])
    expected = ["" if np.isnan(v) else f"{v:.10g}" for v in values.tolist()]
    assert float_texts(values).to_pylist() == expected
