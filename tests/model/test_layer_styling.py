"""Classifying user layers' features by a field, and their dates on the timeline."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from explorer.model.layer_styling import (
    OTHER_COLOUR,
    PALETTE,
    class_breaks,
    classify,
    ramp_colours,
    time_filter,
)
from explorer.model.user_layers import LayerStyle


def style(**fields) -> LayerStyle:
    return LayerStyle(name="test", **fields)


def test_single_mode_gives_every_feature_the_layer_colour() -> None:
    found = classify(pd.DataFrame({"a": [1, 2, 3]}), style(colour="#123456"))
    assert found.colours == ["#123456"] and found.indices.tolist() == [0, 0, 0]
    assert found.entries == []


def test_categories_take_the_palette_in_a_stable_sorted_order() -> None:
    frame = pd.DataFrame({"kind": ["pipe", "mine", "pipe", "base", None]})
    found = classify(frame, style(mode="categorized", field="kind"))
    assert [label for label, _ in found.entries] == ["base", "mine", "pipe", "(no value)"]
    assert found.colours == [*PALETTE[:3], OTHER_COLOUR]
    assert found.indices.tolist() == [2, 1, 2, 0, 3]
    shuffled = classify(frame.iloc[::-1], style(mode="categorized", field="kind"))
    assert shuffled.entries == found.entries


def test_many_categories_keep_the_most_frequent_and_group_the_rest() -> None:
    values = [f"c{i:02d}" for i in range(20)] + ["c19"] * 5
    found = classify(pd.DataFrame({"k": values}), style(mode="categorized", field="k"))
    labels = [label for label, _ in found.entries]
    assert len(labels) == len(PALETTE) + 1 and labels[-1] == "Other" and "c19" in labels
    assert (found.indices == len(PALETTE)).sum() == 20 - len(PALETTE) + 1 - 1


def test_numeric_categories_sort_as_numbers() -> None:
    found = classify(pd.DataFrame({"n": [10, 9, 100]}), style(mode="categorized", field="n"))
    assert [label for label, _ in found.entries] == ["9", "10", "100"]


def test_equal_interval_and_quantile_breaks() -> None:
    values = np.array([0.0, 1, 2, 3, 4, 5, 6, 7, 8, 100])
    assert class_breaks(values, 4, "equal").tolist() == [0, 25, 50, 75, 100]
    assert class_breaks(values, 2, "quantile").tolist() == [0, 4.5, 100]
    found = classify(pd.DataFrame({"v": values}), style(mode="graduated", field="v",
                                                        classes=2, method="quantile"))
    assert found.indices.tolist() == [0] * 5 + [1] * 5
    assert found.colours == ramp_colours("Blues", 2)
    assert [label for label, _ in found.entries] == ["0 – 4.5", "4.5 – 100"]
    equal = classify(pd.DataFrame({"v": values}), style(mode="graduated", field="v",
                                                        classes=4, ramp="Reds"))
    assert equal.indices.tolist() == [0] * 9 + [3]


def test_graduated_values_missing_get_the_no_value_colour() -> None:
    found = classify(pd.DataFrame({"v": [1.0, None, 3.0]}),
                     style(mode="graduated", field="v", classes=2))
    assert found.indices.tolist() == [0, 2, 1] and found.colours[-1] == OTHER_COLOUR


def test_non_numeric_graduated_field_is_a_clear_error() -> None:
    frame = pd.DataFrame({"v": ["1", "two", "3"]})
    with pytest.raises(ValueError, match=r"not numeric.*'two'"):
        classify(frame, style(mode="graduated", field="v"))
    with pytest.raises(ValueError, match="no field"):
        classify(frame, style(mode="graduated", field="missing"))


def test_time_filter_reads_partial_dates_numbers_and_dates() -> None:
    frame = pd.DataFrame({
        "start": ["2001", "2002-06", dt.date(2003, 1, 1), 1995, "soon", None, ""],
        "end": [2005, None, "2004-02-29", 2000.0, None, "1999", None]})
    found = time_filter(frame, "start", "end")
    assert found.unparseable == 1
    assert found.mask(dt.date(1996, 1, 1)).tolist() == [False, False, False, True, True, True,
                                                        True]
    assert found.mask(dt.date(2003, 1, 1)).tolist() == [True, True, True, False, True, False,
                                                        True]
    # Half-open like the atlas: the end day itself is no longer shown.
    assert found.mask(dt.date(2005, 1, 1))[0] is np.False_
    assert time_filter(frame, None, None) is None


def test_time_filter_accepts_datetime_columns() -> None:
    frame = pd.DataFrame({"when": pd.to_datetime(["2001-03-04", None])})
    found = time_filter(frame, "when", None)
    assert found.mask(dt.date(2001, 3, 3)).tolist() == [False, True]
    assert found.mask(dt.date(2001, 3, 4)).tolist() == [True, True]
