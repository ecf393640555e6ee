"""Hostile project and record files, rebuilt from recipes: each is a clean error that names
the field, the file is left as it was, and nothing reaches json, the OS or Qt unchecked."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.io.atlas_reader import AtlasError
from explorer.io.custom_records import read_custom_records
from explorer.io.project_file import (
    MAX_DEPTH,
    ProjectError,
    find_file,
    json_depth,
    load_project_session,
    read_project,
)
from explorer.model.project import FileRef, Project

HEAD = {"format": "central-asia-explorer-project", "version": 1}
ENTRY = {"style": {"name": "x"}, "absolute_path": "/tmp/x.geojson", "path": "x.geojson"}
RELATIONS = "id,source,target,type,sign,weight,start,sources\n"


def nested(depth: int) -> bytes:
    """A project whose unknown key nests `depth` arrays (100k deep: json's RecursionError)."""
    return (json.dumps(HEAD)[:-1] + ', "extra": ' + "[" * depth + "]" * depth + "}").encode()


def project(**fields: object) -> bytes:
    return json.dumps({**HEAD, **fields}).encode()


def huge(value: float) -> list[float]:
    return [-value, -value, value, value]


CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "nesting 100k deep": (lambda: nested(100_000), f"nests deeper than {MAX_DEPTH} levels"),
    "a 100,000-character layer path": (
        lambda: project(layers=[{**ENTRY, "path": "a" * 100_000}]),
        r"layers\.0\.path: .*100,000 characters long"),
    "a 300-byte file name": (
        lambda: project(layers=[{**ENTRY, "absolute_path": "/data/" + "é" * 150}]),
        r"layers\.0\.absolute_path: .*name in the path is 300 bytes"),
    "a NUL in a record file's path": (
        lambda: project(records=[{"path": "a\0b.csv", "absolute_path": "/a.csv"}]),
        r"records\.0\.path: .*NUL"),
    "network positions of ±1e308": (
        lambda: project(network={"positions": {"force": {"UZB": [1e308, -1e308]}}}),
        r"network\.positions\.force\.UZB\.0: Input should be less than or equal to"),
    "a view rect of ±1e308": (
        lambda: project(view={"rect": huge(1e308)}), r"view\.rect\.0: Input should be greater"),
    "a view rect of zero width": (
        lambda: project(view={"rect": [5.0, 0.0, 5.0 + 1e-9, 1.0]}),
        r"view\.rect: .*at least 1 m wide"),
    "a lon/lat box beyond the globe": (
        lambda: project(view={"rect": huge(1e6), "bbox": [-500, -10, 500, 10]}),
        r"view\.bbox\.0: Input should be greater than or equal to -180"),
    "an event window of 1e30 days": (
        lambda: project(themes={"event_window_days": 10**30}),
        r"themes: Value error, event_window_days is at most 36,500"),
    "an alignment weight that is none": (
        lambda: project(alignment={"friendship": 1.0}),
        r"alignment: Value error, no weight named 'friendship'"),
    "an alignment weight of 1e300": (
        lambda: project(alignment={"member": 1e300}),
        r"alignment\.member: Input should be less than or equal to 100"),
    "a field 100,000 characters long": (
        lambda: project(layers=[{**ENTRY, "style": {"name": "x", "ramp": "R" * 100_000}}]),
        r"layers\.0\.style: Value error, unknown colour ramp 'RRR+…"),
}


@pytest.mark.parametrize("recipe, words", CASES.values(), ids=CASES.keys())
def test_hostile_projects_are_refused_naming_the_field(tmp_path: Path, recipe, words) -> None:
    path = tmp_path / "hostile.caexp"
    path.write_bytes(recipe())
    before = path.read_bytes()
    with pytest.raises(ProjectError, match=words) as caught:
        read_project(path)
    message = str(caught.value)
    assert str(path) in message and "\n" not in message and len(message) < 1000
    assert path.read_bytes() == before


def test_the_cli_says_it_in_one_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "hostile.caexp"
    path.write_bytes(project(view={"rect": huge(1e308)}))
    assert main(["export", str(tmp_path / "out.png"), "--project", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "view.rect.0" in err and "Traceback" not in err
    assert not (tmp_path / "out.png").exists()


def test_json_depth_ignores_brackets_in_strings() -> None:
    assert json_depth(b'{"a": "[[{{\\"[", "b": [[1, {"c": "]]"}]]}') == 4
    assert json_depth(b"[" * 100_000) == 100_000
    assert json_depth(b'"[[["') == 0


def test_a_saved_project_nests_well_within_the_limit(tmp_path: Path) -> None:
    full = Project.model_validate({**HEAD, "layers": [ENTRY], "view": {"rect": huge(1e6)},
                                   "network": {"positions": {"circular": {"UZB": [1, 2]}}}})
    assert json_depth(full.model_dump_json().encode()) <= 6 < MAX_DEPTH


def test_a_path_the_os_cannot_look_up_is_not_found(tmp_path: Path) -> None:
    ref = FileRef(path="a" * 255, absolute_path="/" + "/".join(["b" * 255] * 16))
    assert find_file(ref, tmp_path / ("c" * 255)) is None  # ENAMETOOLONG: not found


@pytest.mark.parametrize("weight, words", [
    ("-1", "greater than 0"), ("nan", "finite number"), ("inf", "finite number"),
    ("0", "greater than 0"), ("1e308", "less than or equal to 1000000"),
])
def test_bad_relation_weights_are_refused_by_row_and_field(tmp_path: Path, atlas, weight: str,
                                                           words: str) -> None:
    path = tmp_path / "ties.csv"
    path.write_text(RELATIONS + "rel_ok,KAZ,UZB,trade,1,2.5,2000,Notes\n"
                    f"rel_bad,KAZ,KGZ,trade,1,{weight},2000,Notes\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(AtlasError, match=rf"ties\.csv, row 3, field 'weight': .*{words}"):
        read_custom_records([path], atlas)
    assert path.read_bytes() == before


def test_a_good_weight_is_kept(tmp_path: Path, atlas) -> None:
    path = tmp_path / "ties.csv"
    path.write_text(RELATIONS + "rel_ok,KAZ,UZB,trade,1,2.5,2000,Notes\n", encoding="utf-8")
    assert math.isclose(read_custom_records([path], atlas).relations["rel_ok"].weight, 2.5)


def test_a_project_naming_records_with_a_bad_weight_is_refused(tmp_path: Path) -> None:
    records = tmp_path / "ties.csv"
    records.write_text(RELATIONS + "rel_bad,KAZ,KGZ,trade,1,-1,2000,Notes\n", encoding="utf-8")
    path = tmp_path / "p.caexp"
    path.write_bytes(project(records=[{"path": "ties.csv", "absolute_path": str(records)}]))
    with pytest.raises(ProjectError, match=r"ties\.csv, row 2, field 'weight'"):
        load_project_session(path)
