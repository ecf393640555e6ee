"""Project files on disk: atomic saves with a backup, strict reading, files found again."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from explorer.io.atomic import STALE_AFTER_S, TEMP_PATTERN, remove_stale_temp_files
from explorer.io.project_file import (
    PROJECT_SUFFIX,
    ProjectError,
    backup_path,
    find_file,
    load_project_session,
    locate_files,
    read_files,
    read_project,
    write_project,
)
from explorer.io.vector_reader import read_vector
from explorer.model.features import FeatureRef
from explorer.model.project import FileRef, Project
from explorer.model.project_session import capture_project

ACTORS = ("id,name,kind,start,end,approximate,note,sources\n"
          "ACME_PIPE,Acme Pipelines,company,2010,,false,,\"Company filing, 2010\"\n")


def write_points(path: Path, n: int = 3) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = gpd.GeoDataFrame({"value": range(n)},
                             geometry=[shapely.Point(60 + i, 40 + i) for i in range(n)],
                             crs="EPSG:4326")
    frame.to_file(path, driver="GeoJSON")
    return path


@pytest.fixture
def saved(session, tmp_path: Path) -> Path:
    """A project in tmp/work/p.caexp whose layers and records are in tmp/work/data."""
    work = tmp_path / "work"
    for name in ("sites", "roads"):
        path = write_points(work / "data" / f"{name}.geojson")
        layer = session.user_layers.add(read_vector(path), path)
        layer.style.colour = "#102030"
    records = work / "data" / "actors.csv"
    records.write_text(ACTORS, encoding="utf-8")
    session.add_custom_records(_records(records, session), [records])
    session.selection.select(["ACME_PIPE", FeatureRef("user", "layer2:1")])
    path = work / f"p{PROJECT_SUFFIX}"
    write_project(path, capture_project(session, None, work))
    return path


def _records(path: Path, session):
    from explorer.io.custom_records import read_custom_records

    return read_custom_records([path], session.atlas)


def test_write_then_read_gives_the_same_project(saved: Path) -> None:
    project = read_project(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["format"] == "central-asia-explorer-project" and data["version"] == 1
    assert [layer["path"] for layer in data["layers"]] == ["data/sites.geojson",
                                                          "data/roads.geojson"]
    again = saved.with_name("again.caexp")
    write_project(again, project)
    assert read_project(again).model_dump() == project.model_dump()
    assert not backup_path(again).exists()  # nothing to back up the first time


def test_saving_again_keeps_the_previous_file_as_backup(saved: Path) -> None:
    before = saved.read_bytes()
    write_project(saved, Project(date=dt.date(2001, 9, 11)))
    assert backup_path(saved).name == "p.caexp.bak"
    assert backup_path(saved).read_bytes() == before
    assert read_project(saved).date == dt.date(2001, 9, 11)
    assert read_project(backup_path(saved)).layers  # the backup opens as a project
    assert sorted(p.name for p in saved.parent.iterdir()) == ["data", "p.caexp", "p.caexp.bak"]


def test_the_backup_is_the_version_before_the_last_change(tmp_path: Path) -> None:
    path = tmp_path / "p.caexp"
    write_project(path, Project(date=dt.date(2001, 1, 1)))
    v1 = path.read_bytes()
    write_project(path, Project(date=dt.date(2002, 2, 2)))
    v2 = path.read_bytes()
    assert backup_path(path).read_bytes() == v1
    write_project(path, Project(date=dt.date(2002, 2, 2)))  # the same again: nothing moves
    assert path.read_bytes() == v2 and backup_path(path).read_bytes() == v1
    write_project(path, Project(date=dt.date(2003, 3, 3)))
    assert backup_path(path).read_bytes() == v2 != path.read_bytes()


def test_temp_files_are_named_for_their_writer(tmp_path: Path, monkeypatch) -> None:
    seen = []
    real_replace = os.replace

    def spy(source, target) -> None:
        seen.append(Path(source).name)
        real_replace(source, target)

    monkeypatch.setattr("os.replace", spy)
    write_project(tmp_path / ("x" * 240 + ".caexp"), Project())
    assert TEMP_PATTERN.fullmatch(seen[0]) and seen[0].startswith(f".~caexp-{os.getpid()}-")
    assert len(seen[0]) < 100 and seen[0].endswith(".tmp")


def test_stale_temp_files_are_removed_and_nothing_else(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    live = os.getpid()
    names = {f".~caexp-{dead}-abcd1234-map.png": True,  # its writer was killed
             f".~caexp-{live}-abcd1234-p.caexp": False,  # being written now
             f".~caexp-{live}-old12345-p.tmp": True,  # older than a day: pid reused
             f".caexp-{dead}-abcd1234-map.png": False,  # not the pattern
             f".~caexp-{dead}-abcd-map.png": False,
             f"~caexp-{dead}-abcd1234-map.png": False,
             "p.caexp": False, "p.caexp.bak": False}
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    old = time.time() - STALE_AFTER_S - 60
    os.utime(tmp_path / f".~caexp-{live}-old12345-p.tmp", (old, old))
    (tmp_path / f".~caexp-{dead}-dir12345-x").mkdir()  # a folder is never removed
    removed = remove_stale_temp_files([tmp_path, tmp_path, tmp_path / "gone"])
    assert sorted(p.name for p in removed) == sorted(n for n, stale in names.items() if stale)
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {n for n, stale in names.items() if not stale} | {
        f".~caexp-{dead}-dir12345-x"}


@pytest.mark.parametrize("failing", ["os.fsync", "os.replace", "os.chmod"])
def test_a_save_failing_midway_leaves_the_old_file_and_backup_intact(
        saved: Path, monkeypatch, failing: str) -> None:
    write_project(saved, Project(date=dt.date(2001, 9, 11)))  # now there is a backup too
    old, old_backup = saved.read_bytes(), backup_path(saved).read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(failing, disk_full)
    with pytest.raises(ProjectError, match=r"could not save .*p\.caexp \(No space left"):
        write_project(saved, Project(date=dt.date(1999, 1, 1)))
    monkeypatch.undo()
    assert saved.read_bytes() == old
    assert backup_path(saved).read_bytes() == old_backup
    assert sorted(p.name for p in saved.parent.iterdir()) == ["data", "p.caexp", "p.caexp.bak"]


def test_an_exception_while_writing_leaves_no_partial_file(saved: Path, monkeypatch) -> None:
    old = saved.read_bytes()
    real_write = Path.write_bytes

    def half(self: Path, data: bytes) -> int:
        real_write(self, data[: len(data) // 2])
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(Path, "write_bytes", half)
    with pytest.raises(ProjectError, match="Input/output error"):
        write_project(saved, Project())
    monkeypatch.undo()
    assert saved.read_bytes() == old
    assert sorted(p.name for p in saved.parent.iterdir()) == ["data", "p.caexp"]  # no temp


def test_saved_files_are_not_private(tmp_path: Path) -> None:
    path = write_project(tmp_path / "a.caexp", Project())
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match=r"could not save .*nowhere"):
        write_project(tmp_path / "nowhere" / "a.caexp", Project())


@pytest.mark.parametrize("text, words", [
    (b"{\"format\": \"central-asia-explorer-project\", \"version\": 1,", "broken JSON at line 1"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b"[1, 2, 3]", "not a Central Asia Explorer project"),
    (b'{"format": "qgis", "version": 1}', "not a Central Asia Explorer project"),
    (b'{"format": "central-asia-explorer-project", "version": 7}',
     "newer Central Asia Explorer .*version 7.*update the app"),
    (b'{"format": "central-asia-explorer-project", "version": "1"}', "version '1'"),
    (b'{"format": "central-asia-explorer-project", "version": 1, "date": "2003-13-01"}',
     "damaged: date: "),
    (b'{"format": "central-asia-explorer-project", "version": 1, "view": {"rect": '
     b'[0, 0, NaN, 1]}}', "NaN is not a JSON number"),
    (b'{"format": "central-asia-explorer-project", "version": 1, "layers": [{"path": "x"}]}',
     r"layers\.0\.absolute_path: Field required"),
])
def test_bad_files_are_refused_naming_the_file(tmp_path: Path, text: bytes, words: str) -> None:
    path = tmp_path / "bad.caexp"
    path.write_bytes(text)
    with pytest.raises(ProjectError, match=words) as caught:
        read_project(path)
    assert str(path) in str(caught.value)


def test_a_missing_or_huge_file_is_refused(tmp_path: Path, monkeypatch) -> None:
    with pytest.raises(ProjectError, match="does not exist"):
        read_project(tmp_path / "gone.caexp")
    with pytest.raises(ProjectError, match="not a file"):
        read_project(tmp_path)
    monkeypatch.setattr("explorer.io.project_file.MAX_BYTES", 10)
    path = write_project(tmp_path / "a.caexp", Project())
    with pytest.raises(ProjectError, match="too large"):
        read_project(path)


def test_files_are_found_beside_the_project_first_then_where_they_were(tmp_path) -> None:
    here = write_points(tmp_path / "new" / "data" / "a.geojson")
    there = write_points(tmp_path / "old" / "data" / "a.geojson")
    ref = FileRef(path="data/a.geojson", absolute_path=str(there))
    assert find_file(ref, tmp_path / "new") == here
    assert find_file(ref, tmp_path / "elsewhere") == there
    there.unlink()
    assert find_file(ref, tmp_path / "elsewhere") is None
    assert find_file(ref, tmp_path / "elsewhere", [here.parent]) == here


def test_project_and_data_moved_together_still_open(saved: Path, tmp_path: Path) -> None:
    moved = shutil.move(saved.parent, tmp_path / "moved")
    session, _ = load_project_session(Path(moved) / saved.name)
    assert [layer.path for layer in session.user_layers] == [
        Path(moved) / "data" / "sites.geojson", Path(moved) / "data" / "roads.geojson"]
    assert [layer.style.colour for layer in session.user_layers] == ["#102030", "#102030"]
    assert "ACME_PIPE" in session.atlas.actors
    assert session.selection.items == ("ACME_PIPE", FeatureRef("user", "layer2:1"))


def test_data_moved_alone_is_missing_until_located(saved: Path, tmp_path: Path) -> None:
    data = Path(shutil.move(saved.parent / "data", tmp_path / "elsewhere"))
    files = locate_files(read_project(saved), saved)
    assert [(m.kind, m.name) for m in files.missing] == [
        ("layer", "sites"), ("layer", "roads"), ("records", "actors.csv")]
    assert files.missing[0].ref.style.colour == "#102030"  # reported with its style
    with pytest.raises(ProjectError, match=r"layer 'sites' is missing .*locate it"):
        load_project_session(saved)
    files.locate(files.missing[0], data / "sites.geojson")
    assert files.missing == []  # the others were in the same folder
    assert files.layers == {0: data / "sites.geojson", 1: data / "roads.geojson"}
    assert files.records == {0: data / "actors.csv"}


def test_unreadable_files_are_reported_not_raised(saved: Path, atlas) -> None:
    (saved.parent / "data" / "roads.geojson").write_text("{ not geojson", encoding="utf-8")
    (saved.parent / "data" / "actors.csv").write_text("nonsense\n", encoding="utf-8")
    files = locate_files(read_project(saved), saved)
    data = read_files(files, atlas)
    assert [loaded.index for loaded in data.layers] == [0]
    assert [(f.kind, f.name) for f, _ in data.failures] == [("layer", "roads"),
                                                            ("records", "actors.csv")]
    assert data.records is None
    with pytest.raises(ProjectError, match="layer 'roads' cannot be read"):
        load_project_session(saved)


def test_reading_only_parses_json(tmp_path: Path) -> None:
    import pickle

    path = tmp_path / "evil.caexp"
    path.write_bytes(pickle.dumps({"format": "central-asia-explorer-project"}))
    with pytest.raises(ProjectError, match=r"evil\.caexp"):
        read_project(path)


def test_keys_a_later_version_added_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "a.caexp"
    path.write_text('{"format": "central-asia-explorer-project", "version": 1, "date": '
                    '"2004-01-02", "comment": "added later", "map": {"relief": true}}')
    project = read_project(path)
    assert project.date == dt.date(2004, 1, 2) and "comment" not in project.model_dump()
