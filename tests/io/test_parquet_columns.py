"""A GeoParquet layer of points reads its attribute columns only when asked for, for the rows
it kept; a file changed since it was opened is not read again."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import shapely

from explorer.io.parquet_columns import ParquetColumns
from explorer.io.read_errors import VectorReadError
from explorer.io.vector_reader import read_vector
from explorer.model.layer_styling import classify
from explorer.model.user_layers import LayerStyle

GEO = {"version": "1.1.0", "primary_column": "geometry",
       "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}}}


def write(path: Path, lon, lat, **columns) -> Path:
    table = pa.table({**columns, "geometry": pa.array(
        shapely.to_wkb(shapely.points(lon, lat)), pa.binary())})
    pq.write_table(table.replace_schema_metadata({"geo": json.dumps(GEO)}), path,
                   row_group_size=2)
    return path


def test_columns_are_read_when_asked_for_and_for_the_kept_rows(tmp_path: Path,
                                                               monkeypatch) -> None:
    lon = np.array([69.2, np.nan, 66.9, 500.0, 71.4])  # a NaN and an out-of-range row dropped
    lat = np.array([41.3, 40.0, 39.6, 40.0, 51.1])
    path = write(tmp_path / "events.parquet", lon, lat, kind=["a", "b", "c", "d", "e"],
                 size=[1, 2, 3, 4, 5])
    reads: list[list[str]] = []
    real = pq.read_table
    monkeypatch.setattr(pq, "read_table",
                        lambda source, columns=None, **kw: reads.append(columns) or real(
                            source, columns=columns, **kw))
    data = read_vector(path)
    assert isinstance(data._table, ParquetColumns) and data.columns == ["kind", "size"]
    assert reads == [] and len(data) == 3  # the coordinates only, so far
    style = LayerStyle(name="e", mode="categorized", field="kind")
    assert [label for label, _ in classify(data, style).entries] == ["a", "c", "e"]
    assert reads == [["kind"]]
    assert data["size"].tolist() == [1, 3, 5] and reads == [["kind"], ["size"]]
    assert data.attributes["kind"].tolist() == ["a", "c", "e"]  # nothing read twice
    assert reads == [["kind"], ["size"]]


def test_a_file_changed_since_it_was_opened_is_not_read_again(tmp_path: Path) -> None:
    path = write(tmp_path / "events.parquet", [69.2, 66.9], [41.3, 39.6], kind=["a", "b"])
    data = read_vector(path)
    write(path, [69.2, 66.9, 71.4], [41.3, 39.6, 51.1], kind=["x", "y", "z"])
    os.utime(path, ns=(1, 1))
    with pytest.raises(VectorReadError, match="changed since it was opened"):
        data["kind"]
    style = LayerStyle(name="e", mode="categorized", field="kind")
    with pytest.raises(ValueError, match="changed since it was opened"):  # a style's error
        classify(data, style)


def test_a_layer_without_other_columns_has_rows_and_no_columns(tmp_path: Path) -> None:
    data = read_vector(write(tmp_path / "bare.parquet", [69.2, 66.9], [41.3, 39.6]))
    assert data.columns == [] and data.attributes.shape == (2, 0)
