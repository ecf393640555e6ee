"""CSV/TSV detection: delimiters, decimal commas, coordinate and WKT columns, ambiguity."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from shapely.geometry import Point

from explorer.io.csv_points import choose_columns, detect_delimiter
from explorer.io.vector_reader import (
    ColumnChoiceNeeded,
    CrsNeeded,
    VectorReadError,
    read_vector,
)
from explorer.model.layer_styling import classify
from explorer.model.user_layers import LayerStyle
from tests.layers import as_frame


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def check(path: Path, **kwargs: str) -> None:
    data = read_vector(path, **kwargs)
    frame = as_frame(data)
    assert frame.crs.to_epsg() == 4326
    assert frame["city"].tolist() == ["Tashkent", "Almaty"]
    assert frame.geometry[0].distance(Point(69.24, 41.3)) < 1e-9
    assert frame.geometry[1].distance(Point(76.85, 43.22)) < 1e-9
    assert "No CRS in the file; the coordinates fit WGS84, read as WGS84." in data.details
    assert data.notices == []  # what was detected is routine: the status bar says it


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("comma.csv", "city,lon,lat\nTashkent,69.24,41.3\nAlmaty,76.85,43.22\n"),
        ("semi.csv", "city;Longitude;Latitude\nTashkent;69,24;41,3\nAlmaty;76,85;43,22\n"),
        ("tab.tsv", "city\tLNG\tLAT\nTashkent\t69,24\t41.3\nAlmaty\t76.85\t43.22\n"),
        ("pipe.csv", "city|X|Y\nTashkent|69.24|41.3\nAlmaty|76.85|43.22\n"),
        ("long.csv", "Lat,city,Long\n41.3,Tashkent,69.24\n43.22,Almaty,76.85\n"),
        ("quoted.csv", 'city,lon,lat\n"Tashkent","69.24","41.3"\n"Almaty",76.85,43.22\n'),
    ],
)
def test_delimiters_and_column_names(tmp_path: Path, name: str, text: str) -> None:
    check(write(tmp_path, name, text))


def test_utf8_bom_and_cp1252(tmp_path: Path) -> None:
    bom = tmp_path / "bom.csv"
    bom.write_bytes("city,lat,lon\nTashkent,41.3,69.24\nAlmaty,43.22,76.85\n".encode("utf-8-sig"))
    check(bom)
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes(
        "city,lat,lon,note\nTashkent,41.3,69.24,caf\xe9\nAlmaty,43.22,76.85,x\n".encode("latin-1")
    )
    check(legacy)


def test_detect_delimiter() -> None:
    assert detect_delimiter("a;b;c\n1;2,5;3\n") == ";"
    assert detect_delimiter("a\tb\n1\t2\n") == "\t"
    assert detect_delimiter("a|b\n1|2\n") == "|"
    assert detect_delimiter("a,b\n1,2\n") == ","
    assert detect_delimiter("onlyone\n1\n") == ","


def test_wkt_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "wkt.csv",
        "city;WKT\nTashkent;POINT (69.24 41.3)\n"
        "Almaty;POINT Z (76.85 43.22 800)\nBroken;POINT (nonsense\nNone;\n",
    )
    data = read_vector(path)
    assert as_frame(data)["city"].tolist() == ["Tashkent", "Almaty"]
    assert not as_frame(data).has_z.any()
    assert data.skipped == 2
    assert "2 rows without valid coordinates skipped." in data.notices
    assert "Geometry read from the WKT column 'WKT'." in data.details


def test_geometry_named_column(tmp_path: Path) -> None:
    path = write(tmp_path, "g.csv", 'id,geometry\n1,"LINESTRING (69 41, 76 43)"\n')
    frame = as_frame(read_vector(path))
    assert frame.geometry[0].geom_type == "LineString"
    assert list(frame.columns) == ["id", "geometry"]


def test_missing_coordinates_are_skipped_and_counted(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "gaps.csv",
        "city,lon,lat\nTashkent,69.24,41.3\nNowhere,,\nBad,abc,41\nAlmaty,76.85,43.22\n",
    )
    data = read_vector(path)
    assert as_frame(data)["city"].tolist() == ["Tashkent", "Almaty"]
    assert data.skipped == 2
    assert "2 rows without valid coordinates skipped." in data.notices


def test_ambiguous_columns_ask(tmp_path: Path) -> None:
    path = write(tmp_path, "amb.csv", "city,x,lon,lat\nTashkent,1,69.24,41.3\n")
    with pytest.raises(ColumnChoiceNeeded) as info:
        read_vector(path)
    assert "amb.csv" in str(info.value)
    assert info.value.candidates == ["x", "lon", "lat"]
    assert info.value.columns == ["city", "x", "lon", "lat"]
    data = read_vector(path, lon_column="lon")
    assert as_frame(data).geometry[0].x == pytest.approx(69.24)


def test_no_candidates_ask(tmp_path: Path) -> None:
    path = write(tmp_path, "plain.csv", "city,east,north\nTashkent,69.24,41.3\n")
    with pytest.raises(ColumnChoiceNeeded) as info:
        read_vector(path)
    assert info.value.candidates == []
    assert info.value.columns == ["city", "east", "north"]
    data = read_vector(path, lon_column="east", lat_column="north")
    assert as_frame(data).geometry[0].y == pytest.approx(41.3)


def test_explicit_columns_win_and_must_exist(tmp_path: Path) -> None:
    path = write(tmp_path, "both.csv", "city,lon,lat,wkt\nTashkent,0,0,POINT (69 41)\n")
    assert as_frame(read_vector(path)).geometry[0].x == 0
    assert as_frame(read_vector(path, wkt_column="wkt")).geometry[0].x == 69
    with pytest.raises(VectorReadError, match=r"both.csv has no column 'lng'"):
        read_vector(path, lon_column="lng")
    assert choose_columns(["a", "b"], "a", "b") == ("a", "b")


def test_swapped_columns_error(tmp_path: Path) -> None:
    path = write(
        tmp_path, "swap.csv", "city,lat,lon\nTashkent,69.24,41.3\nAlmaty,76.85,43.22\nNorth,95,40\n"
    )
    with pytest.raises(CrsNeeded, match=r"swap.csv .*swapped"):
        read_vector(path)


def test_projected_columns_need_a_crs(tmp_path: Path) -> None:
    path = write(tmp_path, "utm.csv", "city,x,y\nTashkent,519977.4,4572072.3\n")
    with pytest.raises(CrsNeeded, match=r"utm.csv .*projected"):
        read_vector(path)
    data = read_vector(path, assume_crs="EPSG:32642")
    assert as_frame(data).geometry[0].distance(Point(69.24, 41.3)) < 1e-2
    assert data.source_crs == "EPSG:32642"


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "empty"), ("city,lon,lat\n", "no rows"), ("city,lon,lat\nA,,\n", "no row with valid")],
)
def test_bad_tables(tmp_path: Path, text: str, reason: str) -> None:
    path = write(tmp_path, "bad.csv", text)
    with pytest.raises(VectorReadError, match=rf"bad.csv .*{reason}|bad.csv is {reason}"):
        read_vector(path)


def test_csv_is_never_written(tmp_path: Path) -> None:
    path = write(tmp_path, "mine.csv", "city,lon,lat\nTashkent,69.24,41.3\n")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    read_vector(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert [p.name for p in tmp_path.iterdir()] == ["mine.csv"]


def test_decimal_commas_in_attribute_columns_are_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "values.csv",
                 "city;lon;lat;value;code;note\n"
                 "Tashkent;69,24;41,3;1,5;007;a,b\n"
                 "Almaty;76,85;43,22;-2,25;012;3,5\n"
                 "Bishkek;74,6;42,87;;100;x\n")
    frame = as_frame(read_vector(path))
    assert frame["value"].dtype == "float64"
    assert frame["value"].tolist()[:2] == [1.5, -2.25] and np.isnan(frame["value"][2])
    assert frame["code"].tolist() == ["007", "012", "100"]  # no decimal comma: as written
    assert frame["note"].tolist() == ["a,b", "3,5", "x"]  # text stays text
    classes = classify(frame, LayerStyle(name="v", mode="graduated", field="value"))
    assert classes.indices.tolist()[:2] == [4, 0]  # graduated styling works on it


def test_commas_stay_text_in_a_comma_separated_file(tmp_path: Path) -> None:
    path = write(tmp_path, "plain.csv", 'city,lon,lat,value\nTashkent,69.24,41.3,"1,5"\n')
    assert as_frame(read_vector(path))["value"].tolist() == ["1,5"]
